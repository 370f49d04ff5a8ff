package io.familymeeting.media.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change of one signaling document, on its way from a store listener to the
 * message-driven bean that processes it. Store listeners run on client-library threads:
 * they only hand the event to {@link MediaConnection#enqueueSignal}; the resource adapter
 * delivers it on a container-managed thread, in order per {@link #orderKey()}.
 *
 * @param orderKey  events with the same key are delivered one at a time, in order
 *                  (the room id, or the broadcast id for {@code broadcast_requests})
 * @param path      the document path, e.g. {@code rooms/r1/participants/p1}
 * @param kind      what happened to the document
 * @param data      the document's fields after the change (empty when removed); values are
 *                  strings, numbers, booleans, nulls, lists and maps of those
 */
public record SignalEvent(String orderKey, String path, Kind kind, Map<String, Object> data)
        implements Serializable {

    /**
     * What happened to the document; {@code RESYNC}: events of this order key were dropped
     * (the delivery queue was full), so read every document of the key again ({@link #resync}).
     */
    public enum Kind { ADDED, MODIFIED, REMOVED, RESYNC }

    public SignalEvent {
        Objects.requireNonNull(orderKey, "orderKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /**
     * The event that stands for dropped events of {@code orderKey}: no document (its path is the
     * key), the receiver reads the key's documents again.
     */
    public static SignalEvent resync(String orderKey) {
        return new SignalEvent(orderKey, orderKey, Kind.RESYNC, Map.of());
    }

    /** The last path segment: the document id. */
    public String documentId() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
