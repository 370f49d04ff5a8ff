package io.familymeeting.media.core.rtcp;

/**
 * Walks the packets of a compound RTCP packet (RFC 3550 §6.1) in {@code (byte[], off, len)},
 * reporting the type, count/format and bounds of each, without allocating. Reusable:
 * {@link #reset} starts a new walk.
 *
 * <p>Each packet must have version 2, a declared length that fits in what remains, and (when
 * its P bit is set) a non-zero padding count that fits in it. The first malformed packet ends
 * the walk with {@link #malformed()} true; packets before it were valid and may be used
 * (RFC 3550 A.2 would discard the whole compound; an SFU is better served by acting on the
 * valid prefix). It does not check the compound rules (SR/RR first, CNAME present): reduced
 * size RTCP (RFC 5506) breaks them on purpose. It does not decode the messages: wrap the
 * message views of this package on {@link #offset()} / {@link #length()}.
 */
public final class RtcpIterator {

    private byte[] buf;
    private int next;
    private int end;
    private int off = -1;
    private int len;
    private int padding;
    private boolean malformed;

    /** Starts walking {@code buf[off .. off+len)}; an out-of-range region is malformed at once. */
    public RtcpIterator reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = -1;
        this.len = 0;
        this.padding = 0;
        this.malformed = buf == null || off < 0 || len < 0 || off > buf.length - len;
        this.next = off;
        this.end = off + len;
        return this;
    }

    /** Advances to the next packet; false at the end or at a malformed packet. */
    public boolean next() {
        if (malformed || buf == null || next >= end) {
            return false;
        }
        int remaining = end - next;
        if (remaining < Rtcp.HEADER_LENGTH || (buf[next] & 0xC0) != 0x80) {
            return fail();
        }
        int declared = Rtcp.declaredLength(buf, next);
        if (declared > remaining) {
            return fail();
        }
        int pad = 0;
        if ((buf[next] & 0x20) != 0) {
            pad = buf[next + declared - 1] & 0xFF;
            if (pad == 0 || pad > declared - Rtcp.HEADER_LENGTH) {
                return fail();
            }
        }
        off = next;
        len = declared;
        padding = pad;
        next += declared;
        return true;
    }

    private boolean fail() {
        malformed = true;
        off = -1;
        len = 0;
        padding = 0;
        return false;
    }

    /** True when the walk stopped at a malformed packet. */
    public boolean malformed() {
        return malformed;
    }

    /** Absolute offset of the current packet. */
    public int offset() {
        return off;
    }

    /** Length of the current packet in bytes, header and padding included. */
    public int length() {
        return len;
    }

    /** Padding octets at the end of the current packet (0 without P bit). */
    public int padding() {
        return padding;
    }

    public int packetType() {
        return Rtcp.packetType(buf, off);
    }

    /** RC, SC or FMT: the low 5 bits of the first byte. */
    public int countOrFmt() {
        return Rtcp.countOrFmt(buf, off);
    }
}
