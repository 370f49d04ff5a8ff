package io.familymeeting.media.core.room;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.core.transport.TransportContext;

import java.net.InetAddress;

/**
 * What participants need from the engine around them: what their transports need (threads,
 * a clock, a send queue), a way to report events and their own removal, and the count of
 * connected transports per source address. Implemented by the engine; tests may use a simple one.
 */
public interface EngineContext extends TransportContext {
    /** Reports an event to the engine's owner. Must not throw. */
    void emit(MediaEvent.Type type, String roomId, String participantId, String detail);

    /** The participant is gone (left, failed or replaced): forget it. */
    void removed(Participant participant);

    /**
     * A participant's transport connected from {@code address}: counts it against the limit
     * per source address ({@link Budgets#transportsPerAddress()}); the participant gives it back
     * with {@link #releaseAddress} when it goes.
     *
     * @throws MediaException LIMIT_REACHED, with a message for the participant, when the address has
     *                        as many connected transports as allowed (nothing is counted then)
     */
    void claimAddress(InetAddress address) throws MediaException;

    void releaseAddress(InetAddress address);
}
