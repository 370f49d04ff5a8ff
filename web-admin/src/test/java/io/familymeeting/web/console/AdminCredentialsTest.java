package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console login check: configured credentials, the development default, production
 * refusal; and the API key (bearer scheme, exact key, at least 32 characters).
 */
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

    private static final String KEY = "k7Yv2QmT9xLp4RzW8aNc3HdJ6uFe1SbG";

    @Test
    void theApiKeyIsABearerCredentialThatMustMatchExactly() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("ADMIN_PASSWORD", "pw", "ADMIN_API_KEY", KEY)));
        assertThat(c.hasApiKey()).isTrue();
        assertThat(c.apiKeyProblem()).isNull();
        assertThat(c.matchesAuthorization("Bearer " + KEY)).isTrue();
        assertThat(c.matchesAuthorization("bearer " + KEY)).as("the scheme without case (RFC 7235 §2.1)").isTrue();
        assertThat(c.matchesAuthorization("Bearer " + KEY + "x")).isFalse();
        assertThat(c.matchesAuthorization("Bearer " + KEY.substring(1))).isFalse();
        assertThat(c.matchesAuthorization("Bearer " + KEY.toLowerCase())).isFalse();
        assertThat(c.matchesAuthorization("Basic " + KEY)).isFalse();
        assertThat(c.matchesAuthorization(KEY)).isFalse();
        assertThat(c.matchesAuthorization("Bearer ")).isFalse();
        assertThat(c.matchesAuthorization(null)).isFalse();
        assertThat(c.matches("admin", KEY)).as("the key is not the password").isFalse();
    }

    @Test
    void withoutAKeyNoBearerMatches() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of()));
        assertThat(c.hasApiKey()).isFalse();
        assertThat(c.apiKeyProblem()).isNull();
        assertThat(c.matchesAuthorization("Bearer ")).isFalse();
        assertThat(c.matchesAuthorization("Bearer admin")).isFalse();
    }

    @Test
    void aShortKeyIsNotAccepted() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("ADMIN_API_KEY", "short-key")));
        assertThat(c.hasApiKey()).isFalse();
        assertThat(c.apiKeyProblem()).contains("ADMIN_API_KEY is shorter than 32 characters");
        assertThat(c.matchesAuthorization("Bearer short-key")).isFalse();
    }

    @Test
    void theKeyWorksWhilePasswordLoginsAreRefused() {
        AdminCredentials c = AdminCredentials.from(Settings.of(Map.of("RUN_TIME_ENV", "production", "ADMIN_API_KEY", KEY)));
        assertThat(c.refusal()).contains("ADMIN_PASSWORD");
        assertThat(c.matchesAuthorization("Bearer " + KEY)).isTrue();
    }
}
