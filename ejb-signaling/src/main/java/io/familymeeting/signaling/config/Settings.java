package io.familymeeting.signaling.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@link Setting}s from a source (MicroProfile Config in the server, a map in tests),
 * falling back to each setting's default when the value is missing or blank.
 */
public final class Settings {
    private final Function<String, Optional<String>> source;

    private Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** MicroProfile Config: system properties, environment variables, microprofile-config.properties. */
    public static Settings fromMicroProfileConfig() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return new Settings(key -> config.getOptionalValue(key, String.class));
    }

    /** A fixed map (tests, tools). */
    public static Settings of(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    public String get(Setting setting) {
        return source.apply(setting.key()).map(String::trim).filter(v -> !v.isEmpty()).orElse(setting.defaultValue());
    }

    public int getInt(Setting setting) {
        String value = get(setting);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " must be a whole number, not '" + value + "'", e);
        }
    }

    public boolean getBoolean(Setting setting) {
        return Boolean.parseBoolean(get(setting));
    }

    public boolean isProduction() {
        return "production".equalsIgnoreCase(get(Setting.RUN_TIME_ENV));
    }
}
