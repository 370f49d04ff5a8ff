package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.h264.H264Profile;

import java.util.Locale;

/**
 * One negotiated codec of a track: payload type, name, clock rate and the payload type of its
 * RTX stream (RFC 4588), or -1 when RTX is not negotiated for it.
 */
public record CodecInfo(int payloadType, String name, int clockRate, int channels, String fmtp,
                        int rtxPayloadType) {

    /** The key two sides' codecs are matched by when packets go from one to the other. */
    public String matchKey() {
        String key = name.toLowerCase(Locale.ROOT) + "/" + clockRate;
        if ("h264".equalsIgnoreCase(name)) {
            // RFC 6184 §8.1: packetization mode and profile (not the level) must agree. The
            // profile as decoders see it: 42e01f and 42c01f are both Constrained Baseline.
            key += "/" + H264Profile.of(h264Profile(fmtp));
        }
        return key;
    }

    /** The profile-level-id of an H.264 fmtp, or null when absent (RFC 6184 §8.1: 42000a). */
    static String h264Profile(String fmtp) {
        if (fmtp == null) {
            return null;
        }
        for (String part : fmtp.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("profile-level-id=") && p.length() >= "profile-level-id=".length() + 4) {
                return p.substring("profile-level-id=".length()).trim();
            }
        }
        return null;
    }
}
