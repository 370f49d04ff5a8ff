package io.familymeeting.media.core.rtp;

/**
 * The recently sent packets of one outgoing RTP stream, kept so that a NACK (RFC 4585
 * §6.2.1) can be answered with a retransmission.
 *
 * <p>A ring of preallocated slots indexed by {@code seq & (capacity - 1)}: storing copies the
 * packet bytes into its slot and overwrites whatever older packet had the same index. Each slot
 * records the sequence number, length and send time. Nothing is allocated after construction.
 * It does not build RTX packets (see {@link Rtx}), does not decide whether a retransmission is
 * worth sending (the caller can use {@link #sentTimeMillis} against the round-trip time), and
 * is not thread-safe (one per outgoing stream, touched by the thread that sends it).
 */
public final class PacketHistory {

    public static final int DEFAULT_CAPACITY = 512;
    /** Large enough for any packet on a 1500-byte MTU path. */
    public static final int DEFAULT_SLOT_SIZE = 1500;

    private final int mask;
    private final int slotSize;
    private final byte[] data;
    /** Sequence number held by each slot, -1 when empty. */
    private final int[] seqs;
    private final int[] lengths;
    private final long[] sentMillis;

    public PacketHistory() {
        this(DEFAULT_CAPACITY, DEFAULT_SLOT_SIZE);
    }

    /**
     * @param capacity number of packets kept, a power of two from 1 to 32768
     * @param slotSize largest packet length stored, bytes
     */
    public PacketHistory(int capacity, int slotSize) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..32768: " + capacity);
        }
        if (slotSize < 1 || (long) capacity * slotSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad slot size: " + slotSize);
        }
        this.mask = capacity - 1;
        this.slotSize = slotSize;
        this.data = new byte[capacity * slotSize];
        this.seqs = new int[capacity];
        this.lengths = new int[capacity];
        this.sentMillis = new long[capacity];
        java.util.Arrays.fill(seqs, -1);
    }

    public int capacity() {
        return mask + 1;
    }

    public int slotSize() {
        return slotSize;
    }

    /** {@link #store(byte[], int, int, int, long)} with a send time of 0. */
    public boolean store(byte[] buf, int off, int len, int seq) {
        return store(buf, off, len, seq, 0);
    }

    /**
     * Copies a sent packet into its slot.
     *
     * @param seq        its (outgoing) RTP sequence number
     * @param sentMillis when it was sent, wall clock
     * @return false (nothing stored, the slot is cleared) when it is longer than the slot size
     */
    public boolean store(byte[] buf, int off, int len, int seq, long sentMillis) {
        int slot = (seq & 0xFFFF) & mask;
        if (len < 0 || len > slotSize) {
            seqs[slot] = -1;
            return false;
        }
        System.arraycopy(buf, off, data, slot * slotSize, len);
        seqs[slot] = seq & 0xFFFF;
        lengths[slot] = len;
        this.sentMillis[slot] = sentMillis;
        return true;
    }

    /** True when packet {@code seq} is still held. */
    public boolean contains(int seq) {
        return seqs[(seq & 0xFFFF) & mask] == (seq & 0xFFFF);
    }

    /**
     * Copies packet {@code seq} to {@code dst[dstOff..]}.
     *
     * @return its length, or -1 when it is no longer (or never was) held
     * @throws IndexOutOfBoundsException when {@code dst} has no room for it
     */
    public int copyOut(int seq, byte[] dst, int dstOff) {
        int slot = (seq & 0xFFFF) & mask;
        if (seqs[slot] != (seq & 0xFFFF)) {
            return -1;
        }
        int len = lengths[slot];
        if (dstOff < 0 || len > dst.length - dstOff) {
            throw new IndexOutOfBoundsException("no room for " + len + " bytes at " + dstOff);
        }
        System.arraycopy(data, slot * slotSize, dst, dstOff, len);
        return len;
    }

    /** Send time recorded for packet {@code seq}, or -1 when it is not held. */
    public long sentTimeMillis(int seq) {
        int slot = (seq & 0xFFFF) & mask;
        return seqs[slot] == (seq & 0xFFFF) ? sentMillis[slot] : -1;
    }

    /** Records a new send time (after a retransmission); false when {@code seq} is not held. */
    public boolean updateSentTime(int seq, long sentMillis) {
        int slot = (seq & 0xFFFF) & mask;
        if (seqs[slot] != (seq & 0xFFFF)) {
            return false;
        }
        this.sentMillis[slot] = sentMillis;
        return true;
    }

    /** Forgets every packet. */
    public void clear() {
        java.util.Arrays.fill(seqs, -1);
    }
}
