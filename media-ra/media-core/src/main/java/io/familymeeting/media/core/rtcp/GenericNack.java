package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u16;
import static io.familymeeting.media.core.util.Bytes.u32;

import io.familymeeting.media.core.util.SeqNum;

/**
 * Generic NACK (RTPFB, FMT 1), RFC 4585 §6.2.1: a reusable view plus a writer.
 * <pre>
 * |V=2|P| FMT=1   |   PT=205      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * |            PID                |             BLP               |  × n (FCI)
 * </pre>
 * PID is a lost packet's sequence number; bit i (LSB = 0) of BLP reports PID + i + 1 lost.
 * Parsing expands into a caller-provided {@code int[]} and allocates nothing. It does not
 * decide what to retransmit (see {@code rtp.PacketHistory}).
 */
public final class GenericNack {

    /** RFC 4585 §6.2.1: each FCI entry is 4 bytes and covers PID plus 16 following numbers. */
    public static final int FCI_LENGTH = 4;
    public static final int MIN_LENGTH = Rtcp.FEEDBACK_HEADER_LENGTH + FCI_LENGTH;

    private byte[] buf;
    private int off;
    private int fciCount;

    /** @return false when {@code buf[off..off+len)} does not start with a valid Generic NACK */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_RTPFB, Rtcp.FMT_NACK, MIN_LENGTH);
        if (usable < 0) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.fciCount = (usable - Rtcp.FEEDBACK_HEADER_LENGTH) / FCI_LENGTH;
        return true;
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    public long mediaSsrc() {
        return u32(buf, off + 8);
    }

    public int fciCount() {
        return fciCount;
    }

    public int pid(int i) {
        return u16(buf, fciOffset(i));
    }

    public int blp(int i) {
        return u16(buf, fciOffset(i) + 2);
    }

    private int fciOffset(int i) {
        if (i < 0 || i >= fciCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return off + Rtcp.FEEDBACK_HEADER_LENGTH + i * FCI_LENGTH;
    }

    /** Number of sequence numbers reported lost (PIDs plus set BLP bits). */
    public int lostCount() {
        int n = 0;
        for (int i = 0; i < fciCount; i++) {
            n += 1 + Integer.bitCount(blp(i));
        }
        return n;
    }

    /**
     * Writes the lost sequence numbers, in FCI order, to {@code dst}.
     *
     * @return how many were written (at most {@code dst.length})
     */
    public int lostSequenceNumbers(int[] dst) {
        int n = 0;
        for (int i = 0; i < fciCount && n < dst.length; i++) {
            int pid = pid(i);
            int blp = blp(i);
            dst[n++] = pid;
            for (int bit = 0; bit < 16 && n < dst.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    dst[n++] = SeqNum.add(pid, bit + 1);
                }
            }
        }
        return n;
    }

    /**
     * Bytes needed by {@link #write} for {@code seqs[from .. from+count)}.
     */
    public static int length(int[] seqs, int from, int count) {
        return Rtcp.FEEDBACK_HEADER_LENGTH + FCI_LENGTH * fciEntries(seqs, from, count);
    }

    private static int fciEntries(int[] seqs, int from, int count) {
        int entries = 0;
        int pid = -1;
        for (int i = from; i < from + count; i++) {
            int d = pid < 0 ? -1 : SeqNum.diff(seqs[i], pid);
            if (d == 0) {
                continue;
            }
            if (d < 0 || d > 16) {
                pid = seqs[i] & 0xFFFF;
                entries++;
            }
        }
        return entries;
    }

    /**
     * Writes a Generic NACK for the lost sequence numbers {@code seqs[from .. from+count)},
     * sorted in RTP order (wrap-around aware, e.g. 65534, 65535, 0, 1). Duplicates are merged;
     * an out-of-order number simply starts a new FCI entry.
     *
     * @return the packet length, or -1 when {@code count} is 0 or {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long senderSsrc, long mediaSsrc, int[] seqs, int from, int count) {
        if (count <= 0) {
            return -1;
        }
        int total = length(seqs, from, count);
        if (off < 0 || dst.length - off < total) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, Rtcp.FMT_NACK, Rtcp.PT_RTPFB, total);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, mediaSsrc);
        int p = off + Rtcp.FEEDBACK_HEADER_LENGTH - FCI_LENGTH;
        int pid = -1;
        int blp = 0;
        for (int i = from; i < from + count; i++) {
            int seq = seqs[i] & 0xFFFF;
            int d = pid < 0 ? -1 : SeqNum.diff(seq, pid);
            if (d == 0) {
                continue;
            }
            if (d < 0 || d > 16) {
                if (pid >= 0) {
                    put16(dst, p + 2, blp);
                }
                p += FCI_LENGTH;
                pid = seq;
                blp = 0;
                put16(dst, p, pid);
            } else {
                blp |= 1 << (d - 1);
            }
        }
        put16(dst, p + 2, blp);
        return total;
    }
}
