package io.familymeeting.media.core.h264;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code sprop-parameter-sets} fmtp parameter (RFC 6184 §8.1): comma-separated base64
 * NAL units, normally one SPS and one PPS. Units that are not valid base64, empty, or not
 * parameter sets are left out.
 */
public final class SpropParameterSets {
    private SpropParameterSets() {
    }

    public static List<byte[]> parse(String value) {
        List<byte[]> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                byte[] nal = Base64.getDecoder().decode(s);
                if (nal.length > 1 && (nal[0] & 0x80) == 0) {
                    int type = Nal.type(nal[0]);
                    if (type == Nal.SPS || type == Nal.PPS) {
                        out.add(nal);
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: skip it, in-band parameter sets may still come
            }
        }
        return out;
    }

    /** The profile-level-id (six hex digits) an SPS carries: bytes 1..3 (H.264 §7.3.2.1.1). */
    public static String profileLevelId(byte[] sps) {
        if (sps == null || sps.length < 4) {
            return null;
        }
        return String.format("%02x%02x%02x", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
    }
}
