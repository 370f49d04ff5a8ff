package io.familymeeting.web.api;

import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirebaseWebConfigTest {

    @Test
    void anEmulatorSetupNeedsOnlyTheProjectAndServesTheServersEmulatorWithoutSignIn() {
        Map<String, Object> c = FirebaseWebConfig.from(Settings.of(Map.of(
                "GOOGLE_CLOUD_PROJECT", "demo-family", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085")));
        assertThat(c.get("firebase")).isEqualTo(Map.of("apiKey", "", "authDomain", "demo-family.firebaseapp.com",
                "projectId", "demo-family"));
        assertThat(c.get("firestoreEmulator")).isEqualTo("127.0.0.1:8085");
        assertThat(c.get("signIn")).isEqualTo("none");
        assertThat(c.get("authEmulator")).isNull();
    }

    @Test
    void anonymousSignInAtAnAuthEmulatorServesItsAddress() {
        Map<String, Object> c = FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "demo-family",
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085", "FIREBASE_SIGN_IN", "anonymous",
                "FIREBASE_API_KEY", "emulator-key", "BROWSER_AUTH_EMULATOR_HOST", "127.0.0.1:9099")));
        assertThat(c.get("signIn")).isEqualTo("anonymous");
        assertThat(c.get("authEmulator")).isEqualTo("127.0.0.1:9099");
        assertThat(c.get("firestoreEmulator")).isEqualTo("127.0.0.1:8085");
        assertThat(((Map<?, ?>) c.get("firebase")).get("apiKey")).isEqualTo("emulator-key");
    }

    @Test
    void productionSettingsWinAndSignInIsAnonymous() {
        Map<String, Object> c = FirebaseWebConfig.from(Settings.of(Map.of(
                "GOOGLE_CLOUD_PROJECT", "server-project", "FIREBASE_PROJECT_ID", "web-project",
                "FIREBASE_API_KEY", "AIzaKey", "FIREBASE_AUTH_DOMAIN", "meet.example.org")));
        assertThat(c.get("firebase")).isEqualTo(Map.of("apiKey", "AIzaKey", "authDomain", "meet.example.org",
                "projectId", "web-project"));
        assertThat(c.get("firestoreEmulator")).isNull();
        assertThat(c.get("signIn")).isEqualTo("anonymous");
    }

    @Test
    void inTokenModeThePagesSignInWithTheirInvites() {
        Map<String, Object> c = FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "demo-family",
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085", "ACCESS_MODE", "token", "FIREBASE_API_KEY", "k",
                "BROWSER_AUTH_EMULATOR_HOST", "127.0.0.1:9099")));
        assertThat(c.get("signIn")).isEqualTo("token");
        assertThat(c.get("authEmulator")).isEqualTo("127.0.0.1:9099");
        Map<String, Object> production = FirebaseWebConfig.from(Settings.of(Map.of("RUN_TIME_ENV", "production",
                "GOOGLE_CLOUD_PROJECT", "p", "FIREBASE_API_KEY", "AIzaKey", "FIREBASE_SIGN_IN", "anonymous")));
        assertThat(production.get("signIn")).as("token mode is production's default").isEqualTo("token");
    }

    @Test
    void tokenModeWantsAnApiKeyAndSignedInPages() {
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "ACCESS_MODE", "token", "FIREBASE_API_KEY", "k", "FIREBASE_SIGN_IN", "none"))))
                .hasMessage("ACCESS_MODE=token signs the pages in with their invites: FIREBASE_SIGN_IN=none does not fit it");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085", "ACCESS_MODE", "token"))))
                .hasMessageContaining("token sign-in needs FIREBASE_API_KEY");
    }

    @Test
    void browsersMayReachTheEmulatorAtAnotherAddress() {
        Map<String, Object> c = FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "FIRESTORE_EMULATOR_HOST", "firestore:8080", "BROWSER_FIRESTORE_EMULATOR_HOST", "localhost:18080")));
        assertThat(c.get("firestoreEmulator")).isEqualTo("localhost:18080");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of())))
                .hasMessageContaining("FIREBASE_PROJECT_ID");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "FIREBASE_SIGN_IN", "google")))).hasMessageContaining("FIREBASE_SIGN_IN");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "BROWSER_FIRESTORE_EMULATOR_HOST", "http://x:1/")))).hasMessageContaining("host:port");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "FIREBASE_API_KEY", "k", "BROWSER_AUTH_EMULATOR_HOST", "http://127.0.0.1:9099"))))
                .hasMessageContaining("BROWSER_AUTH_EMULATOR_HOST").hasMessageContaining("host:port");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p"))))
                .as("the Auth SDK does not start without an API key").hasMessageContaining("FIREBASE_API_KEY");
        assertThatThrownBy(() -> FirebaseWebConfig.from(Settings.of(Map.of("GOOGLE_CLOUD_PROJECT", "p",
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085", "BROWSER_AUTH_EMULATOR_HOST", "127.0.0.1:9099"))))
                .as("an Auth emulator without sign-in").hasMessageContaining("FIREBASE_SIGN_IN");
    }
}
