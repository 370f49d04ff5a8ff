package io.familymeeting.media.core.util;

/**
 * Wrap-around arithmetic for 16-bit RTP sequence numbers (RFC 3550 §5.1) and 32-bit RTP
 * timestamps (serial number arithmetic in the sense of RFC 1982).
 *
 * <p>Values are carried as non-negative {@code int} (sequence numbers, 0..65535) and
 * {@code long} (timestamps, 0..2^32-1). "Newer" means "ahead by less than half the number
 * space"; two values exactly half the space apart are neither newer than the other
 * ({@link #diff} then answers the negative extreme). This class does not extend sequence
 * numbers to 32 bits or track cycles: see {@code rtcp.ReceiveStatistics} for that.
 */
public final class SeqNum {

    /** RFC 3550 §5.1: the sequence number is 16 bits. */
    public static final int SEQ_MOD = 1 << 16;
    public static final int SEQ_MASK = SEQ_MOD - 1;
    /** RFC 3550 §5.1: the timestamp is 32 bits. */
    public static final long TS_MOD = 1L << 32;
    public static final long TS_MASK = TS_MOD - 1;

    private SeqNum() {
    }

    /** Signed shortest distance {@code a - b} in the 16-bit space: -32768..32767. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** True when {@code a} is ahead of {@code b} by 1..32767 (wrap-around aware). */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** {@code (a + n) mod 2^16}; {@code n} may be negative. */
    public static int add(int a, int n) {
        return (a + n) & SEQ_MASK;
    }

    /** Signed shortest distance {@code a - b} in the 32-bit timestamp space. */
    public static long tsDiff(long a, long b) {
        return (int) (a - b);
    }

    /** True when timestamp {@code a} is ahead of {@code b} by 1..2^31-1 (wrap-around aware). */
    public static boolean tsIsNewer(long a, long b) {
        return tsDiff(a, b) > 0;
    }

    /** {@code (a + n) mod 2^32}; {@code n} may be negative. */
    public static long tsAdd(long a, long n) {
        return (a + n) & TS_MASK;
    }
}
