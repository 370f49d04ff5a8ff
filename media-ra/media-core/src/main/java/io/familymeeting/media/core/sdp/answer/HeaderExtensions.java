package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.MediaKind;

import java.util.Set;

/**
 * RTP header extensions (RFC 8285) the SFU keeps in an answer, by URI, and for which
 * media kinds. Any other offered extension is left out of the answer.
 */
public final class HeaderExtensions {
    /** RFC 8843: the media section's mid in each packet (BUNDLE demultiplexing). */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852: rid of a simulcast encoding. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852: rid of the stream an RTX packet repairs. */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** Google's absolute send time, for REMB bandwidth estimation. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §2. */
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** RFC 6464: client-to-mixer audio level. */
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** RFC 5450: transmission time offset. */
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    /** 3GPP TS 26.114 §7.4.5: coordination of video orientation. */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** Google's playout delay limits. */
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    private static final Set<String> BOTH = Set.of(MID, ABS_SEND_TIME, TRANSPORT_WIDE_CC);
    private static final Set<String> VIDEO = Set.of(TOFFSET, VIDEO_ORIENTATION, PLAYOUT_DELAY);
    private static final Set<String> SIMULCAST = Set.of(RTP_STREAM_ID, REPAIRED_RTP_STREAM_ID);

    private HeaderExtensions() {
    }

    /**
     * Whether the answer keeps this extension.
     *
     * @param simulcast true when the section is a rid-based simulcast the SFU receives
     */
    public static boolean supported(String uri, MediaKind kind, boolean simulcast) {
        if (BOTH.contains(uri)) {
            return true;
        }
        if (kind == MediaKind.AUDIO) {
            return SSRC_AUDIO_LEVEL.equals(uri);
        }
        return VIDEO.contains(uri) || (simulcast && SIMULCAST.contains(uri));
    }
}
