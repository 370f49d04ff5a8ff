package io.familymeeting.media.core.srtp;

import java.util.function.Consumer;

/**
 * A small int-keyed map from SSRC to per-SSRC crypto context, with open addressing so that a
 * lookup on the hot path neither boxes the key nor allocates. The number of entries is capped
 * (a peer cannot make us keep contexts for arbitrarily many SSRCs). Not thread-safe.
 */
final class SsrcTable<T> {
    private final int maxEntries;
    private int[] keys;
    private Object[] values;
    private int size;

    SsrcTable(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        int cap = 8;
        this.keys = new int[cap];
        this.values = new Object[cap];
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (T) v;
            }
        }
    }

    /** Adds a new entry; returns false (and stores nothing) when the table is full. */
    boolean put(int ssrc, T value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (get(ssrc) != null) {
            throw new IllegalStateException("SSRC already present");
        }
        if (size >= maxEntries) {
            return false;
        }
        if ((size + 1) * 2 > keys.length) {
            resize();
        }
        insert(keys, values, ssrc, value);
        size++;
        return true;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<T> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((T) v);
            }
        }
    }

    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    private void resize() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        int[] newKeys = new int[oldKeys.length * 2];
        Object[] newValues = new Object[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(newKeys, newValues, oldKeys[i], oldValues[i]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    private static void insert(int[] keys, Object[] values, int key, Object value) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
