package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

import java.nio.charset.StandardCharsets;

/**
 * Goodbye (BYE, PT 203), RFC 3550 §6.6: SC source identifiers, then optionally a reason
 * (length octet + UTF-8 text), padded with zeros to a 32-bit boundary. A reusable view plus a
 * writer. The reason is returned as a String (allocates; BYE is rare).
 */
public final class Bye {

    private byte[] buf;
    private int off;
    private int usable;

    /** @return false when {@code buf[off..off+len)} does not start with a valid BYE */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int u = Rtcp.check(buf, off, len, Rtcp.PT_BYE, -1, Rtcp.HEADER_LENGTH);
        if (u < 0) {
            return false;
        }
        int afterSsrcs = Rtcp.HEADER_LENGTH + 4 * Rtcp.countOrFmt(buf, off);
        if (afterSsrcs > u) {
            return false;
        }
        if (afterSsrcs < u && afterSsrcs + 1 + (buf[off + afterSsrcs] & 0xFF) > u) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.usable = u;
        return true;
    }

    public int ssrcCount() {
        return Rtcp.countOrFmt(buf, off);
    }

    public long ssrc(int i) {
        if (i < 0 || i >= ssrcCount()) {
            throw new IndexOutOfBoundsException(i);
        }
        return u32(buf, off + Rtcp.HEADER_LENGTH + 4 * i);
    }

    /** The reason for leaving, or null when absent. */
    public String reason() {
        int at = Rtcp.HEADER_LENGTH + 4 * ssrcCount();
        if (at >= usable) {
            return null;
        }
        return new String(buf, off + at + 1, buf[off + at] & 0xFF, StandardCharsets.UTF_8);
    }

    /**
     * Writes a BYE for {@code ssrcs[0..count)} with an optional reason.
     *
     * @param reason UTF-8 text of at most 255 bytes, or null
     * @return the packet length, or -1 when {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long[] ssrcs, int count, byte[] reason) {
        if (count < 0 || count > Rtcp.MAX_COUNT || count > ssrcs.length) {
            throw new IllegalArgumentException("bad SSRC count: " + count);
        }
        if (reason != null && reason.length > 255) {
            throw new IllegalArgumentException("reason longer than 255 bytes");
        }
        int body = 4 * count + (reason == null ? 0 : (1 + reason.length + 3) & ~3);
        int total = Rtcp.HEADER_LENGTH + body;
        if (off < 0 || dst.length - off < total) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, count, Rtcp.PT_BYE, total);
        int p = off + Rtcp.HEADER_LENGTH;
        for (int i = 0; i < count; i++, p += 4) {
            put32(dst, p, ssrcs[i]);
        }
        if (reason != null) {
            dst[p] = (byte) reason.length;
            System.arraycopy(reason, 0, dst, p + 1, reason.length);
            java.util.Arrays.fill(dst, p + 1 + reason.length, off + total, (byte) 0);
        }
        return total;
    }
}
