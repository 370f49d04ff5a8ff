package io.familymeeting.media.core.rtp;

/**
 * Reads the VP8 payload descriptor (RFC 7741 §4.2) in place: where the PictureID and
 * TL0PICIDX fields are, so that a forwarder switching a viewer between simulcast encodings
 * can rewrite them into one continuous series ({@link io.familymeeting.media.core.util.StreamRewriter}),
 * as the viewer's decoder expects of one stream. Static, allocation-free; malformed or
 * truncated descriptors answer -1.
 *
 * <pre>
 *  X R N S R PID(3)      X: extended control bits follow
 *  I L T K RSV(4)        (if X) I: PictureID, L: TL0PICIDX, T/K: TID/KEYIDX byte
 *  M PictureID(7 or 15)  (if I) M: 15-bit PictureID
 *  TL0PICIDX(8)          (if L)
 *  TID(2) Y KEYIDX(5)    (if T or K)
 * </pre>
 */
public final class Vp8Descriptor {
    private Vp8Descriptor() {
    }

    /** Bytes of the descriptor at {@code b[off]}, or -1 when it does not fit in {@code len}. */
    public static int length(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((b[off] & 0x80) == 0) {
            return n;
        }
        if (len < 2) {
            return -1;
        }
        int x = b[off + 1] & 0xFF;
        n = 2;
        if ((x & 0x80) != 0) {
            if (len < n + 1) {
                return -1;
            }
            n += (b[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            n++;
        }
        if ((x & 0x30) != 0) {
            n++;
        }
        return n <= len ? n : -1;
    }

    /** Absolute offset of a 15-bit PictureID (M = 1), or -1 when there is none (absent, 7-bit, malformed). */
    public static int longPictureIdOffset(byte[] b, int off, int len) {
        if (length(b, off, len) < 0 || (b[off] & 0x80) == 0 || (b[off + 1] & 0x80) == 0) {
            return -1;
        }
        return (b[off + 2] & 0x80) != 0 ? off + 2 : -1;
    }

    /** Absolute offset of TL0PICIDX, or -1 when there is none. */
    public static int tl0PicIdxOffset(byte[] b, int off, int len) {
        if (length(b, off, len) < 0 || (b[off] & 0x80) == 0) {
            return -1;
        }
        int x = b[off + 1] & 0xFF;
        if ((x & 0x40) == 0) {
            return -1;
        }
        int p = off + 2;
        if ((x & 0x80) != 0) {
            p += (b[p] & 0x80) != 0 ? 2 : 1;
        }
        return p;
    }

    /** The 15-bit PictureID at {@code at} (from {@link #longPictureIdOffset}). */
    public static int pictureId(byte[] b, int at) {
        return ((b[at] & 0x7F) << 8) | (b[at + 1] & 0xFF);
    }

    /** Writes a 15-bit PictureID at {@code at}, keeping the M bit. */
    public static void setPictureId(byte[] b, int at, int pictureId) {
        b[at] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
        b[at + 1] = (byte) pictureId;
    }
}
