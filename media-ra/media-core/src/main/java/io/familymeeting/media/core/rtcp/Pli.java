package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * Picture Loss Indication (PSFB, FMT 1), RFC 4585 §6.3.1: the common feedback header with no
 * FCI. Asks the sender of the media source for a key frame. Static parse and write, no state.
 */
public final class Pli {

    public static final int LENGTH = Rtcp.FEEDBACK_HEADER_LENGTH;

    private Pli() {
    }

    /** True when {@code buf[off..off+len)} starts with a valid PLI. */
    public static boolean isPli(byte[] buf, int off, int len) {
        return Rtcp.check(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_PLI, LENGTH) >= 0;
    }

    public static long senderSsrc(byte[] buf, int off) {
        return u32(buf, off + 4);
    }

    public static long mediaSsrc(byte[] buf, int off) {
        return u32(buf, off + 8);
    }

    /** @return the packet length (12), or -1 when {@code dst} has no room */
    public static int write(byte[] dst, int off, long senderSsrc, long mediaSsrc) {
        if (off < 0 || dst.length - off < LENGTH) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_PLI, Rtcp.PT_PSFB, LENGTH);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, mediaSsrc);
        return LENGTH;
    }
}
