package io.familymeeting.signaling.access;

import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessConfigTest {
    private static AccessConfig config(Map<String, String> values) {
        return AccessConfig.from(Settings.of(values), Clock.systemUTC());
    }

    @Test
    void developmentIsOpenAndProductionTokenByDefault() {
        assertThat(config(Map.of()).mode()).isEqualTo(AccessMode.OPEN);
        assertThat(config(Map.of()).tokens()).isEmpty();
        AccessConfig production = config(Map.of("RUN_TIME_ENV", "production", "ACCESS_TOKEN_SECRET", TestKeys.SECRET));
        assertThat(production.mode()).isEqualTo(AccessMode.TOKEN);
        assertThat(production.tokens()).isPresent();
        assertThat(production.toString()).isEqualTo("access token, join tokens HS256 (ACCESS_TOKEN_SECRET)");
        assertThat(config(Map.of("RUN_TIME_ENV", "production", "ACCESS_MODE", "open")).mode()).isEqualTo(AccessMode.OPEN);
        assertThat(config(Map.of("ACCESS_MODE", "TOKEN", "ACCESS_TOKEN_SECRET", TestKeys.SECRET)).mode()).isEqualTo(AccessMode.TOKEN);
    }

    @Test
    void tokenModeWithoutAKeyRefusesToStartNamingTheSettings() {
        assertThatThrownBy(() -> config(Map.of("RUN_TIME_ENV", "production")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ACCESS_MODE=token needs a key for join tokens: set ACCESS_TOKEN_SECRET (HS256, at least 32 bytes)"
                        + " or ACCESS_TOKEN_PRIVATE_KEY and ACCESS_TOKEN_PUBLIC_KEY (ES256)");
        assertThatThrownBy(() -> config(Map.of("ACCESS_MODE", "token"))).hasMessageContaining("ACCESS_TOKEN_SECRET");
    }

    @Test
    void badAccessSettingsAreRefused() {
        assertThatThrownBy(() -> config(Map.of("ACCESS_MODE", "closed")))
                .hasMessage("ACCESS_MODE must be 'open' or 'token', not 'closed'");
        assertThatThrownBy(() -> config(Map.of("ACCESS_TOKEN_TTL_SECONDS", "100", "ACCESS_TOKEN_MAX_TTL_SECONDS", "50")))
                .hasMessageContaining("ACCESS_TOKEN_TTL_SECONDS (100) must be positive and at most ACCESS_TOKEN_MAX_TTL_SECONDS (50)");
        assertThatThrownBy(() -> config(Map.of("ACCESS_TOKEN_TTL_SECONDS", "a day")))
                .hasMessageContaining("ACCESS_TOKEN_TTL_SECONDS must be a whole number");
    }

    @Test
    void openModeWithAKeyStillMakesTokensAndWithoutOneSaysWhyNot() {
        AccessConfig withKey = config(Map.of("ACCESS_TOKEN_SECRET", TestKeys.SECRET, "ACCESS_TOKEN_TTL_SECONDS", "600"));
        assertThat(withKey.requireTokens().defaultTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(withKey.requireTokens().maxTtl()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> config(Map.of()).requireTokens()).hasMessageContaining("join tokens are off on this server");
    }
}
