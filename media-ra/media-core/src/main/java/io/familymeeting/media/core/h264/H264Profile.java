package io.familymeeting.media.core.h264;

import java.util.Locale;

/**
 * The H.264 profile a {@code profile-level-id} (RFC 6184 §8.1) stands for, as decoders see
 * it: profile_idc together with the constraint_set flags, so that 42e01f and 42c01f (both
 * Constrained Baseline, H.264 §A.2.1.1) match while 42001f (Baseline) does not. Two
 * descriptions carry the same bitstream format when their profiles are equal; the level is
 * not compared (viewers decode higher levels than they offer). Patterns follow Annex A
 * (the same table libwebrtc uses).
 */
public enum H264Profile {
    CONSTRAINED_BASELINE, BASELINE, MAIN, EXTENDED, CONSTRAINED_HIGH, HIGH, PREDICTIVE_HIGH_444, UNKNOWN;

    /** Classifies six hex digits; null means the RFC 6184 default 42000a (Baseline). */
    public static H264Profile of(String profileLevelId) {
        if (profileLevelId == null) {
            return BASELINE;
        }
        String hex = profileLevelId.trim().toLowerCase(Locale.ROOT);
        if (hex.length() != 6) {
            return UNKNOWN;
        }
        int v;
        try {
            v = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
        return of(v >> 16, (v >> 8) & 0xFF);
    }

    /** @param iop the constraint_set0..5 flags byte (bit 7 = constraint_set0_flag) */
    public static H264Profile of(int profileIdc, int iop) {
        boolean set0 = (iop & 0x80) != 0;
        boolean set1 = (iop & 0x40) != 0;
        boolean set3 = (iop & 0x10) != 0;
        boolean set4 = (iop & 0x08) != 0;
        boolean set5 = (iop & 0x04) != 0;
        return switch (profileIdc) {
            // §A.2.1.1: Baseline with constraint_set1 is Constrained Baseline.
            case 0x42 -> set1 ? CONSTRAINED_BASELINE : BASELINE;
            // §A.2.2: Main with constraint_set0 decodes as Constrained Baseline.
            case 0x4D -> set0 ? CONSTRAINED_BASELINE : MAIN;
            case 0x58 -> set0 && set1 ? CONSTRAINED_BASELINE : set0 ? BASELINE : EXTENDED;
            // §A.2.4.2: High with constraint_set4 and 5 is Constrained High.
            case 0x64 -> set4 && set5 ? CONSTRAINED_HIGH : (set3 ? UNKNOWN : HIGH);
            case 0xF4 -> PREDICTIVE_HIGH_444;
            default -> UNKNOWN;
        };
    }
}
