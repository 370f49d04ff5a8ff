package io.familymeeting.media.core.rtp;

/**
 * A reusable view of the start of the VP9 payload descriptor, RFC 9628 §4.2, for reading and
 * rewriting in place what an SFU needs to forward and switch VP9 streams: the flags, the
 * PictureID, the layer indices and (non-flexible mode) TL0PICIDX.
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z| (REQUIRED)
 * I:   |M| PICTURE ID  | (7 bits, or 15 bits when M=1)
 * L:   | TID |U| SID |D|
 *      |   TL0PICIDX   | (only when F=0)
 * </pre>
 * It stops there: reference indices (P_DIFF) and the scalability structure (V) are not
 * parsed. Setters keep field widths, so the descriptor never changes length.
 */
public final class Vp9Descriptor {

    private byte[] buf;
    private int off;
    private int pictureIdOff;
    private int pictureIdBits;
    private int layerOff;
    private int tl0Off;

    /** @return false when the payload is too short for the fields it announces */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return false;
        }
        int end = off + len;
        int b0 = buf[off] & 0xFF;
        int p = off + 1;
        int pid = -1;
        int bits = 0;
        int layer = -1;
        int tl0 = -1;
        if ((b0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            pid = p;
            bits = (buf[p] & 0x80) != 0 ? 15 : 7;
            p += bits == 15 ? 2 : 1;
        }
        if ((b0 & 0x20) != 0) {
            layer = p++;
            if ((b0 & 0x10) == 0) {
                tl0 = p++;
            }
        }
        if (p > end) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.pictureIdOff = pid;
        this.pictureIdBits = bits;
        this.layerOff = layer;
        this.tl0Off = tl0;
        return true;
    }

    /** P: inter-picture predicted. */
    public boolean isInterPicturePredicted() {
        return (buf[off] & 0x40) != 0;
    }

    /** F: flexible mode. */
    public boolean isFlexibleMode() {
        return (buf[off] & 0x10) != 0;
    }

    /** B: first packet of a (layer) frame. */
    public boolean isStartOfFrame() {
        return (buf[off] & 0x08) != 0;
    }

    /** E: last packet of a (layer) frame. */
    public boolean isEndOfFrame() {
        return (buf[off] & 0x04) != 0;
    }

    /** V: a scalability structure follows. */
    public boolean hasScalabilityStructure() {
        return (buf[off] & 0x02) != 0;
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

    /** TID, or -1 without layer indices. */
    public int temporalLayerId() {
        return layerOff < 0 ? -1 : (buf[layerOff] & 0xFF) >> 5;
    }

    /** SID, or -1 without layer indices. */
    public int spatialLayerId() {
        return layerOff < 0 ? -1 : (buf[layerOff] >> 1) & 0x07;
    }

    /** U: switching up point, false without layer indices. */
    public boolean isSwitchingUpPoint() {
        return layerOff >= 0 && (buf[layerOff] & 0x10) != 0;
    }

    /** D: inter-layer dependency, false without layer indices. */
    public boolean isInterLayerDependent() {
        return layerOff >= 0 && (buf[layerOff] & 0x01) != 0;
    }

    /** TL0PICIDX, or -1 when absent (flexible mode or no layer indices). */
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
}
