package io.familymeeting.signaling.access;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenKeysTest {
    @TempDir
    Path dir;

    private static Settings settings(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    private static void refused(Settings s, String message) {
        assertThatThrownBy(() -> TokenKeys.from(s)).isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }

    /** The keys sign a token that the same keys verify. */
    private static void roundTrips(TokenKeys keys) {
        JoinTokens tokens = new JoinTokens(keys, Clock.systemUTC(), Duration.ofHours(1), Duration.ofDays(1));
        String token = tokens.issue("r1", ParticipantRole.VIEWER, "ann", null, null).token();
        assertThat(tokens.verify(token, "r1", ParticipantRole.VIEWER).identity()).isEqualTo("ann");
    }

    @Test
    void noKeySettingsMeanNoKeys() {
        assertThat(TokenKeys.from(settings())).isEmpty();
        assertThat(TokenKeys.from(settings("ACCESS_TOKEN_SECRET", "  "))).isEmpty();
    }

    @Test
    void aSecretOfAtLeast32BytesIsHs256() {
        TokenKeys keys = TokenKeys.from(settings("ACCESS_TOKEN_SECRET", TestKeys.SECRET)).orElseThrow();
        assertThat(keys.algorithm().getName()).isEqualTo("HS256");
        assertThat(keys.canSign()).isTrue();
        assertThat(keys.toString()).isEqualTo("HS256 (ACCESS_TOKEN_SECRET)").doesNotContain(TestKeys.SECRET);
        roundTrips(keys);
        refused(settings("ACCESS_TOKEN_SECRET", "x".repeat(31)), "ACCESS_TOKEN_SECRET is 31 bytes; it must be at least 32");
    }

    @Test
    void anEs256KeyPairIsReadFromPemTextFromAFileAndWithEscapedLineBreaks() throws Exception {
        KeyPair pair = TestKeys.p256();
        String privatePem = TestKeys.pem("PRIVATE KEY", pair.getPrivate());
        String publicPem = TestKeys.pem("PUBLIC KEY", pair.getPublic());
        TokenKeys fromText = TokenKeys.from(settings("ACCESS_TOKEN_PRIVATE_KEY", privatePem, "ACCESS_TOKEN_PUBLIC_KEY", publicPem)).orElseThrow();
        assertThat(fromText.algorithm().getName()).isEqualTo("ES256");
        roundTrips(fromText);

        Path privateFile = Files.writeString(dir.resolve("private.pem"), privatePem);
        Path publicFile = Files.writeString(dir.resolve("public.pem"), publicPem);
        roundTrips(TokenKeys.from(settings("ACCESS_TOKEN_PRIVATE_KEY", privateFile.toString(),
                "ACCESS_TOKEN_PUBLIC_KEY", publicFile.toString())).orElseThrow());

        roundTrips(TokenKeys.from(settings("ACCESS_TOKEN_PRIVATE_KEY", privatePem.replace("\n", "\\n"),
                "ACCESS_TOKEN_PUBLIC_KEY", publicPem.replace("\n", "\\n"))).orElseThrow());

        TokenKeys verifyOnly = TokenKeys.from(settings("ACCESS_TOKEN_PUBLIC_KEY", publicPem)).orElseThrow();
        assertThat(verifyOnly.canSign()).isFalse();
        assertThat(verifyOnly.toString()).contains("verify only");
    }

    @Test
    void aBrokenKeyConfigurationNamesTheSettingToFix() {
        KeyPair pair = TestKeys.p256();
        String privatePem = TestKeys.pem("PRIVATE KEY", pair.getPrivate());
        String publicPem = TestKeys.pem("PUBLIC KEY", pair.getPublic());
        refused(settings("ACCESS_TOKEN_SECRET", TestKeys.SECRET, "ACCESS_TOKEN_PUBLIC_KEY", publicPem), "not both");
        refused(settings("ACCESS_TOKEN_PRIVATE_KEY", privatePem), "ACCESS_TOKEN_PRIVATE_KEY needs ACCESS_TOKEN_PUBLIC_KEY");
        refused(settings("ACCESS_TOKEN_PRIVATE_KEY", privatePem, "ACCESS_TOKEN_PUBLIC_KEY",
                TestKeys.pem("PUBLIC KEY", TestKeys.p256().getPublic())), "are not one key pair");
        refused(settings("ACCESS_TOKEN_PUBLIC_KEY", "/no/such/key.pem"), "ACCESS_TOKEN_PUBLIC_KEY is neither PEM text nor the path");
        refused(settings("ACCESS_TOKEN_PUBLIC_KEY", privatePem), "ACCESS_TOKEN_PUBLIC_KEY has no '-----BEGIN PUBLIC KEY-----'");
        refused(settings("ACCESS_TOKEN_PRIVATE_KEY", privatePem.replace("PRIVATE KEY", "EC PRIVATE KEY"),
                "ACCESS_TOKEN_PUBLIC_KEY", publicPem), "openssl pkcs8 -topk8 -nocrypt");
        KeyPair p384 = TestKeys.ec("secp384r1");
        refused(settings("ACCESS_TOKEN_PUBLIC_KEY", TestKeys.pem("PUBLIC KEY", p384.getPublic())), "not on curve P-256");
        refused(settings("ACCESS_TOKEN_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                "ACCESS_TOKEN_PUBLIC_KEY is not an EC public key");
    }
}
