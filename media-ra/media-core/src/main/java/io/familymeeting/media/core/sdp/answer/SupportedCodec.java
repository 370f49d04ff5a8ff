package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.H264ProfileLevelId;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.PayloadFormat;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A codec the SFU forwards, and the rule deciding whether an offered payload format is
 * that codec. The SFU never transcodes, so matching is strict where the bitstream
 * differs: VP9 {@code profile-id} (draft-ietf-payload-vp9 §6), AV1 {@code profile}
 * (AV1 RTP payload spec, SDP parameters), H.264 profile and {@code packetization-mode} (RFC 6184 §8.1,
 * §8.2.2). Audio and video other than these are not matched.
 *
 * @param kind      audio or video
 * @param name      canonical encoding name: opus, VP8, VP9, H264, AV1
 * @param clockRate RTP clock rate
 * @param channels  channel count (2 for Opus per RFC 7587 §7, 1 otherwise)
 * @param profile   VP9 profile-id / AV1 profile as decimal, H.264 profile-level-id hex; null if none
 */
public record SupportedCodec(MediaKind kind, String name, int clockRate, int channels, String profile) {
    /** RFC 6184 §8.1: non-interleaved mode, the one the SFU depacketizes and forwards. */
    public static final String H264_PACKETIZATION_MODE = "1";

    public SupportedCodec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ("H264".equals(name)) {
            H264ProfileLevelId.parse(Objects.requireNonNull(profile, "H264 needs a profile-level-id"));
        }
    }

    /** Opus, 48000/2 (RFC 7587 §7). */
    public static SupportedCodec opus() {
        return new SupportedCodec(MediaKind.AUDIO, "opus", 48000, 2, null);
    }

    public static SupportedCodec vp8() {
        return new SupportedCodec(MediaKind.VIDEO, "VP8", 90000, 1, null);
    }

    public static SupportedCodec vp9(int profileId) {
        return new SupportedCodec(MediaKind.VIDEO, "VP9", 90000, 1, Integer.toString(profileId));
    }

    /** H.264 in packetization-mode 1 with this profile (level ignored when matching). */
    public static SupportedCodec h264(String profileLevelId) {
        return new SupportedCodec(MediaKind.VIDEO, "H264", 90000, 1, profileLevelId.toLowerCase(Locale.ROOT));
    }

    public static SupportedCodec av1(int profile) {
        return new SupportedCodec(MediaKind.VIDEO, "AV1", 90000, 1, Integer.toString(profile));
    }

    /** Whether an offered payload format is this codec. */
    public boolean matches(PayloadFormat f) {
        if (f.rtpMap() == null || !f.rtpMap().encodingName().equalsIgnoreCase(name)
                || f.rtpMap().clockRate() != clockRate || f.rtpMap().channelCount() != channels) {
            return false;
        }
        Map<String, String> p = f.fmtpParameters();
        return switch (name) {
            // draft-ietf-payload-vp9 §6: profile-id absent means 0
            case "VP9" -> profile.equals(p.getOrDefault("profile-id", "0"));
            // AV1 RTP payload spec: profile absent means 0
            case "AV1" -> profile.equals(p.getOrDefault("profile", "0"));
            case "H264" -> h264Matches(p);
            default -> true;
        };
    }

    private boolean h264Matches(Map<String, String> p) {
        // RFC 6184 §8.1: packetization-mode absent means 0
        if (!H264_PACKETIZATION_MODE.equals(p.getOrDefault("packetization-mode", "0"))) {
            return false;
        }
        try {
            return H264ProfileLevelId.parse(p.get("profile-level-id")).sameProfile(H264ProfileLevelId.parse(profile));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return profile == null ? name : name + "(" + profile + ")";
    }
}
