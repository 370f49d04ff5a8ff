package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.put64;
import static io.familymeeting.media.core.util.Bytes.u32;
import static io.familymeeting.media.core.util.Bytes.u64;

/**
 * Sender report (SR, PT 200), RFC 3550 §6.4.1: a reusable view for parsing plus a writer.
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report blocks (RC × 24 bytes) ...             |
 * |                  profile-specific extensions ...              |
 * </pre>
 * Report blocks are read by index without allocation. Writing produces an SR without blocks;
 * append blocks with {@link ReportBlock#append} or {@link ReceiveStatistics#appendReportBlock}.
 */
public final class SenderReport {

    /** Header + sender SSRC + 20 bytes of sender info. */
    public static final int FIXED_LENGTH = 28;

    private byte[] buf;
    private int off;

    /** @return false when {@code buf[off..off+len)} does not start with a valid SR */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_SR, -1, FIXED_LENGTH);
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

    /** 64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high word, fraction in the low. */
    public long ntpTimestamp() {
        return u64(buf, off + 8);
    }

    /** The middle 32 bits of the NTP timestamp, as echoed in LSR (RFC 3550 §6.4.1). */
    public long ntpMiddle32() {
        return u32(buf, off + 10);
    }

    public long rtpTimestamp() {
        return u32(buf, off + 16);
    }

    public long packetCount() {
        return u32(buf, off + 20);
    }

    public long octetCount() {
        return u32(buf, off + 24);
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

    /** Total length in bytes as declared by the header. */
    public int length() {
        return Rtcp.declaredLength(buf, off);
    }

    /**
     * Writes an SR with no report blocks.
     *
     * @return its length (28), or -1 when {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long senderSsrc, long ntpTimestamp, long rtpTimestamp,
                            long packetCount, long octetCount) {
        if (off < 0 || dst.length - off < FIXED_LENGTH) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, 0, Rtcp.PT_SR, FIXED_LENGTH);
        put32(dst, off + 4, senderSsrc);
        put64(dst, off + 8, ntpTimestamp);
        put32(dst, off + 16, rtpTimestamp);
        put32(dst, off + 20, packetCount);
        put32(dst, off + 24, octetCount);
        return FIXED_LENGTH;
    }
}
