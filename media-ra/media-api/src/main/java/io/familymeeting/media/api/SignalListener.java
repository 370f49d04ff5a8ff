package io.familymeeting.media.api;

/**
 * Receives signaling document changes. Message-driven beans implement this interface to be
 * driven by the resource adapter's inbound side (see {@link SignalEvent}). Deliveries with
 * the same order key never overlap. Implementations should return quickly: a slow delivery
 * holds up the other events of its room, not other rooms.
 */
public interface SignalListener {
    void onSignal(SignalEvent event);
}
