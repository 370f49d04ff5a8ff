package io.familymeeting.media.core.rtp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u16;

/**
 * RTP retransmission payload format, RFC 4588 §4: an RTX packet carries the original
 * packet's payload preceded by the 2-byte original sequence number (OSN), in its own stream
 * (own SSRC, payload type and sequence numbers) with the original header otherwise kept
 * (timestamp, marker, CSRCs, header extensions).
 *
 * <p>Converts between the two forms into a caller-given buffer without allocating. The
 * destination may be the source array at the same offset (in-place conversion; wrapping then
 * needs 2 spare bytes after the packet) or a region that does not overlap the source; any
 * other overlap is rejected. Padding of the source packet is not carried over. This class does
 * not pick which packets to retransmit (see {@link PacketHistory}) nor negotiate the RTX
 * payload type (SDP {@code apt=}).
 */
public final class Rtx {

    /** RFC 4588 §4: the OSN field is 2 bytes at the start of the RTX payload. */
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /** The original sequence number carried by an RTX packet, or -1 if its payload is too short. */
    public static int originalSequenceNumber(RtpPacket rtx) {
        return rtx.payloadLength() < OSN_LENGTH ? -1 : u16(rtx.buffer(), rtx.payloadOffset());
    }

    /**
     * Writes the RTX form of {@code original} to {@code dst[dstOff..]}.
     *
     * @return the RTX packet length, or -1 if it does not fit in {@code dst}
     * @throws IllegalArgumentException if {@code dst} overlaps the source other than in place
     */
    public static int wrap(RtpPacket original, byte[] dst, int dstOff, int rtxPayloadType, long rtxSsrc, int rtxSeq) {
        int header = original.headerLength();
        int payload = original.payloadLength();
        int total = header + OSN_LENGTH + payload;
        if (dstOff < 0 || total > dst.length - dstOff) {
            return -1;
        }
        checkOverlap(original, dst, dstOff, total);
        byte[] src = original.buffer();
        int osn = original.sequenceNumber();
        // payload first: in place it moves forward by 2 over bytes the OSN then overwrites
        System.arraycopy(src, original.payloadOffset(), dst, dstOff + header + OSN_LENGTH, payload);
        System.arraycopy(src, original.offset(), dst, dstOff, header);
        put16(dst, dstOff + header, osn);
        writeIdentity(dst, dstOff, rtxPayloadType, rtxSsrc, rtxSeq);
        return total;
    }

    /**
     * Writes the original packet carried by {@code rtx} to {@code dst[dstOff..]}: OSN removed,
     * sequence number set to the OSN, payload type and SSRC set to the original stream's.
     *
     * @return the original packet length, or -1 if the RTX payload has no OSN or it does not fit
     * @throws IllegalArgumentException if {@code dst} overlaps the source other than in place
     */
    public static int unwrap(RtpPacket rtx, byte[] dst, int dstOff, int originalPayloadType, long originalSsrc) {
        int osn = originalSequenceNumber(rtx);
        if (osn < 0) {
            return -1;
        }
        int header = rtx.headerLength();
        int payload = rtx.payloadLength() - OSN_LENGTH;
        int total = header + payload;
        if (dstOff < 0 || total > dst.length - dstOff) {
            return -1;
        }
        checkOverlap(rtx, dst, dstOff, total);
        byte[] src = rtx.buffer();
        System.arraycopy(src, rtx.offset(), dst, dstOff, header);
        System.arraycopy(src, rtx.payloadOffset() + OSN_LENGTH, dst, dstOff + header, payload);
        writeIdentity(dst, dstOff, originalPayloadType, originalSsrc, osn);
        return total;
    }

    private static void writeIdentity(byte[] dst, int off, int pt, long ssrc, int seq) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type out of range: " + pt);
        }
        dst[off] = (byte) (dst[off] & ~0x20); // padding not carried over
        dst[off + 1] = (byte) ((dst[off + 1] & 0x80) | pt);
        put16(dst, off + 2, seq);
        put32(dst, off + 8, ssrc);
    }

    private static void checkOverlap(RtpPacket src, byte[] dst, int dstOff, int total) {
        if (dst != src.buffer() || dstOff == src.offset()) {
            return;
        }
        int s0 = src.offset();
        int s1 = s0 + src.length();
        if (dstOff < s1 && s0 < dstOff + total) {
            throw new IllegalArgumentException("destination overlaps the source packet");
        }
    }
}
