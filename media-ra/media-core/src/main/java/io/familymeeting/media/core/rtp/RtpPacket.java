package io.familymeeting.media.core.rtp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u16;
import static io.familymeeting.media.core.util.Bytes.u32;

import java.util.Arrays;

/**
 * A reusable, mutable view (flyweight) of one RTP packet in {@code (byte[], offset, length)},
 * RFC 3550 §5.1, with RFC 8285 header extensions.
 *
 * <p>{@link #wrap} validates the fixed header, the CSRC list, the header extension block and
 * the padding count once; afterwards every getter reads straight from the buffer and every
 * setter writes in place. Nothing is copied or allocated, so one instance per thread can view
 * every packet that thread handles. The view does not own the buffer: the caller keeps it
 * alive and unmodified (except through this view) while the view is in use. It does not
 * decrypt (SRTP is below it) and does not understand payload formats (see {@link Keyframes},
 * {@link Rtx}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers  (CC × 32)  |
 * |  defined by profile (0xBEDE / 0x100x)  |       length (words)  |  if X
 * |                        header extension ...                   |
 * </pre>
 */
public final class RtpPacket {

    /** RFC 3550 §5.1: the fixed header is 12 bytes. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 3550 §5.1: the version field is 2. */
    public static final int VERSION = 2;
    /** RFC 8285 §4.2: "defined by profile" value of the one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: "defined by profile" of the two-byte form is 0x100 in the top 12 bits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** RFC 8285 §4.3: mask selecting the 12 fixed bits of the two-byte profile (low 4 are appbits). */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** RFC 8285 §4.2: one-byte id 15 is reserved; when met, parsing of the block stops. */
    public static final int ONE_BYTE_RESERVED_ID = 15;
    /** RFC 8285 §4.2: the largest usable id in the one-byte form. */
    public static final int ONE_BYTE_MAX_ID = 14;
    /** RFC 8285 §4.3: the largest id in the two-byte form. */
    public static final int TWO_BYTE_MAX_ID = 255;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;

