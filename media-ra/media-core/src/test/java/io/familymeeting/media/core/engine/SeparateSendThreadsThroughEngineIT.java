package io.familymeeting.media.core.engine;

/**
 * {@link ChromiumThroughEngineIT} with receive and send on separate threads
 * ({@code EXPERIMENT_RTP_SEP_RW}) and two send loops, so the participants are spread over
 * two send queues: viewers decode video and receive audio, the presenter's estimate grows on
 * transport-cc feedback sent through a queue, renegotiation works, and every forwarded packet
 * went through the send loops.
 */
class SeparateSendThreadsThroughEngineIT extends ChromiumThroughEngineIT {

    @Override
    int sendLoops() {
        return 2;
    }
}
