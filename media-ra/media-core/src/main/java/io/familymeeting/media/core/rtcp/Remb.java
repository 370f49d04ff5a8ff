package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * Receiver Estimated Maximum Bitrate, draft-alvestrand-rmcat-remb-03 §2.2: an application
 * layer feedback message (PSFB, FMT 15) identified by the ASCII "REMB". A reusable view plus
 * a writer.
 * <pre>
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa (18 bits)            |
 * |   SSRC feedback × Num SSRC ...                                |
 * </pre>
 * Bitrate = mantissa × 2^exp bits per second. Other FMT 15 applications are not REMB and
 * fail {@link #wrap}.
 */
public final class Remb {

    public static final int FIXED_LENGTH = Rtcp.FEEDBACK_HEADER_LENGTH + 8;
    /** draft-alvestrand-rmcat-remb §2.2: "REMB" in ASCII. */
    public static final long IDENTIFIER = 0x52454D42L;
    private static final int MANTISSA_BITS = 18;
    private static final long MANTISSA_MAX = (1L << MANTISSA_BITS) - 1;

    private byte[] buf;
    private int off;

    /** @return false when {@code buf[off..off+len)} does not start with a valid REMB */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_AFB, FIXED_LENGTH);
        if (usable < 0 || u32(buf, off + 12) != IDENTIFIER) {
            return false;
        }
        int count = buf[off + 16] & 0xFF;
        if (FIXED_LENGTH + 4 * count > usable) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    /** Estimated maximum bitrate in bits per second (saturates at {@link Long#MAX_VALUE}). */
    public long bitrate() {
        int exp = (buf[off + 17] & 0xFF) >> 2;
        long mantissa = ((buf[off + 17] & 0x03L) << 16) | ((buf[off + 18] & 0xFF) << 8) | (buf[off + 19] & 0xFF);
        if (mantissa != 0 && exp > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exp;
    }

    public int ssrcCount() {
        return buf[off + 16] & 0xFF;
    }

    public long ssrc(int i) {
        if (i < 0 || i >= ssrcCount()) {
            throw new IndexOutOfBoundsException(i);
        }
        return u32(buf, off + FIXED_LENGTH + 4 * i);
    }

    /**
     * Writes a REMB for {@code ssrcs[0..count)}. The bitrate is rounded down to what
     * 18 bits of mantissa can carry.
     *
     * @return the packet length, or -1 when {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long senderSsrc, long bitrateBps, long[] ssrcs, int count) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("negative bitrate");
        }
        if (count < 0 || count > 255 || count > ssrcs.length) {
            throw new IllegalArgumentException("bad SSRC count: " + count);
        }
        int total = FIXED_LENGTH + 4 * count;
        if (off < 0 || dst.length - off < total) {
            return -1;
        }
        int exp = 0;
        while ((bitrateBps >>> exp) > MANTISSA_MAX) {
            exp++;
        }
        long mantissa = bitrateBps >>> exp;
        Rtcp.writeHeader(dst, off, Rtcp.FMT_AFB, Rtcp.PT_PSFB, total);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, 0);
        put32(dst, off + 12, IDENTIFIER);
        dst[off + 16] = (byte) count;
        dst[off + 17] = (byte) ((exp << 2) | (mantissa >>> 16));
        dst[off + 18] = (byte) (mantissa >>> 8);
        dst[off + 19] = (byte) mantissa;
        for (int i = 0; i < count; i++) {
            put32(dst, off + FIXED_LENGTH + 4 * i, ssrcs[i]);
        }
        return total;
    }
}
