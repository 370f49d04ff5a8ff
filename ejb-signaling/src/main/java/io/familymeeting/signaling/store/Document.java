package io.familymeeting.signaling.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One document as read: its path and an immutable copy of its fields.
 *
 * @param path the full path, e.g. {@code rooms/r1/participants/p1}
 * @param data the fields
 */
public record Document(String path, Map<String, Object> data) {
    public Document {
        Objects.requireNonNull(path, "path");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The last path segment. */
    public String id() {
        return DocumentPaths.id(path);
    }

    public String string(String field) {
        Object v = data.get(field);
        return v == null ? "" : v.toString();
    }

    public boolean bool(String field) {
        return Boolean.TRUE.equals(data.get(field));
    }

    public long number(String field, long fallback) {
        return data.get(field) instanceof Number n ? n.longValue() : fallback;
    }

    /** An {@code Instant} field (or an ISO-8601 string); null when missing or unreadable. */
    public java.time.Instant instant(String field) {
        Object v = data.get(field);
        if (v instanceof java.time.Instant i) {
            return i;
        }
        if (v instanceof String s && !s.isEmpty()) {
            try {
                return java.time.Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        return data.get(field) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
