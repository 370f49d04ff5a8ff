package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put24;
import static io.familymeeting.media.core.util.Bytes.put32;

import io.familymeeting.media.core.util.SeqNum;
import java.util.Arrays;

/**
 * Collects the arrival times of packets carrying a transport-wide sequence number (the
 * {@code transport-wide-cc} RTP header extension) and writes transport-cc feedback packets,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, for the sender's bandwidth
 * estimator.
 *
 * <p>Arrivals are kept in a preallocated window indexed by the extended sequence number; they
 * may come in any order. Each {@link #write} covers the oldest unreported sequence numbers up to
 * the newest received one, as many as fit in the given size, and consumes them; call it again
 * while {@link #hasPending()} to emit the rest. A new packet is started when a receive delta
 * would not fit in 16 bits (about ±8 s). Sequence numbers never received within the covered
 * range are reported lost; one arriving after it was reported is ignored. Chunks are chosen
 * greedily: run-length for runs of 14 or more (or the tail), else one-bit vectors, else two-bit
 * vectors. Arrival times are floored to 250 µs; the reference time wraps after 2^24 × 64 ms
 * (about 12 days), as the draft defines. Nothing is allocated after construction. Not
 * thread-safe: one per transport, driven by the receiving thread (or guarded by the caller).
 * It does not decide when to send feedback (typically every 50-100 ms).
 */
public final class TransportCcBuilder {

    private static final long NONE = Long.MIN_VALUE;
    private static final int SMALL_MAX = 255;

    private final int mask;
    private final long[] arrivals;
    /** Scratch for one packet: symbols and deltas (in 250 µs ticks). */
    private final byte[] symbols;
    private final int[] deltas;

    private boolean started;
    /** Extended sequence number of the oldest unreported entry. */
    private long baseExt;
    /** Extended sequence number of the newest received entry. */
    private long highestExt;
    private int feedbackCount;

