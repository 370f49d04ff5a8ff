package io.familymeeting.media.core.bwe;

/**
 * When each packet stamped with a transport-wide sequence number was sent, and its size: a ring
 * indexed by the 16-bit sequence number, so feedback about a packet can be matched with its send
 * time. Older entries are overwritten after {@link #CAPACITY} packets (at 1,000 packets/s that is
 * several seconds, far longer than feedback takes). Thread-safe; nothing allocated per packet.
 */
final class SendHistory {
    /** Entries kept: a power of two no larger than the sequence space. */
    static final int CAPACITY = 8192;
    private static final int MASK = CAPACITY - 1;

    private final int[] seqs = new int[CAPACITY];
    private final long[] sendMicros = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final boolean[] acked = new boolean[CAPACITY];

    SendHistory() {
        java.util.Arrays.fill(seqs, -1);
    }

    synchronized void record(int seq, long sentMicros, int size) {
        int i = seq & MASK;
        seqs[i] = seq & 0xFFFF;
        sendMicros[i] = sentMicros;
        sizes[i] = size;
        acked[i] = false;
    }

    /** The send time of {@code seq}, or -1 when it is not (or no longer) in the history. */
    synchronized long sendMicros(int seq) {
        int i = seq & MASK;
        return seqs[i] == (seq & 0xFFFF) ? sendMicros[i] : -1;
    }

    /** The size of {@code seq} in bytes, or 0 when it is not in the history. */
    synchronized int size(int seq) {
        int i = seq & MASK;
        return seqs[i] == (seq & 0xFFFF) ? sizes[i] : 0;
    }

    /**
     * Marks {@code seq} reported as received; true the first time (feedback may report a packet
     * twice, and a packet first reported lost may arrive later).
     */
    synchronized boolean markAcked(int seq) {
        int i = seq & MASK;
        if (seqs[i] != (seq & 0xFFFF) || acked[i]) {
            return false;
        }
        acked[i] = true;
        return true;
    }
}
