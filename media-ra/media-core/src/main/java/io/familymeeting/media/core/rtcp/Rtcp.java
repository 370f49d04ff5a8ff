package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.u16;

/**
 * Constants and the common header of RTCP packets, RFC 3550 §6.4.1:
 * {@code V=2 | P | RC/FMT(5) | PT(8) | length(16)}, where length counts 32-bit words minus one.
 * Shared by the one-class-per-message views of this package; it parses nothing else.
 */
public final class Rtcp {

    /** RFC 3550 §6.4.1: the common header is 4 bytes. */
    public static final int HEADER_LENGTH = 4;
    /** RFC 4585 §6.1: feedback messages start with header + sender SSRC + media SSRC. */
    public static final int FEEDBACK_HEADER_LENGTH = 12;
    /** RFC 3550 §6.4.1: RC / SC / FMT is 5 bits. */
    public static final int MAX_COUNT = 31;

    /** RFC 3550 §12.1. */
    public static final int PT_SR = 200;
    public static final int PT_RR = 201;
    public static final int PT_SDES = 202;
    public static final int PT_BYE = 203;
    public static final int PT_APP = 204;
    /** RFC 4585 §6.1: transport layer feedback. */
    public static final int PT_RTPFB = 205;
    /** RFC 4585 §6.1: payload-specific feedback. */
    public static final int PT_PSFB = 206;

    /** RFC 4585 §6.2.1: Generic NACK (RTPFB). */
    public static final int FMT_NACK = 1;
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-cc (RTPFB). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** RFC 4585 §6.3.1: Picture Loss Indication (PSFB). */
    public static final int FMT_PLI = 1;
    /** RFC 5104 §4.3.1: Full Intra Request (PSFB). */
    public static final int FMT_FIR = 4;

    private Rtcp() {
    }

    /**
     * Writes a common header with P=0 for a packet of {@code totalLength} bytes (a multiple
     * of 4).
     */
    public static void writeHeader(byte[] b, int off, int countOrFmt, int packetType, int totalLength) {
        if ((totalLength & 3) != 0 || totalLength < HEADER_LENGTH) {
            throw new IllegalArgumentException("RTCP length must be a positive multiple of 4: " + totalLength);
        }
        b[off] = (byte) (0x80 | (countOrFmt & 0x1F));
        b[off + 1] = (byte) packetType;
        put16(b, off + 2, totalLength / 4 - 1);
    }

    public static int countOrFmt(byte[] b, int off) {
        return b[off] & 0x1F;
    }

    public static int packetType(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    /** Total length in bytes declared by the header at {@code off}. */
    public static int declaredLength(byte[] b, int off) {
        return (u16(b, off + 2) + 1) * 4;
    }

    /**
     * Checks the common header at {@code off}: bounds, version 2, the given packet type (and
     * count/format unless {@code fmt} is negative), declared length within {@code len} and at
     * least {@code minLength}; a padding count (P bit) must fit after {@code minLength}.
     *
     * @return the usable length (declared length minus padding), or -1 when invalid
     */
    static int check(byte[] b, int off, int len, int packetType, int fmt, int minLength) {
        if (b == null || off < 0 || len < HEADER_LENGTH || off > b.length - len) {
            return -1;
        }
        if ((b[off] & 0xC0) != 0x80 || packetType(b, off) != packetType) {
            return -1;
        }
        if (fmt >= 0 && countOrFmt(b, off) != fmt) {
            return -1;
        }
        int declared = declaredLength(b, off);
        if (declared > len || declared < minLength) {
            return -1;
        }
        int usable = declared;
        if ((b[off] & 0x20) != 0) {
            int pad = b[off + declared - 1] & 0xFF;
            if (pad == 0 || declared - pad < minLength) {
                return -1;
            }
            usable -= pad;
        }
        return usable;
    }
}
