package io.familymeeting.signaling.config;

import io.familymeeting.signaling.schema.Values;

import java.util.Locale;

/**
 * The LEGACY_BROADCAST_REQUESTS setting: whether {@code broadcast_requests} documents without
 * a {@code uid} (what the original family-meeting web client writes) are accepted. Such a
 * document belongs to nobody, so anyone who knows its id may watch or abort that broadcast:
 * a compatibility setting, {@code open} by default in development and {@code off} with
 * {@code RUN_TIME_ENV=production}.
 *
 * <p>Only reads the setting; the Firestore security rules (through {@code config/access}) and
 * {@code service.BroadcastRequests} enforce it.
 */
public final class LegacyBroadcastRequests {
    private LegacyBroadcastRequests() {
    }

    /**
     * True when unstamped requests are accepted.
     *
     * @throws IllegalArgumentException naming the setting when it is neither open nor off
     */
    public static boolean isOpen(Settings settings) {
        String value = settings.get(Setting.LEGACY_BROADCAST_REQUESTS).toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return !settings.isProduction();
        }
        return switch (value) {
            case Values.ACCESS_OPEN -> true;
            case Values.LEGACY_OFF -> false;
            default -> throw new IllegalArgumentException("LEGACY_BROADCAST_REQUESTS must be '" + Values.ACCESS_OPEN
                    + "' or '" + Values.LEGACY_OFF + "', not '" + settings.get(Setting.LEGACY_BROADCAST_REQUESTS) + "'");
        };
    }

    /** The word config/access carries: {@code open} | {@code off}. */
    public static String wireName(boolean open) {
        return open ? Values.ACCESS_OPEN : Values.LEGACY_OFF;
    }
}
