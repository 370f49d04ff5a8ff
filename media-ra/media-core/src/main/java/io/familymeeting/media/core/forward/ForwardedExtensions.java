package io.familymeeting.media.core.forward;

import java.util.Set;

/** Which RTP header extensions (RFC 8285) keep their meaning when the SFU forwards a packet. */
final class ForwardedExtensions {
    private static final Set<String> FORWARDED = Set.of(
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level",            // RFC 6464
            "urn:ietf:params:rtp-hdrext:toffset",                      // RFC 5450
            "urn:3gpp:video-orientation",                               // 3GPP TS 26.114
            "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
            "http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
            "http://www.webrtc.org/experiments/rtp-hdrext/color-space");

    private ForwardedExtensions() {
    }

    static boolean survivesForwarding(String uri) {
        return FORWARDED.contains(uri);
    }
}
