package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.h264.SpropParameterSets;

import java.util.Locale;
import java.util.Map;

/**
 * One m-line of a camera's DESCRIBE that the camera will SETUP, or report as unsupported.
 *
 * @param kind        audio or video
 * @param control     the absolute URL to SETUP (RFC 2326 §C.1.1)
 * @param payloadType its RTP payload type
 * @param encoding    encoding name in upper case (H264, H265, JPEG, PCMU, OPUS, MPEG4-GENERIC, ...)
 * @param clockRate   RTP clock rate
 * @param channels    audio channels (1 when not given)
 * @param fmtp        the fmtp parameters, may be empty
 * @param supported   forwarded to WebRTC viewers as it is (H.264; PCMU, PCMA, Opus)
 */
public record CameraTrack(TrackKind kind, String control, int payloadType, String encoding, int clockRate,
                          int channels, Map<String, String> fmtp, boolean supported) {

    /** When neither the fmtp nor an SPS gives the profile: constrained baseline, level 3.1. */
    static final String FALLBACK_PROFILE_LEVEL_ID = "42e01f";

    /**
     * The profile-level-id of an H.264 track (RFC 6184 §8.1), in lower case: the fmtp
     * parameter, else read from the SPS in {@code sprop-parameter-sets}, else {@link
     * #FALLBACK_PROFILE_LEVEL_ID}.
     */
    public String h264ProfileLevelId() {
        String p = fmtp.get("profile-level-id");
        if (p == null) {
            byte[] sps = null;
            for (byte[] nal : SpropParameterSets.parse(fmtp.get("sprop-parameter-sets"))) {
                if ((nal[0] & 0x1F) == 7) { // nal_unit_type 7: sequence parameter set (H.264 Table 7-1)
                    sps = nal;
                }
            }
            p = SpropParameterSets.profileLevelId(sps);
        }
        return p == null ? FALLBACK_PROFILE_LEVEL_ID : p.toLowerCase(Locale.ROOT);
    }

    /** "H264 42c00d", "PCMU/8000", "OPUS/48000/2" for states and snapshots. */
    public String describe() {
        if (encoding.equals("H264")) {
            return "H264 " + fmtp.getOrDefault("profile-level-id", "42000a");
        }
        return encoding + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
