package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put24;
import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u24;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * The 24-byte reception report block of SR and RR packets, RFC 3550 §6.4.1, read and written
 * in place by static methods over {@code (buf, blockOffset)}:
 * <pre>
 * | SSRC of source (32) |
 * | fraction lost (8) | cumulative number of packets lost (24, signed) |
 * | extended highest sequence number received (32) |
 * | interarrival jitter (32) |
 * | last SR (LSR, 32) |
 * | delay since last SR (DLSR, 32, units of 1/65536 s) |
 * </pre>
 * Readers do not bounds-check: use them on offsets given by {@link SenderReport} /
 * {@link ReceiverReport}. It computes no statistics (see {@link ReceiveStatistics}).
 */
public final class ReportBlock {

    public static final int LENGTH = 24;
    /** RFC 3550 §6.4.1: cumulative lost is a 24-bit signed value; these are its clamps. */
    public static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x800000;

    private ReportBlock() {
    }

    public static long ssrc(byte[] b, int block) {
        return u32(b, block);
    }

    /** Fraction lost since the previous report, as a fixed point number with the binary point at the left (0..255). */
    public static int fractionLost(byte[] b, int block) {
        return b[block + 4] & 0xFF;
    }

    /** Cumulative number of packets lost, sign-extended from 24 bits. */
    public static int cumulativeLost(byte[] b, int block) {
        return (u24(b, block + 5) << 8) >> 8;
    }

    public static long extendedHighestSeq(byte[] b, int block) {
        return u32(b, block + 8);
    }

    public static long jitter(byte[] b, int block) {
        return u32(b, block + 12);
    }

    public static long lastSr(byte[] b, int block) {
        return u32(b, block + 16);
    }

    public static long delaySinceLastSr(byte[] b, int block) {
        return u32(b, block + 20);
    }

    /** Writes one block at {@code block}; cumulative lost is clamped to 24 bits signed. */
    public static void write(byte[] b, int block, long ssrc, int fractionLost, int cumulativeLost,
                             long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        put32(b, block, ssrc);
        b[block + 4] = (byte) fractionLost;
        int lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost));
        put24(b, block + 5, lost & 0xFFFFFF);
        put32(b, block + 8, extendedHighestSeq);
        put32(b, block + 12, jitter);
        put32(b, block + 16, lastSr);
        put32(b, block + 20, delaySinceLastSr);
    }

    /**
     * Appends an empty (zeroed) block to the SR or RR packet at {@code packetOff} — its report
     * count and length grow by one block — for the caller to fill with {@link #write}.
     *
     * @param capacity bytes available from {@code packetOff}
     * @return absolute offset of the new block, or -1 when the packet already holds 31 blocks,
     * is not an SR/RR, has padding or profile extensions after its blocks, or lacks room
     */
    public static int append(byte[] b, int packetOff, int capacity) {
        int pt = Rtcp.packetType(b, packetOff);
        int fixed = pt == Rtcp.PT_SR ? SenderReport.FIXED_LENGTH
                : pt == Rtcp.PT_RR ? ReceiverReport.FIXED_LENGTH : -1;
        if (fixed < 0 || (b[packetOff] & 0x20) != 0) {
            return -1;
        }
        int count = Rtcp.countOrFmt(b, packetOff);
        int length = Rtcp.declaredLength(b, packetOff);
        if (count >= Rtcp.MAX_COUNT || length != fixed + count * LENGTH || length + LENGTH > capacity) {
            return -1;
        }
        int block = packetOff + length;
        java.util.Arrays.fill(b, block, block + LENGTH, (byte) 0);
        b[packetOff] = (byte) ((b[packetOff] & 0xE0) | (count + 1));
        put16(b, packetOff + 2, (length + LENGTH) / 4 - 1);
        return block;
    }
}
