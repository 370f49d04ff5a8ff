package io.familymeeting.signaling.store;

import java.util.Map;
import java.util.Objects;

/**
 * A change of one document seen by a listener.
 *
 * @param type     added (also: present when the listener started), modified or removed
 * @param document the document after the change; for {@code REMOVED}, its last known state
 */
public record DocumentChange(Type type, Document document) {
    public enum Type { ADDED, MODIFIED, REMOVED }

    public DocumentChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(document, "document");
    }

    public String path() {
        return document.path();
    }

    public Map<String, Object> data() {
        return document.data();
    }
}
