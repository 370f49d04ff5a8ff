package io.familymeeting.media.core.sdp.answer;

import java.util.Objects;

/**
 * What the SFU will send on one media section of a participant that receives: the SSRCs
 * it writes into forwarded packets and the stream/track ids and CNAME the browser sees
 * (RFC 8830 msid, RFC 5576 {@code a=ssrc}, RFC 7022 CNAME).
 *
 * @param ssrc     media SSRC
 * @param rtxSsrc  RTX SSRC (RFC 4588), or null for none; signalled only when RTX is negotiated
 * @param streamId MediaStream id, becomes {@code a=msid} stream
 * @param trackId  track id, becomes {@code a=msid} appdata
 * @param cname    RTCP CNAME
 */
public record SendStream(long ssrc, Long rtxSsrc, String streamId, String trackId, String cname) {
    public SendStream {
        checkSsrc(ssrc);
        if (rtxSsrc != null) {
            checkSsrc(rtxSsrc);
            if (rtxSsrc == ssrc) {
                throw new IllegalArgumentException("RTX SSRC must differ from the media SSRC");
            }
        }
        checkId(Objects.requireNonNull(streamId, "streamId"), "streamId");
        checkId(Objects.requireNonNull(trackId, "trackId"), "trackId");
        checkId(Objects.requireNonNull(cname, "cname"), "cname");
    }

    private static void checkSsrc(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("SSRC " + v + " is out of range 0..4294967295");
        }
    }

    private static void checkId(String v, String what) {
        if (v.isEmpty() || v.length() > 64) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(what + " must be visible ASCII without spaces");
            }
        }
    }

    /** This stream without RTX. */
    public SendStream withoutRtx() {
        return rtxSsrc == null ? this : new SendStream(ssrc, null, streamId, trackId, cname);
    }
}
