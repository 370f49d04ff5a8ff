package io.familymeeting.signaling.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyBroadcastRequestsTest {
    @Test
    void openInDevelopmentAndOffInProductionByDefault() {
        assertThat(LegacyBroadcastRequests.isOpen(Settings.of(Map.of()))).isTrue();
        assertThat(LegacyBroadcastRequests.isOpen(Settings.of(Map.of("RUN_TIME_ENV", "production")))).isFalse();
    }

    @Test
    void anExplicitValueWinsInEitherEnvironment() {
        assertThat(LegacyBroadcastRequests.isOpen(Settings.of(Map.of("RUN_TIME_ENV", "production",
                "LEGACY_BROADCAST_REQUESTS", "open")))).isTrue();
        assertThat(LegacyBroadcastRequests.isOpen(Settings.of(Map.of("LEGACY_BROADCAST_REQUESTS", "OFF")))).isFalse();
        assertThat(LegacyBroadcastRequests.wireName(true)).isEqualTo("open");
        assertThat(LegacyBroadcastRequests.wireName(false)).isEqualTo("off");
    }

    @Test
    void anyOtherValueIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LegacyBroadcastRequests.isOpen(Settings.of(Map.of("LEGACY_BROADCAST_REQUESTS", "yes"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LEGACY_BROADCAST_REQUESTS must be 'open' or 'off', not 'yes'");
    }
}
