package io.familymeeting.signaling.store.firestore;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.access.JoinClaims;
import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CustomTokens} signing with a service-account key made for the test (the path of a
 * key file, GOOGLE_APPLICATION_CREDENTIALS): the custom token verifies with that key's public
 * half and carries the claims the security rules read.
 */
class CustomTokensTest {
    private static final String ACCOUNT = "family-meeting@demo-test.iam.gserviceaccount.com";
    private static final Instant EXP = Instant.parse("2030-01-02T03:04:05Z");
    private CustomTokens tokens;

    @AfterEach
    void close() {
        if (tokens != null) {
            tokens.close();
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A service-account key file as Google issues them (JSON with a PKCS#8 PEM private key). */
    private static Path keyFile(Path dir, KeyPair keys) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String json = """
                {"type": "service_account", "project_id": "demo-test", "private_key_id": "k1",
                 "private_key": "%s", "client_email": "%s", "client_id": "1",
                 "token_uri": "https://oauth2.googleapis.com/token"}
                """.formatted(pem.replace("\n", "\\n"), ACCOUNT);
        Path file = dir.resolve("key.json");
        Files.writeString(file, json);
        return file;
    }

    private static JoinClaims join(String name, Set<ParticipantRole> roles) {
        return new JoinClaims("dave-1", name, "family", roles, EXP.minusSeconds(3600), EXP, "jti-1");
    }

    @Test
    void aSignedCustomTokenForAFreshUidWithTheInvitesClaims(@TempDir Path dir) throws Exception {
        KeyPair keys = rsa();
        tokens = CustomTokens.open(Settings.of(Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile(dir, keys).toString(),
                "GOOGLE_CLOUD_PROJECT", "demo-test")));

        CustomTokens.Minted a = tokens.mint(join("Dave", Set.of(ParticipantRole.VIEWER)));
        CustomTokens.Minted b = tokens.mint(join("Dave", Set.of(ParticipantRole.VIEWER)));
        assertThat(a.uid()).startsWith("invite-").isNotEqualTo(b.uid());

        SignedJWT jwt = SignedJWT.parse(a.customToken());
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).as("signed with the account's key").isTrue();
        JWTClaimsSet set = jwt.getJWTClaimsSet();
        assertThat(set.getIssuer()).isEqualTo(ACCOUNT);
        assertThat(set.getStringClaim("uid")).isEqualTo(a.uid());
        Map<String, Object> claims = set.getJSONObjectClaim("claims");
        assertThat(claims).containsEntry("room", "family").containsEntry("identity", "dave-1")
                .containsEntry("displayName", "Dave").containsEntry("inviteExp", EXP.getEpochSecond())
                .containsEntry("roles", List.of("viewer"));
        assertThat(a.claims()).isEqualTo(CustomTokens.claimsOf(join("Dave", Set.of(ParticipantRole.VIEWER))));
    }

    @Test
    void anInviteWithoutANameHasNoDisplayNameAndRolesAreListedInOrder() {
        Map<String, Object> claims = CustomTokens.claimsOf(join("", Set.of(ParticipantRole.VIEWER, ParticipantRole.PRESENTER)));
        assertThat(claims).doesNotContainKey("displayName").containsEntry("roles", List.of("presenter", "viewer"));
    }

    @Test
    void aMissingEmulatorEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> CustomTokens.open(Settings.of(Map.of("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:1",
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:2"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FIREBASE_AUTH_EMULATOR_HOST must be an environment variable");
    }
}
