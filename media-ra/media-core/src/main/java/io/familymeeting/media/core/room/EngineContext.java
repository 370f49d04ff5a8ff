package io.familymeeting.media.core.room;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.transport.TransportContext;

/**
 * What participants need from the engine around them: what their transports need (threads,
 * a clock, a send queue), and a way to report events and their own removal. Implemented by
 * the engine; tests may use a simple one.
 */
public interface EngineContext extends TransportContext {
    /** Reports an event to the engine's owner. Must not throw. */
    void emit(MediaEvent.Type type, String roomId, String participantId, String detail);

    /** The participant is gone (left, failed or replaced): forget it. */
    void removed(Participant participant);
}
