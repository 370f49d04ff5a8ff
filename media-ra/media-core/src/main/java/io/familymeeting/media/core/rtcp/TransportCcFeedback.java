package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.u16;
import static io.familymeeting.media.core.util.Bytes.u24;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * Test decoder of transport-wide congestion control feedback (RTPFB, FMT 15),
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 (layout in {@link TransportCc}):
 * checks what {@link TransportCcBuilder} writes. {@link #wrap} validates every chunk and that
 * the receive deltas fit; {@link #decode} expands the statuses into caller arrays.
 *
 * <p>It lives with the tests because the SFU only writes this message: it blanks the
 * transport-wide sequence number in what it forwards, so viewers send it no such feedback.
 * A bandwidth estimator that adds the extension towards viewers would move it back (git
 * history has it as main code).
 */
public final class TransportCcFeedback {

    /** Marks a not-received entry in {@link #decode}'s arrival array. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;

    private byte[] buf;
    private int off;
    private int deltasOffset;

    /** @return false when {@code buf[off..off+len)} does not start with a valid transport-cc feedback */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_RTPFB, Rtcp.FMT_TRANSPORT_CC, TransportCc.FIXED_LENGTH);
        if (usable < 0) {
            return false;
        }
        int end = off + usable;
        int count = u16(buf, off + 14);
        int p = off + TransportCc.FIXED_LENGTH;
        int seen = 0;
        int deltaBytes = 0;
        while (seen < count) {
            if (p + 2 > end) {
                return false;
            }
            int chunk = u16(buf, p);
            p += 2;
            int remaining = count - seen;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x03;
                int run = Math.min(chunk & TransportCc.MAX_RUN_LENGTH, remaining);
                if (symbol == TransportCc.RESERVED || run == 0) {
                    return false;
                }
                deltaBytes += run * deltaSize(symbol);
                seen += run;
            } else {
                boolean twoBit = (chunk & 0x4000) != 0;
                int capacity = twoBit ? TransportCc.TWO_BIT_VECTOR_CAPACITY : TransportCc.ONE_BIT_VECTOR_CAPACITY;
                int n = Math.min(capacity, remaining);
                for (int k = 0; k < n; k++) {
                    int symbol = vectorSymbol(chunk, twoBit, k);
                    if (symbol == TransportCc.RESERVED) {
                        return false;
                    }
                    deltaBytes += deltaSize(symbol);
                }
                seen += n;
            }
        }
        if (p + deltaBytes > end) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.deltasOffset = p;
        return true;
    }

    private static int deltaSize(int symbol) {
        return symbol == TransportCc.SMALL_DELTA ? 1 : symbol == TransportCc.LARGE_DELTA ? 2 : 0;
    }

    private static int vectorSymbol(int chunk, boolean twoBit, int k) {
        return twoBit ? (chunk >> (2 * (6 - k))) & 0x03 : (chunk >> (13 - k)) & 0x01;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public long mediaSsrc() {
        return u32(buf, off + 8);
    }

    /** Transport-wide sequence number of the first status. */
    public int baseSequenceNumber() {
        return u16(buf, off + 12);
    }

    public int packetStatusCount() {
        return u16(buf, off + 14);
    }

    /** Reference time in multiples of 64 ms, sign-extended from 24 bits. */
    public int referenceTime() {
        return (u24(buf, off + 16) << 8) >> 8;
    }

    /** Feedback packet count, 0..255, incremented by the sender for every feedback. */
    public int feedbackPacketCount() {
        return buf[off + 19] & 0xFF;
    }

    /** Offset just after the last receive delta: where padding (if any) begins. */
    int deltasOffset() {
        return deltasOffset;
    }

    /**
     * Expands the statuses: for entry i, {@code seqs[i]} is the transport sequence number and
     * {@code arrivalMicros[i]} the arrival time (reference time × 64 ms + accumulated deltas ×
     * 250 µs) or {@link #NOT_RECEIVED}.
     *
     * @return the number of entries written: the status count, or less if the arrays are shorter
     */
    public int decode(int[] seqs, long[] arrivalMicros) {
        int count = Math.min(packetStatusCount(), Math.min(seqs.length, arrivalMicros.length));
        int base = baseSequenceNumber();
        long ticks = (long) referenceTime() * (TransportCc.REFERENCE_TIME_UNIT_US / TransportCc.DELTA_UNIT_US);
        int p = off + TransportCc.FIXED_LENGTH;
        int d = deltasOffset;
        int i = 0;
        while (i < count) {
            int chunk = u16(buf, p);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >> 13) & 0x03;
                int run = chunk & TransportCc.MAX_RUN_LENGTH;
                for (int k = 0; k < run && i < count; k++, i++) {
                    seqs[i] = (base + i) & 0xFFFF;
                    ticks = readDelta(symbol, d, ticks);
                    d += deltaSize(symbol);
                    arrivalMicros[i] = symbol == TransportCc.NOT_RECEIVED ? NOT_RECEIVED : ticks * TransportCc.DELTA_UNIT_US;
                }
            } else {
                boolean twoBit = (chunk & 0x4000) != 0;
                int capacity = twoBit ? TransportCc.TWO_BIT_VECTOR_CAPACITY : TransportCc.ONE_BIT_VECTOR_CAPACITY;
                for (int k = 0; k < capacity && i < count; k++, i++) {
                    int symbol = vectorSymbol(chunk, twoBit, k);
                    seqs[i] = (base + i) & 0xFFFF;
                    ticks = readDelta(symbol, d, ticks);
                    d += deltaSize(symbol);
                    arrivalMicros[i] = symbol == TransportCc.NOT_RECEIVED ? NOT_RECEIVED : ticks * TransportCc.DELTA_UNIT_US;
                }
            }
        }
        return count;
    }

    private long readDelta(int symbol, int at, long ticks) {
        if (symbol == TransportCc.SMALL_DELTA) {
            return ticks + (buf[at] & 0xFF);
        }
        if (symbol == TransportCc.LARGE_DELTA) {
            return ticks + (short) u16(buf, at);
        }
        return ticks;
    }
}