    /**
     * Points this view at a packet and validates its structure.
     *
     * @return false (and the view is unusable) when the bytes are not a structurally valid
     * RTP packet: too short, version not 2, CSRC list or extension block or padding running
     * past the end, or a padding count of 0
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != VERSION) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (header + 4 > len) {
                return false;
            }
            int words = u16(buf, off + header + 2);
            header += 4 + 4 * words;
        }
        if (header > len) {
            return false;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || header + padding > len) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.paddingLength = padding;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xFF) >> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    /** The i-th CSRC, 0 ≤ i < {@link #csrcCount()}. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount()) {
            throw new IndexOutOfBoundsException(i);
        }
        return u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return u16(buf, off + 2);
    }

    public long timestamp() {
        return u32(buf, off + 4);
    }

    public long ssrc() {
        return u32(buf, off + 8);
    }

    /** Fixed header + CSRCs + extension block, in bytes. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length without padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Number of padding octets at the end (0 when the P bit is clear). */
    public int paddingLength() {
        return paddingLength;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    public void setPayloadType(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type out of range: " + pt);
        }
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | pt);
    }

    public void setSequenceNumber(int seq) {
        put16(buf, off + 2, seq);
    }

    public void setTimestamp(long ts) {
        put32(buf, off + 4, ts);
    }

    public void setSsrc(long ssrc) {
        put32(buf, off + 8, ssrc);
    }

    // ---------------------------------------------------------------- RFC 8285 extensions

    /** Absolute offset of the extension block's 4-byte header, or -1 without X bit. */
    private int extensionBlockOffset() {
        return hasExtension() ? off + FIXED_HEADER_LENGTH + 4 * csrcCount() : -1;
    }

    /** The "defined by profile" field of the extension block, or -1 without one. */
    public int extensionProfile() {
        int x = extensionBlockOffset();
        return x < 0 ? -1 : u16(buf, x);
    }

    private int extensionForm() {
        int profile = extensionProfile();
        if (profile == ONE_BYTE_PROFILE) {
            return 1;
        }
        if (profile >= 0 && (profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return 2;
        }
        return 0;
    }

    /**
     * RFC 8285 §4.2 / §4.3: id 0 is reserved for padding, so a byte whose id is 0 is one
     * padding byte. In the one-byte form that holds whatever its length nibble says (a byte
     * like 0x02 is not an element of 3 bytes): receivers such as libwebrtc skip one byte, and
     * the walk here must see the same elements they do.
     */
    private static boolean isPadding(int b, int form) {
        return form == 1 ? (b >> 4) == 0 : b == 0;
    }

    /**
     * Locates element {@code id}: ({@code dataOffset << 16 | dataLength}), or -1.
     * Walks the block as RFC 8285 §4.2 / §4.3 define it; a malformed tail ends the walk.
     */
    private long locate(int id) {
        int form = extensionForm();
        if (form == 0 || id <= 0) {
            return -1;
        }
        int x = extensionBlockOffset();
        int p = x + 4;
        int end = off + headerLength;
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (isPadding(b, form)) {
                p++;
                continue;
            }
            int elemId;
            int dataLen;
            int dataOff;
            if (form == 1) {
                elemId = b >> 4;
                if (elemId == ONE_BYTE_RESERVED_ID) {
                    return -1;
                }
                dataLen = (b & 0x0F) + 1;
                dataOff = p + 1;
            } else {
                if (p + 1 >= end) {
                    return -1;
                }
                elemId = b;
                dataLen = buf[p + 1] & 0xFF;
                dataOff = p + 2;
            }
            if (dataOff + dataLen > end) {
                return -1;
            }
            if (elemId == id) {
                return ((long) dataOff << 16) | dataLen;
            }
            p = dataOff + dataLen;
        }
        return -1;
    }

    /** Absolute offset of the data of extension element {@code id}, or -1 if absent. */
    public int findExtension(int id) {
        long loc = locate(id);
        return loc < 0 ? -1 : (int) (loc >>> 16);
    }

    /** Data length in bytes of extension element {@code id}, or -1 if absent. */
    public int extensionLength(int id) {
        long loc = locate(id);
        return loc < 0 ? -1 : (int) (loc & 0xFFFF);
    }

    /**
     * Rewrites the ids of all extension elements in place through {@code idMap}
     * ({@code newId = idMap[oldId] & 0xFF}; ids beyond the array map to 0). A new id of 0
     * removes the element: its bytes (id/length header and data) are overwritten with zero
     * padding bytes, which RFC 8285 §4.2/§4.3 allow between elements, so the block keeps its
     * length and stays valid. In the one-byte form a new id above 14 cannot be expressed and
     * also removes the element. A block that is neither form is left alone.
     *
     * @return the number of elements removed
     */
    public int remapExtensionIds(byte[] idMap) {
        int form = extensionForm();
        if (form == 0) {
            return 0;
        }
        int p = extensionBlockOffset() + 4;
        int end = off + headerLength;
        int removed = 0;
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (isPadding(b, form)) {
                p++;
                continue;
            }
            int id;
            int elementEnd;
            if (form == 1) {
                id = b >> 4;
                if (id == ONE_BYTE_RESERVED_ID) {
                    break;
                }
                elementEnd = p + 1 + (b & 0x0F) + 1;
            } else {
                if (p + 1 >= end) {
                    break;
                }
                id = b;
                elementEnd = p + 2 + (buf[p + 1] & 0xFF);
            }
            if (elementEnd > end) {
                break;
            }
            int newId = id < idMap.length ? idMap[id] & 0xFF : 0;
            if (newId == 0 || (form == 1 && newId > ONE_BYTE_MAX_ID)) {
                Arrays.fill(buf, p, elementEnd, (byte) 0);
                removed++;
            } else if (form == 1) {
                buf[p] = (byte) ((newId << 4) | (b & 0x0F));
            } else {
                buf[p] = (byte) newId;
            }
            p = elementEnd;
        }
        return removed;
    }
}
