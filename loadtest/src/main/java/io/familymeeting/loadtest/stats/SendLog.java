package io.familymeeting.loadtest.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one presenter stream sent, by sequence number, for the viewers' delay measurement: the
 * send time, RTP timestamp and payload hash of the last {@link #SIZE} packets. Written by the
 * presenter's reactor thread before each send, read by the viewers' reactor threads; an entry is
 * published by a release store of its key (sequence number and timestamp), so a reader that
 * sees the key sees the entry's time. Fixed arrays; nothing allocated per packet.
 */
public final class SendLog {
    /** About a minute of video at the fixture's rate. */
    static final int SIZE = 1 << 14;
    /** How far back {@link #find} looks: the packets a viewer gets are seconds old at most. */
    private static final int FIND_DEPTH = 1 << 12;
    private static final int MASK = SIZE - 1;
    private static final long EMPTY = -1;
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] keys = new long[SIZE];
    private final long[] sendNanos = new long[SIZE];
    private final long[] hashes = new long[SIZE];
    private volatile int newest = -1;

    public SendLog() {
        java.util.Arrays.fill(keys, EMPTY);
    }

    private static long key(int seq, long timestamp) {
        return ((long) (seq & 0xFFFF) << 32) | (timestamp & 0xFFFFFFFFL);
    }

    /** Presenter thread: the packet {@code seq} is about to be sent. */
    public void record(int seq, long timestamp, long hash, long nowNanos) {
        int i = seq & MASK;
        sendNanos[i] = nowNanos;
        hashes[i] = hash;
        KEYS.setRelease(keys, i, key(seq, timestamp));
        newest = seq & 0xFFFF;
    }

    /** When packet {@code seq} with RTP timestamp {@code timestamp} was sent, or -1 if it is not (or no longer) here. */
    public long sendNanos(int seq, long timestamp) {
        int i = seq & MASK;
        if ((long) KEYS.getAcquire(keys, i) != key(seq, timestamp)) {
            return -1;
        }
        return sendNanos[i];
    }

    /**
     * The newest logged packet whose payload hash is {@code hash}, as {@code seq << 32 | timestamp},
     * or -1. Scans the newest {@link #FIND_DEPTH} entries: for the few packets a viewer decrypts,
     * not per packet.
     */
    public long find(long hash) {
        int n = newest;
        if (n < 0) {
            return -1;
        }
        for (int back = 0; back < FIND_DEPTH; back++) {
            int i = (n - back) & MASK;
            long k = (long) KEYS.getAcquire(keys, i);
            if (k != EMPTY && hashes[i] == hash) {
                return k;
            }
        }
        return -1;
    }
}
