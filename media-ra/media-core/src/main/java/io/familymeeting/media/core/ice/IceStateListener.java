package io.familymeeting.media.core.ice;

/**
 * Observer of an {@link IceTransport}'s state. Called on ice4j's or the media port's timer
 * threads, or on the thread that calls {@link IceTransport#close()}: implementations must not
 * block (enqueue the event and return).
 */
@FunctionalInterface
public interface IceStateListener {
    void onStateChanged(IceTransport transport, IceState oldState, IceState newState);
}
