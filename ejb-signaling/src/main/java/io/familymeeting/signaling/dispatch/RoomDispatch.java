package io.familymeeting.signaling.dispatch;

import io.familymeeting.signaling.store.Registration;

/**
 * Work dispatch between instances (docs/scale-out.md): the monitor publishes the path of a
 * room nobody serves ({@code rooms/{id}} or {@code broadcast_requests/{id}}); broadcast
 * instances consume them as competing consumers and ack (claimed, or nothing to do) or nack
 * (at capacity: let another instance have it; it is delivered again, possibly here).
 * Delivery is at least once: handlers must be idempotent (a claim is).
 *
 * <p>Two implementations: {@link InProcessDispatch} (embedded, one JVM) and
 * {@link PubSubDispatch} (Google Pub/Sub, many instances). Not a general message bus.
 */
public interface RoomDispatch extends AutoCloseable {

    /** Publishes a room path. */
    void publish(String roomPath);

    /** Starts consuming; the handler runs on the dispatch's threads, one message at a time. */
    Registration consume(Handler handler);

    @Override
    void close();

    /** Handles one delivery. */
    @FunctionalInterface
    interface Handler {
        /** @return true to ack, false to nack (deliver again, perhaps elsewhere) */
        boolean handle(String roomPath);
    }
}
