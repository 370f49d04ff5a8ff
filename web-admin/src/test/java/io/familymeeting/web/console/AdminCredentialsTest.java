package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console login check: configured credentials, the development default, production refusal. */
class AdminCredentialsTest {

    @Test
    void configuredPasswordMatchesOnlyItself() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("ADMIN_USER", "ops", "ADMIN_PASSWORD", "s3cret")));
        assertThat(c.refusal()).isNull();
        assertThat(c.matches("ops", "s3cret")).isTrue();
        assertThat(c.matches("ops", "s3cret ")).isFalse();
        assertThat(c.matches("ops", "S3cret")).isFalse();
        assertThat(c.matches("admin", "s3cret")).isFalse();
        assertThat(c.matches("ops", "")).isFalse();
        assertThat(c.matches(null, "s3cret")).isFalse();
        assertThat(c.matches("ops", null)).isFalse();
        assertThat(c.matches("ops", "admin")).isFalse();
    }

    @Test
    void developmentWithoutPasswordUsesAdmin() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of()));
        assertThat(c.refusal()).isNull();
        assertThat(c.usesDefaultPassword()).isTrue();
        assertThat(c.matches("admin", "admin")).isTrue();
        assertThat(c.matches("admin", "")).isFalse();
    }

    @Test
    void productionWithoutPasswordRefusesTheConsole() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("RUN_TIME_ENV", "production")));
        assertThat(c.refusal()).contains("ADMIN_PASSWORD").contains("production");
        assertThat(c.matches("admin", "admin")).isFalse();
        assertThat(c.matches("admin", "")).isFalse();
    }

    @Test
    void productionWithPasswordServesTheConsole() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("RUN_TIME_ENV", "production", "ADMIN_PASSWORD", "pw")));
        assertThat(c.refusal()).isNull();
        assertThat(c.usesDefaultPassword()).isFalse();
        assertThat(c.matches("admin", "pw")).isTrue();
        assertThat(c.matches("admin", "admin")).isFalse();
    }
}
