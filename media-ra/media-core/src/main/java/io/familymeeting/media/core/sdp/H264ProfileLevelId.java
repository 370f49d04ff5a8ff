package io.familymeeting.media.core.sdp;

import java.util.Locale;

/**
 * The H.264 {@code profile-level-id} fmtp parameter (RFC 6184 §8.1): three bytes,
 * {@code profile_idc}, {@code profile-iop} (the constraint_set flags) and
 * {@code level_idc}, as six hex digits. Two descriptions name the same profile when the
 * first two bytes are equal; the level is negotiated separately (RFC 6184 §8.2.2), so it
 * is not part of {@link #sameProfile}.
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {
    /** RFC 6184 §8.1: when profile-level-id is absent, 42000A (Baseline, level 1) is meant. */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(0x42, 0x00, 0x0A);

    public H264ProfileLevelId {
        if (profileIdc < 0 || profileIdc > 255 || profileIop < 0 || profileIop > 255 || levelIdc < 0 || levelIdc > 255) {
            throw new IllegalArgumentException("profile-level-id bytes must be 0..255");
        }
    }

    /** Parses six hex digits; null or absent means {@link #DEFAULT}. */
    public static H264ProfileLevelId parse(String hex) {
        if (hex == null) {
            return DEFAULT;
        }
        if (hex.length() != 6) {
            throw new IllegalArgumentException("profile-level-id '" + Tokens.shorten(hex) + "' is not 6 hex digits");
        }
        try {
            int v = Integer.parseInt(hex, 16);
            return new H264ProfileLevelId(v >> 16, (v >> 8) & 0xFF, v & 0xFF);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("profile-level-id '" + Tokens.shorten(hex) + "' is not 6 hex digits");
        }
    }

    /** Same profile_idc and same constraint flags (profile-iop). */
    public boolean sameProfile(H264ProfileLevelId other) {
        return profileIdc == other.profileIdc && profileIop == other.profileIop;
    }

    public String hex() {
        return String.format(Locale.ROOT, "%02x%02x%02x", profileIdc, profileIop, levelIdc);
    }
}
