package io.familymeeting.media.core.rtp;

import static io.familymeeting.media.core.util.Bytes.u16;

/**
 * Tells whether an RTP payload starts a key frame (a picture decodable without earlier
 * pictures), reading only the payload descriptor / NAL headers in place, without allocating.
 * An SFU needs this to switch a viewer onto a new source or simulcast layer, and to know when
 * a PLI has been answered.
 *
 * <p>Only the packet that begins the key frame answers true; the remaining packets of that
 * frame answer false (for H.264, every packet that starts an IDR slice or carries an SPS
 * answers true, so a multi-slice IDR picture has several). Malformed or truncated payloads
 * answer false. It does not decode the
 * bitstream, does not check that the whole frame arrived, and does not parse the VP9 or AV1
 * scalability structures.
 */
public final class Keyframes {

    /** RFC 6184 §5.2 / H.264 Table 7-1: NAL unit types used here. */
    static final int H264_IDR = 5;
    static final int H264_SPS = 7;
    static final int H264_STAP_A = 24;
    static final int H264_FU_A = 28;
    static final int H264_FU_B = 29;

    /** RFC 6386 §9.1: a VP8 key frame's 3-byte frame tag is followed by this start code. */
    private static final int VP8_START_CODE_0 = 0x9D;
    private static final int VP8_START_CODE_1 = 0x01;
    private static final int VP8_START_CODE_2 = 0x2A;

    private Keyframes() {
    }

    /** {@link #isKeyframe(VideoCodec, byte[], int, int)} on the payload of {@code packet}. */
    public static boolean isKeyframe(VideoCodec codec, RtpPacket packet) {
        return isKeyframe(codec, packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    }

    /**
     * @return true when the payload {@code buf[off .. off+len)} begins a key frame
     */
    public static boolean isKeyframe(VideoCodec codec, byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || off > buf.length - len) {
            return false;
        }
        return switch (codec) {
            case VP8 -> vp8(buf, off, len);
            case VP9 -> vp9(buf, off, len);
            case H264 -> h264(buf, off, len);
            case AV1 -> av1(buf, off);
        };
    }

    /**
     * RFC 7741 §4.2 payload descriptor: {@code X R N S R PID(3)}, then if X
     * {@code I L T K RSV(4)}, then PictureID (1 byte, or 2 if its M bit is set) if I, TL0PICIDX
     * if L, {@code TID Y KEYIDX} if T or K. A key frame starts where S=1 and PID=0 and the
     * payload header (§4.3) has P (inverse key frame flag, bit 0 of its first byte) = 0;
     * the RFC 6386 §9.1 start code follows the 3-byte frame tag.
     */
    private static boolean vp8(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        int d0 = b[p++] & 0xFF;
        boolean start = (d0 & 0x10) != 0;
        int partition = d0 & 0x07;
        if (!start || partition != 0) {
            return false;
        }
        if ((d0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int x = b[p++] & 0xFF;
            if ((x & 0x80) != 0) { // I: PictureID
                if (p >= end) {
                    return false;
                }
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                p++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                p++;
            }
        }
        if (p + 6 > end) {
            return false;
        }
        return (b[p] & 0x01) == 0
                && (b[p + 3] & 0xFF) == VP8_START_CODE_0
                && (b[p + 4] & 0xFF) == VP8_START_CODE_1
                && (b[p + 5] & 0xFF) == VP8_START_CODE_2;
    }

    /**
     * The picture size a VP8 key frame announces (RFC 6386 §9.1: 14-bit width and height after
     * the start code), as {@code width << 16 | height}; -1 when the payload does not begin a
     * key frame or is too short.
     */
    public static int vp8Size(byte[] b, int off, int len) {
        if (b == null || off < 0 || len <= 0 || off > b.length - len || !vp8(b, off, len)) {
            return -1;
        }
        int p = off + Vp8Descriptor.length(b, off, len);
        if (p + 10 > off + len) {
            return -1;
        }
        int width = ((b[p + 6] & 0xFF) | (b[p + 7] & 0xFF) << 8) & 0x3FFF;
        int height = ((b[p + 8] & 0xFF) | (b[p + 9] & 0xFF) << 8) & 0x3FFF;
        return width << 16 | height;
    }

    /**
     * RFC 9628 §4.2 payload descriptor {@code I P L F B E V Z}, then PictureID (1 or 2 bytes)
     * if I, then the layer byte {@code TID(3) U SID(3) D} if L. A key frame starts in the packet
     * with B=1 (start of a frame), P=0 (not inter-picture predicted) and, when layer indices are
     * present, SID=0 (the base spatial layer).
     */
    private static boolean vp9(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        int d0 = b[p++] & 0xFF;
        boolean interPredicted = (d0 & 0x40) != 0;
        boolean startOfFrame = (d0 & 0x08) != 0;
        if (interPredicted || !startOfFrame) {
            return false;
        }
        if ((d0 & 0x80) != 0) { // I: PictureID
            if (p >= end) {
                return false;
            }
            p += (b[p] & 0x80) != 0 ? 2 : 1;
        }
        if ((d0 & 0x20) != 0) { // L: layer indices
            if (p >= end) {
                return false;
            }
            int sid = (b[p] >> 1) & 0x07;
            return sid == 0;
        }
        return p <= end;
    }

    /**
     * RFC 6184 §5.2-§5.8: a single NAL unit packet (types 1-23) is a key frame start if it is
     * an IDR slice (5) or an SPS (7); a STAP-A (24) if any aggregated NAL unit is; an FU-A (28)
     * or FU-B (29) if its FU header has S=1 and the fragmented unit is of type 5 or 7.
     */
    private static boolean h264(byte[] b, int off, int len) {
        int end = off + len;
        int type = b[off] & 0x1F;
        if (type == H264_STAP_A) {
            int p = off + 1;
            while (p + 2 < end) {
                int size = u16(b, p);
                p += 2;
                if (size == 0 || p + size > end) {
                    return false;
                }
                int nal = b[p] & 0x1F;
                if (nal == H264_IDR || nal == H264_SPS) {
                    return true;
                }
                p += size;
            }
            return false;
        }
        if (type == H264_FU_A || type == H264_FU_B) {
            if (len < 2) {
                return false;
            }
            int fu = b[off + 1] & 0xFF;
            int nal = fu & 0x1F;
            return (fu & 0x80) != 0 && (nal == H264_IDR || nal == H264_SPS);
        }
        return type == H264_IDR || type == H264_SPS;
    }

    /**
     * AV1 RTP payload format §4.4 aggregation header {@code Z Y W(2) N -(3)}: N=1 marks the
     * first packet of a coded video sequence, which starts with a key frame.
     */
    private static boolean av1(byte[] b, int off) {
        return (b[off] & 0x08) != 0;
    }
}
