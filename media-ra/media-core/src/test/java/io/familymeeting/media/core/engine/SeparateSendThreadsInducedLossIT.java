package io.familymeeting.media.core.engine;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InducedLossThroughEngineIT} with receive and send on separate threads
 * ({@code EXPERIMENT_RTP_SEP_RW}): the viewer's NACKs arrive on its receive thread, and the
 * RTX retransmissions they cause go out through the send loop like the media.
 */
class SeparateSendThreadsInducedLossIT extends InducedLossThroughEngineIT {

    /** Hides the superclass's: JUnit runs this one instead. */
    @BeforeAll
    static void start() throws Exception {
        startWith(1);
    }
}
