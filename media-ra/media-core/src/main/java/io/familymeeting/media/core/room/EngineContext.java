package io.familymeeting.media.core.room;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.send.SendQueue;

import java.util.concurrent.Executor;

/**
 * What participants need from the engine around them: threads, a clock, and a way to report
 * events and their own removal. Implemented by the engine; tests may use a simple one.
 */
public interface EngineContext {
    /** Runs long-lived loops (receive loops, DTLS handshakes) on owner-managed threads. */
    Executor executor();

    /** A monotonic clock in milliseconds. */
    long nowMillis();

    /** Reports an event to the engine's owner. Must not throw. */
    void emit(MediaEvent.Type type, String roomId, String participantId, String detail);

    /** The participant is gone (left, failed or replaced): forget it. */
    void removed(Participant participant);

    /**
     * The send queue a new participant's outgoing packets go through, or null (the default):
     * the thread that forwards a packet protects and sends it itself.
     */
    default SendQueue assignSendQueue() {
        return null;
    }
}
