package io.familymeeting.media.core.rtcp;

import io.familymeeting.media.core.util.SeqNum;
import java.util.Arrays;

/**
 * Receiver-side loss tracking for one incoming RTP stream: remembers which sequence numbers
 * are missing and tells when to ask for them again, so the SFU can send Generic NACKs
 * (RFC 4585 §6.2.1) to the publisher.
 *
 * <p>A gap in the sequence numbers marks the skipped numbers missing; a late or retransmitted
 * packet clears its mark. {@link #collect} returns, oldest first (ready for
 * {@link GenericNack#write}), the missing numbers that were never requested or whose last
 * request is at least one round-trip time old, and counts the request; a number is given up
 * after {@code maxRequests} requests or when it falls out of the window. A jump ahead larger
 * than the window clears everything and is reported by {@link #onPacket} so the caller can ask
 * for a key frame instead (RFC 4585 §3.5.4 style). Fixed arrays, no allocation after
 * construction; not thread-safe. It does not send anything and does not retransmit (see
 * {@code rtp.PacketHistory} for the sending side).
 */
public final class NackGenerator {

    private static final int NOT_MISSING = -1;

    private final int mask;
    private final int maxRequests;
    /** Sequence number marked missing in each slot, or {@link #NOT_MISSING}. */
    private final int[] missing;
    private final long[] lastRequestMillis;
    private final int[] requests;

    private boolean started;
    private int highest;
    private int missingCount;

    /**
     * @param capacity    size of the tracking window in sequence numbers, a power of two
     *                    from 16 to 16384 (e.g. 512)
     * @param maxRequests how many times one number is requested before giving up (e.g. 10)
     */
    public NackGenerator(int capacity, int maxRequests) {
        if (capacity < 16 || capacity > 16384 || Integer.bitCount(capacity) != 1 || maxRequests < 1) {
            throw new IllegalArgumentException("bad capacity or maxRequests");
        }
        this.mask = capacity - 1;
        this.maxRequests = maxRequests;
        this.missing = new int[capacity];
        this.lastRequestMillis = new long[capacity];
        this.requests = new int[capacity];
        Arrays.fill(missing, NOT_MISSING);
    }

    /** Outcome of {@link #onPacket}. */
    public enum Result {
        /** In order, or a duplicate, or too old to matter. */
        OK,
        /** Filled a hole (late or retransmitted packet). */
        RECOVERED,
        /** Opened a gap: numbers are now missing. */
        GAP,
        /** Jumped further than the window: tracking restarted; ask for a key frame. */
        RESET
    }

    /** Accounts one received packet. */
    public Result onPacket(int seq) {
        seq &= SeqNum.SEQ_MASK;
        if (!started) {
            started = true;
            highest = seq;
            return Result.OK;
        }
        int d = SeqNum.diff(seq, highest);
        if (d > 0) {
            if (d > mask) {
                forgetMissing();
                highest = seq;
                return Result.RESET;
            }
            for (int i = 1; i < d; i++) {
                int s = SeqNum.add(highest, i);
                int slot = s & mask;
                if (missing[slot] == NOT_MISSING) {
                    missingCount++;
                }
                missing[slot] = s;
                requests[slot] = 0;
                lastRequestMillis[slot] = 0;
            }
            // the slot of seq itself may hold a stale mark from a window ago
            unmark(seq);
            highest = seq;
            return d > 1 ? Result.GAP : Result.OK;
        }
        return unmark(seq) ? Result.RECOVERED : Result.OK;
    }

    private boolean unmark(int seq) {
        int slot = seq & mask;
        if (missing[slot] == seq) {
            missing[slot] = NOT_MISSING;
            missingCount--;
            return true;
        }
        if (missing[slot] != NOT_MISSING && SeqNum.diff(seq, missing[slot]) > 0) {
            // a stale mark one window older than seq: given up
            missing[slot] = NOT_MISSING;
            missingCount--;
        }
        return false;
    }

    /** Number of sequence numbers currently marked missing. */
    public int missingCount() {
        return missingCount;
    }

    /**
     * Writes to {@code dst}, oldest first, the missing numbers due for a (new) request and
     * records the request.
     *
     * @param rttMillis minimum time between two requests of the same number
     * @return how many were written (at most {@code dst.length})
     */
    public int collect(int[] dst, long nowMillis, long rttMillis) {
        if (!started || missingCount == 0) {
            return 0;
        }
        int n = 0;
        for (int back = mask; back >= 1 && n < dst.length; back--) {
            int s = SeqNum.add(highest, -back);
            int slot = s & mask;
            if (missing[slot] != s) {
                continue;
            }
            if (requests[slot] > 0 && nowMillis - lastRequestMillis[slot] < rttMillis) {
                continue;
            }
            dst[n++] = s;
            lastRequestMillis[slot] = nowMillis;
            if (++requests[slot] >= maxRequests) {
                missing[slot] = NOT_MISSING; // last request: give up afterwards
                missingCount--;
            }
        }
        return n;
    }

    /** Forgets every missing number and the stream position (e.g. after a source change). */
    public void clear() {
        forgetMissing();
        started = false;
    }

    private void forgetMissing() {
        Arrays.fill(missing, NOT_MISSING);
        missingCount = 0;
    }
}
