package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

/**
 * Full Intra Request (PSFB, FMT 4), RFC 5104 §4.3.1: a reusable view plus a writer.
 * <pre>
 * |V=2|P| FMT=4   |   PT=206      |          length               |
 * |                  SSRC of packet sender                        |
 * |             SSRC of media source (unused, 0)                  |
 * |                              SSRC                             |  FCI × n
 * | Seq nr.       |    Reserved (0)                               |
 * </pre>
 * The command sequence number is per target SSRC and is incremented by the requester for
 * every new request (§4.3.1.1): the caller keeps it. Parsing allocates nothing.
 */
public final class Fir {

    /** RFC 5104 §4.3.1.1: each FCI entry is 8 bytes. */
    public static final int FCI_LENGTH = 8;
    public static final int MIN_LENGTH = Rtcp.FEEDBACK_HEADER_LENGTH + FCI_LENGTH;

    private byte[] buf;
    private int off;
    private int entries;

    /** @return false when {@code buf[off..off+len)} does not start with a valid FIR */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_PSFB, Rtcp.FMT_FIR, MIN_LENGTH);
        if (usable < 0) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.entries = (usable - Rtcp.FEEDBACK_HEADER_LENGTH) / FCI_LENGTH;
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public int entryCount() {
        return entries;
    }

    /** SSRC of the media sender asked for a decoder refresh by entry {@code i}. */
    public long entrySsrc(int i) {
        return u32(buf, entryOffset(i));
    }

    /** Command sequence number of entry {@code i}, 0..255. */
    public int entrySeqNr(int i) {
        return buf[entryOffset(i) + 4] & 0xFF;
    }

    private int entryOffset(int i) {
        if (i < 0 || i >= entries) {
            throw new IndexOutOfBoundsException(i);
        }
        return off + Rtcp.FEEDBACK_HEADER_LENGTH + i * FCI_LENGTH;
    }

    /** Writes a FIR with one entry. @return the length (20), or -1 when {@code dst} has no room */
    public static int write(byte[] dst, int off, long senderSsrc, long targetSsrc, int seqNr) {
        if (off < 0 || dst.length - off < MIN_LENGTH) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_FIR, Rtcp.PT_PSFB, MIN_LENGTH);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, 0);
        writeEntry(dst, off + Rtcp.FEEDBACK_HEADER_LENGTH, targetSsrc, seqNr);
        return MIN_LENGTH;
    }

    /**
     * Writes a FIR with entries {@code (targetSsrcs[i], seqNrs[i])} for i in 0..count-1.
     *
     * @return the packet length, or -1 when {@code count} is 0 or {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long senderSsrc, long[] targetSsrcs, int[] seqNrs, int count) {
        int total = Rtcp.FEEDBACK_HEADER_LENGTH + count * FCI_LENGTH;
        if (count <= 0 || off < 0 || dst.length - off < total) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_FIR, Rtcp.PT_PSFB, total);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, 0);
        for (int i = 0; i < count; i++) {
            writeEntry(dst, off + Rtcp.FEEDBACK_HEADER_LENGTH + i * FCI_LENGTH, targetSsrcs[i], seqNrs[i]);
        }
        return total;
    }

    private static void writeEntry(byte[] dst, int p, long ssrc, int seqNr) {
        put32(dst, p, ssrc);
        dst[p + 4] = (byte) seqNr;
        dst[p + 5] = 0;
        dst[p + 6] = 0;
        dst[p + 7] = 0;
    }
}
