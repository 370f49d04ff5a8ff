package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * Receiver report (RR, PT 201), RFC 3550 §6.4.2: header, reporter SSRC, RC report blocks,
 * optional profile-specific extensions. A reusable view for parsing (blocks by index, no
 * allocation) plus a writer of an RR without blocks, to which blocks are appended with
 * {@link ReportBlock#append} or {@link ReceiveStatistics#appendReportBlock}.
 */
public final class ReceiverReport {

    /** Header + reporter SSRC. */
    public static final int FIXED_LENGTH = 8;

    private byte[] buf;
    private int off;

    /** @return false when {@code buf[off..off+len)} does not start with a valid RR */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_RR, -1, FIXED_LENGTH);
        if (usable < 0 || FIXED_LENGTH + Rtcp.countOrFmt(buf, off) * ReportBlock.LENGTH > usable) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public int reportCount() {
        return Rtcp.countOrFmt(buf, off);
    }

    /** Absolute offset of report block {@code i}, for the {@link ReportBlock} readers. */
    public int blockOffset(int i) {
        if (i < 0 || i >= reportCount()) {
            throw new IndexOutOfBoundsException(i);
        }
        return off + FIXED_LENGTH + i * ReportBlock.LENGTH;
    }

    public int length() {
        return Rtcp.declaredLength(buf, off);
    }

    /**
     * Writes an RR with no report blocks.
     *
     * @return its length (8), or -1 when {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long senderSsrc) {
        if (off < 0 || dst.length - off < FIXED_LENGTH) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, 0, Rtcp.PT_RR, FIXED_LENGTH);
        put32(dst, off + 4, senderSsrc);
        return FIXED_LENGTH;
    }
}
