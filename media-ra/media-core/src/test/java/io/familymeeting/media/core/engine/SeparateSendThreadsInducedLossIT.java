package io.familymeeting.media.core.engine;

/**
 * {@link InducedLossThroughEngineIT} with receive and send on separate threads
 * ({@code EXPERIMENT_RTP_SEP_RW}): the viewer's NACKs arrive on its receive thread, and the
 * RTX retransmissions they cause go out through the send loop like the media.
 */
class SeparateSendThreadsInducedLossIT extends InducedLossThroughEngineIT {

    @Override
    int sendLoops() {
        return 1;
    }
}
