package io.familymeeting.signaling.access;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.util.Locale;

/**
 * Who may create and join rooms ({@code ACCESS_MODE}): {@link #OPEN}, any visitor (the
 * default in development), or {@link #TOKEN}, only holders of a join token
 * ({@link JoinTokens}; the default with {@code RUN_TIME_ENV=production}). What each mode
 * allows route by route is {@link RoomAccess}'s part.
 */
public enum AccessMode {
    OPEN,
    TOKEN;

    /** {@code ACCESS_MODE}, or the default of the run-time environment when it is empty. */
    public static AccessMode from(Settings settings) {
        String value = settings.get(Setting.ACCESS_MODE);
        if (value.isEmpty()) {
            return settings.isProduction() ? TOKEN : OPEN;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "open" -> OPEN;
            case "token" -> TOKEN;
            default -> throw new IllegalStateException("ACCESS_MODE must be 'open' or 'token', not '" + value + "'");
        };
    }

    /** The setting's word for this mode ({@code open} | {@code token}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
