package io.familymeeting.media.core.rtp;

/**
 * A reusable view of the VP8 payload descriptor, RFC 7741 §4.2, at the start of an RTP
 * payload, for reading and rewriting in place the fields an SFU touches when it switches
 * sources or simulcast encodings: PictureID, TL0PICIDX and the temporal layer index.
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 * I:   |M| PictureID   | (OPTIONAL, 7 bits, or 15 bits when M=1)
 * L:   |   TL0PICIDX   | (OPTIONAL)
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 * </pre>
 * Setters keep the field's width (a 7-bit PictureID stays 7 bits, the value is masked):
 * the descriptor never changes length. Key frame detection lives in {@link Keyframes}.
 */
public final class Vp8Descriptor {

    private byte[] buf;
    private int off;
    private int size;
    private int pictureIdOff;
    private int pictureIdBits;
    private int tl0Off;
    private int tidOff;

    /** @return false when the payload is too short for the descriptor it announces */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return false;
        }
        int end = off + len;
        int p = off + 1;
        int pid = -1;
        int bits = 0;
        int tl0 = -1;
        int tid = -1;
        if ((buf[off] & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int x = buf[p++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (p >= end) {
                    return false;
                }
                pid = p;
                bits = (buf[p] & 0x80) != 0 ? 15 : 7;
                p += bits == 15 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                tl0 = p++;
            }
            if ((x & 0x30) != 0) { // T or K: the TID/Y/KEYIDX byte
                if ((x & 0x20) != 0) {
                    tid = p;
                }
                p++;
            }
            if (p > end) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.size = p - off;
        this.pictureIdOff = pid;
        this.pictureIdBits = bits;
        this.tl0Off = tl0;
        this.tidOff = tid;
        return true;
    }

    /** Descriptor length in bytes: the VP8 payload (header) starts after it. */
    public int length() {
        return size;
    }

    /** S bit: this packet starts a VP8 partition. */
    public boolean isStartOfPartition() {
        return (buf[off] & 0x10) != 0;
    }

    /** PID: the partition index (0 for the first partition). */
    public int partitionIndex() {
        return buf[off] & 0x07;
    }

    /** N bit: a non-reference frame, which can be dropped without breaking decoding. */
    public boolean isNonReference() {
        return (buf[off] & 0x20) != 0;
    }

    /** PictureID, or -1 when absent. */
    public int pictureId() {
        if (pictureIdOff < 0) {
            return -1;
        }
        return pictureIdBits == 15
                ? ((buf[pictureIdOff] & 0x7F) << 8) | (buf[pictureIdOff + 1] & 0xFF)
                : buf[pictureIdOff] & 0x7F;
    }

    /** Width of the PictureID field: 7, 15, or 0 when absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    /** Writes the PictureID (masked to the field's width); false when absent. */
    public boolean setPictureId(int pictureId) {
        if (pictureIdOff < 0) {
            return false;
        }
        if (pictureIdBits == 15) {
            buf[pictureIdOff] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
            buf[pictureIdOff + 1] = (byte) pictureId;
        } else {
            buf[pictureIdOff] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    /** TL0PICIDX, or -1 when absent. */
    public int tl0PicIdx() {
        return tl0Off < 0 ? -1 : buf[tl0Off] & 0xFF;
    }

    /** Writes TL0PICIDX; false when absent. */
    public boolean setTl0PicIdx(int value) {
        if (tl0Off < 0) {
            return false;
        }
        buf[tl0Off] = (byte) value;
        return true;
    }

    /** TID (temporal layer index, 0..3), or -1 when the T bit is clear. */
    public int temporalLayerId() {
        return tidOff < 0 ? -1 : (buf[tidOff] & 0xFF) >> 6;
    }

    /** Y bit (layer sync), false when the T bit is clear. */
    public boolean isLayerSync() {
        return tidOff >= 0 && (buf[tidOff] & 0x20) != 0;
    }
}