    /**
     * @param capacity sequence numbers kept between two feedback packets, a power of two from
     *                 16 to 32768 (e.g. 4096)
     */
    public TransportCcBuilder(int capacity) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        this.mask = capacity - 1;
        this.arrivals = new long[capacity];
        this.symbols = new byte[capacity];
        this.deltas = new int[capacity];
        Arrays.fill(arrivals, NONE);
    }

    /**
     * Records that the packet with transport sequence number {@code seq} arrived at
     * {@code arrivalMicros} (any epoch, monotonic). When it is further ahead of the oldest
     * unreported entry than the capacity, the oldest entries are dropped unreported.
     *
     * @return false when it is older than what was already reported (ignored); a duplicate
     * keeps its first arrival time
     */
    public boolean add(int seq, long arrivalMicros) {
        seq &= SeqNum.SEQ_MASK;
        if (!started) {
            started = true;
            baseExt = seq;
            highestExt = seq;
            arrivals[seq & mask] = arrivalMicros;
            return true;
        }
        long ext = highestExt + SeqNum.diff(seq, (int) (highestExt & SeqNum.SEQ_MASK));
        if (ext < baseExt) {
            return false;
        }
        if (ext - baseExt > mask) {
            long newBase = ext - mask;
            for (long e = baseExt; e < newBase && e <= highestExt; e++) {
                arrivals[(int) (e & mask)] = NONE;
            }
            baseExt = newBase;
        }
        int slot = (int) (ext & mask);
        if (arrivals[slot] == NONE) {
            arrivals[slot] = arrivalMicros;
        }
        if (ext > highestExt) {
            highestExt = ext;
        }
        return true;
    }

    /** True when some arrivals have not been written into feedback yet. */
    public boolean hasPending() {
        return started && baseExt <= highestExt;
    }

    /** The feedback packet count the next {@link #write} will use (0..255). */
    public int nextFeedbackCount() {
        return feedbackCount;
    }

    /**
     * Writes one feedback packet into {@code dst[off..off+maxLength)} and consumes the entries
     * it reports.
     *
     * @param maxLength the largest packet to write, at least 24 bytes
     * @return its length, 0 when nothing is pending, or -1 when {@code maxLength} (or the room
     * left in {@code dst}) is below 24 bytes
     */
    public int write(byte[] dst, int off, int maxLength, long senderSsrc, long mediaSsrc) {
        if (!hasPending()) {
            return 0;
        }
        int limit = Math.min(maxLength, dst.length - off);
        if (off < 0 || limit < TransportCc.FIXED_LENGTH + 4) {
            return -1;
        }
        // 1. statuses and deltas for as many entries as a 16-bit delta and count allow
        long refUnits = 0;
        long prevTicks = 0;
        boolean haveRef = false;
        int n = 0;
        int deltaBytes = 0;
        long available = Math.min(highestExt - baseExt + 1, Math.min(0xFFFF, mask + 1));
        // receive deltas alone past the limit: no longer prefix can fit, stop scanning
        while (n < available && TransportCc.FIXED_LENGTH + deltaBytes <= limit) {
            long t = arrivals[(int) ((baseExt + n) & mask)];
            if (t == NONE) {
                symbols[n] = TransportCc.NOT_RECEIVED;
                deltas[n] = 0;
            } else {
                long ticks = Math.floorDiv(t, TransportCc.DELTA_UNIT_US);
                if (!haveRef) {
                    haveRef = true;
                    refUnits = Math.floorDiv(t, TransportCc.REFERENCE_TIME_UNIT_US);
                    prevTicks = refUnits * (TransportCc.REFERENCE_TIME_UNIT_US / TransportCc.DELTA_UNIT_US);
                }
                long delta = ticks - prevTicks;
                if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                    break;
                }
                boolean small = delta >= 0 && delta <= SMALL_MAX;
                symbols[n] = (byte) (small ? TransportCc.SMALL_DELTA : TransportCc.LARGE_DELTA);
                deltaBytes += small ? 1 : 2;
                deltas[n] = (int) delta;
                prevTicks = ticks;
            }
            n++;
        }
        // 2. the longest prefix that fits in limit (size grows with the prefix)
        if (encodedLength(n) > limit) {
            int lo = 1;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (encodedLength(mid) <= limit) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            n = lo;
        }
        // 3. write
        int total = encodedLength(n);
        int content = TransportCc.FIXED_LENGTH + chunkBytes(n, null, 0) + deltaBytes(n);
        int padding = total - content;
        Rtcp.writeHeader(dst, off, Rtcp.FMT_TRANSPORT_CC, Rtcp.PT_RTPFB, total);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, mediaSsrc);
        put16(dst, off + 12, (int) (baseExt & SeqNum.SEQ_MASK));
        put16(dst, off + 14, n);
        put24(dst, off + 16, (int) (refUnits & 0xFFFFFF));
        dst[off + 19] = (byte) feedbackCount;
        int p = off + TransportCc.FIXED_LENGTH;
        p += chunkBytes(n, dst, p);
        for (int i = 0; i < n; i++) {
            if (symbols[i] == TransportCc.SMALL_DELTA) {
                dst[p++] = (byte) deltas[i];
            } else if (symbols[i] == TransportCc.LARGE_DELTA) {
                put16(dst, p, deltas[i]);
                p += 2;
            }
        }
        if (padding > 0) {
            // RFC 3550 §6.4.1 padding, as libwebrtc writes it: zeros, last octet = count, P bit
            Arrays.fill(dst, p, p + padding - 1, (byte) 0);
            dst[p + padding - 1] = (byte) padding;
            dst[off] |= 0x20;
        }
        // 4. consume
        for (int i = 0; i < n; i++) {
            arrivals[(int) ((baseExt + i) & mask)] = NONE;
        }
        baseExt += n;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return total;
    }

    private int encodedLength(int n) {
        int content = TransportCc.FIXED_LENGTH + chunkBytes(n, null, 0) + deltaBytes(n);
        return (content + 3) & ~3;
    }

    private int deltaBytes(int n) {
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += symbols[i] == TransportCc.SMALL_DELTA ? 1 : symbols[i] == TransportCc.LARGE_DELTA ? 2 : 0;
        }
        return bytes;
    }

    /** Encodes the statuses of the first {@code n} entries; writes them if {@code dst} is not null. */
    private int chunkBytes(int n, byte[] dst, int at) {
        int bytes = 0;
        int i = 0;
        while (i < n) {
            int symbol = symbols[i];
            int run = 1;
            while (i + run < n && symbols[i + run] == symbol && run < TransportCc.MAX_RUN_LENGTH) {
                run++;
            }
            int chunk;
            if (run >= TransportCc.ONE_BIT_VECTOR_CAPACITY || i + run == n) {
                chunk = (symbol << 13) | run;
                i += run;
            } else {
                int m = Math.min(TransportCc.ONE_BIT_VECTOR_CAPACITY, n - i);
                boolean large = false;
                for (int k = 0; k < m && !large; k++) {
                    large = symbols[i + k] == TransportCc.LARGE_DELTA;
                }
                if (!large) {
                    chunk = 0x8000;
                    for (int k = 0; k < m; k++) {
                        chunk |= symbols[i + k] << (13 - k);
                    }
                    i += m;
                } else {
                    m = Math.min(TransportCc.TWO_BIT_VECTOR_CAPACITY, n - i);
                    chunk = 0xC000;
                    for (int k = 0; k < m; k++) {
                        chunk |= symbols[i + k] << (2 * (6 - k));
                    }
                    i += m;
                }
            }
            if (dst != null) {
                put16(dst, at + bytes, chunk);
            }
            bytes += 2;
        }
        return bytes;
    }
}
