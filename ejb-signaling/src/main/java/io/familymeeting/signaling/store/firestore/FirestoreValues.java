package io.familymeeting.signaling.store.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts field values between the store's model ({@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code null}, {@link Instant}, lists and maps of those) and
 * Firestore's ({@link Timestamp} for instants, {@code Long} for every whole number,
 * {@code Double} for every fraction). Nested maps and lists are converted recursively.
 *
 * <p>Not for documents as a whole (paths, ids): {@link FirestoreStore} does that.
 */
final class FirestoreValues {
    private FirestoreValues() {
    }

    /** Store fields to Firestore fields. */
    static Map<String, Object> toFirestore(Map<String, ?> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            out.put(requireKey(e.getKey()), toFirestore(e.getValue()));
        }
        return out;
    }

    static Object toFirestore(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Instant i) {
            return Timestamp.ofTimeSecondsAndNanos(i.getEpochSecond(), i.getNano());
        }
        if (v instanceof Date d) {
            return Timestamp.of(d);
        }
        if (v instanceof byte[] b) {
            return Blob.fromBytes(b);
        }
        if (v instanceof Enum<?> en) {
            return en.name();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("map keys must be strings, not " + e.getKey());
                }
                out.put(requireKey(k), toFirestore(e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                if (o instanceof Collection<?>) {
                    // Firestore does not store arrays directly inside arrays.
                    throw new IllegalArgumentException("lists cannot hold lists directly (wrap the inner list in a map)");
                }
                out.add(toFirestore(o));
            }
            return out;
        }
        throw new IllegalArgumentException("unsupported field value type " + v.getClass().getName());
    }

    /** Firestore fields (a snapshot's data) to store fields. */
    static Map<String, Object> fromFirestore(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (fields != null) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                out.put(e.getKey(), fromFirestore(e.getValue()));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object fromFirestore(Object v) {
        if (v instanceof Timestamp t) {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Blob b) {
            return b.toBytes();
        }
        if (v instanceof DocumentReference r) {
            return r.getPath();
        }
        if (v instanceof GeoPoint g) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("latitude", g.getLatitude());
            out.put("longitude", g.getLongitude());
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            return fromFirestore((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(fromFirestore(o));
            }
            return out;
        }
        return v;
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("field names must not be empty");
        }
        return key;
    }
}
