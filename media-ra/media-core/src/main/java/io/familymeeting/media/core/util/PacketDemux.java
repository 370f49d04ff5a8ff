package io.familymeeting.media.core.util;

/**
 * Classifies a datagram arriving on the shared media port by its first byte(s), as RFC 7983
 * §7 describes, so STUN (ICE), DTLS and SRTP/SRTCP can share one UDP port.
 *
 * <p>Pure predicates over {@code (buf, off, len)}: nothing is parsed beyond what the
 * classification needs and nothing is allocated. Each predicate also checks the minimum
 * length of the protocol's fixed header, so a {@code true} answer means the caller may read
 * that header. It does not validate the packet further (that is the protocol stack's job),
 * and it does not recognise ZRTP or TURN channel data (ranges RFC 7983 also defines; an SFU
 * that is its own ICE-lite endpoint sees neither).
 */
public final class PacketDemux {

    /** RFC 5389 §6: the STUN header is 20 bytes. */
    public static final int STUN_HEADER_LENGTH = 20;
    /** RFC 6347 §4.1: the DTLS record header is 13 bytes. */
    public static final int DTLS_RECORD_HEADER_LENGTH = 13;
    /** RFC 3550 §5.1: the fixed RTP header is 12 bytes. */
    public static final int RTP_MIN_LENGTH = 12;
    /** RFC 3550 §6.4.2: the shortest RTCP packet (an RR without report blocks) is 8 bytes. */
    public static final int RTCP_MIN_LENGTH = 8;

    private PacketDemux() {
    }

    /** RFC 7983 §7: first byte 0..3 is STUN. */
    public static boolean isStun(byte[] buf, int off, int len) {
        return inBounds(buf, off, len, STUN_HEADER_LENGTH) && (buf[off] & 0xFF) <= 3;
    }

    /** RFC 7983 §7: first byte 20..63 is DTLS. */
    public static boolean isDtls(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len, DTLS_RECORD_HEADER_LENGTH)) {
            return false;
        }
        int b = buf[off] & 0xFF;
        return b >= 20 && b <= 63;
    }

    /** RFC 7983 §7: first byte 128..191 is RTP or RTCP (this also means RTP version 2). */
    public static boolean isRtpOrRtcp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len, RTCP_MIN_LENGTH)) {
            return false;
        }
        int b = buf[off] & 0xFF;
        return b >= 128 && b <= 191;
    }

    /**
     * RFC 5761 §4: within the RTP/RTCP range, a second byte (RTCP packet type, or RTP marker
     * bit plus payload type) of 192..223 is RTCP. RTP payload types 64..95 are therefore not
     * usable when RTP and RTCP are multiplexed, which is what WebRTC does.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (!isRtpOrRtcp(buf, off, len)) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** RTP/RTCP range, not RTCP by RFC 5761 §4, and long enough for the fixed RTP header. */
    public static boolean isRtp(byte[] buf, int off, int len) {
        return len >= RTP_MIN_LENGTH && isRtpOrRtcp(buf, off, len) && !isRtcp(buf, off, len);
    }

    private static boolean inBounds(byte[] buf, int off, int len, int min) {
        return buf != null && off >= 0 && len >= min && off <= buf.length - len;
    }
}
