package io.familymeeting.signaling.access;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static io.familymeeting.media.api.ParticipantRole.PRESENTER;
import static io.familymeeting.media.api.ParticipantRole.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinTokensTest {
    private static final Instant T0 = Instant.parse("2025-10-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final JoinTokens hs = tokens(TokenKeys.hs256(TestKeys.SECRET));

    private JoinTokens tokens(TokenKeys keys) {
        return new JoinTokens(keys, clock, Duration.ofHours(24), Duration.ofDays(30));
    }

    private static void refused(Runnable r, int status, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(AccessException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isEqualTo("join token refused: " + message);
        });
    }

    private static void refusedWith(Runnable r, int status, String part) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(AccessException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).startsWith("join token refused: ").contains(part);
        });
    }

    /** A token with these claims, signed by {@code signer} under {@code alg}. */
    private static String signed(JWSAlgorithm alg, com.nimbusds.jose.JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String room) {
        return new JWTClaimsSet.Builder().issuer(JoinTokens.ISSUER).subject("ann").claim("room", room)
                .claim("roles", List.of("viewer")).issueTime(Date.from(T0)).expirationTime(Date.from(T0.plusSeconds(3600)));
    }

    @Test
    void anHs256TokenCarriesItsClaimsAndVerifiesForItsRoomAndRole() {
        JoinTokens.Issued issued = hs.issue("sunday", PRESENTER, "ann", " Grandma Ann ", Duration.ofHours(2));
        assertThat(issued.token().split("\\.")).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(issued.token().split("\\.")[0]))).contains("\"alg\":\"HS256\"");
        JoinClaims c = hs.verify(issued.token(), "sunday", PRESENTER);
        assertThat(c).isEqualTo(issued.claims());
        assertThat(c.identity()).isEqualTo("ann");
        assertThat(c.name()).isEqualTo("Grandma Ann");
        assertThat(c.roomId()).isEqualTo("sunday");
        assertThat(c.roles()).as("a presenter may also view").isEqualTo(Set.of(PRESENTER, VIEWER));
        assertThat(c.issuedAt()).isEqualTo(T0);
        assertThat(c.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(c.tokenId()).isNotBlank();
        assertThat(hs.verify(issued.token(), "sunday", VIEWER)).isEqualTo(c);
        assertThat(hs.verify(issued.token(), "sunday", null)).isEqualTo(c);
    }

    @Test
    void anEs256TokenVerifiesWithThePublicKeyAlone() {
        KeyPair pair = TestKeys.p256();
        JoinTokens signing = tokens(TokenKeys.es256((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic()));
        JoinTokens verifyOnly = tokens(TokenKeys.es256(null, (ECPublicKey) pair.getPublic()));
        String token = signing.issue("sunday", VIEWER, null, null, null).token();
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]))).contains("\"alg\":\"ES256\"");
        JoinClaims c = verifyOnly.verify(token, "sunday", VIEWER);
        assertThat(c.identity()).as("a fresh guest identity").matches("guest-[A-Za-z0-9_-]{8}");
        assertThat(c.name()).isEmpty();
        assertThat(c.expiresAt()).as("ACCESS_TOKEN_TTL_SECONDS").isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> verifyOnly.issue("sunday", VIEWER, null, null, null))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("ACCESS_TOKEN_PRIVATE_KEY is not set");
    }

    @Test
    void aTokenSignedWithAnotherKeyOrAlteredAfterSigningIsForged() throws Exception {
        JoinTokens other = tokens(TokenKeys.hs256("another-secret-that-is-also-32-bytes-long!"));
        refused(() -> hs.verify(other.issue("sunday", PRESENTER, "mallory", null, null).token(), "sunday", PRESENTER),
                401, "signature does not verify");

        String viewer = hs.issue("sunday", VIEWER, "bob", null, null).token();
        String[] parts = viewer.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("[\"viewer\"]", "[\"presenter\",\"viewer\"]");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        refused(() -> hs.verify(altered, "sunday", PRESENTER), 401, "signature does not verify");

        KeyPair a = TestKeys.p256();
        KeyPair b = TestKeys.p256();
        JoinTokens es = tokens(TokenKeys.es256((ECPrivateKey) a.getPrivate(), (ECPublicKey) a.getPublic()));
        JoinTokens esOther = tokens(TokenKeys.es256(null, (ECPublicKey) b.getPublic()));
        refused(() -> esOther.verify(es.issue("sunday", VIEWER, null, null, null).token(), "sunday", VIEWER),
                401, "signature does not verify");
    }

    @Test
    void anExpiredTokenSaysWhenItExpired() {
        String token = hs.issue("sunday", VIEWER, "bob", null, Duration.ofMinutes(10)).token();
        clock.advance(Duration.ofMinutes(9));
        assertThat(hs.verify(token, "sunday", VIEWER).identity()).isEqualTo("bob");
        clock.advance(Duration.ofMinutes(1));
        refused(() -> hs.verify(token, "sunday", VIEWER), 401, "expired at 2025-10-01T10:10:00Z");
    }

    @Test
    void aTokenForAnotherRoomOrRoleIsRefusedWithBoth() {
        String viewer = hs.issue("sunday", VIEWER, "bob", null, null).token();
        refused(() -> hs.verify(viewer, "monday", VIEWER), 403, "for room sunday, not monday");
        refused(() -> hs.verify(viewer, "sunday", PRESENTER), 403, "does not allow presenting");
    }

    @Test
    void unsignedTokensAndOtherAlgorithmsAreNotJoinTokens() throws Exception {
        String none = new PlainJWT(claims("sunday").build()).serialize();
        assertThat(none).endsWith(".");
        refusedWith(() -> hs.verify(none, "sunday", VIEWER), 401, "not a join token (unsigned or encrypted tokens (alg none)");

        byte[] long512 = (TestKeys.SECRET + TestKeys.SECRET).getBytes();
        String hs512 = signed(JWSAlgorithm.HS512, new MACSigner(long512), claims("sunday").build());
        refused(() -> hs.verify(hs512, "sunday", VIEWER), 401, "not a join token (signed with HS512; this server accepts HS256 only)");

        // Algorithm confusion: an ES256 server handed an HS256 token keyed with its public key.
        KeyPair pair = TestKeys.p256();
        JoinTokens es = tokens(TokenKeys.es256(null, (ECPublicKey) pair.getPublic()));
        byte[] publicBytes = pair.getPublic().getEncoded();
        String confused = signed(JWSAlgorithm.HS256, new MACSigner(publicBytes), claims("sunday").build());
        refused(() -> es.verify(confused, "sunday", VIEWER), 401, "not a join token (signed with HS256; this server accepts ES256 only)");

        refusedWith(() -> hs.verify("hello", "sunday", VIEWER), 401, "not a join token (");
        refused(() -> hs.verify(" ", "sunday", VIEWER), 401, "not a join token (empty)");
        refused(() -> hs.verify(null, "sunday", VIEWER), 401, "not a join token (empty)");
    }

    @Test
    void aWellSignedTokenWithoutTheJoinClaimsIsNotAJoinToken() throws Exception {
        MACSigner signer = new MACSigner(TestKeys.SECRET.getBytes());
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("sunday").issuer("someone-else").build())),
                "sunday", VIEWER), 401, "not a join token (issuer someone-else, not family-meeting)");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("sunday").expirationTime(null).build())),
                "sunday", VIEWER), 401, "not a join token (it has no expiry (exp))");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("sunday").claim("roles", List.of("emperor")).build())),
                "sunday", VIEWER), 401, "not a join token (unknown role emperor)");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("sunday").claim("roles", null).build())),
                "sunday", VIEWER), 401, "not a join token (claim roles is missing)");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("../x").build())),
                "sunday", VIEWER), 401, "not a join token (claim room is not a room id)");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer, claims("sunday").subject("a b").build())),
                "sunday", VIEWER), 401, "not a join token (sub must be 1-64 letters, digits, '-' or '_')");
        refused(() -> hs.verify(unchecked(() -> signed(JWSAlgorithm.HS256, signer,
                claims("sunday").notBeforeTime(Date.from(T0.plusSeconds(60))).build())), "sunday", VIEWER),
                401, "not valid before 2025-10-01T10:01:00Z");
    }

    @Test
    void issuingRefusesWhatCouldNotBeAJoinToken() {
        issueRefused(() -> hs.issue("bad room!", VIEWER, null, null, null), "room id");
        issueRefused(() -> hs.issue("sunday", null, null, null, null), "role is missing");
        issueRefused(() -> hs.issue("sunday", VIEWER, "ann smith", null, null), "identity");
        issueRefused(() -> hs.issue("sunday", VIEWER, null, "x".repeat(61), null), "name is longer than 60");
        issueRefused(() -> hs.issue("sunday", VIEWER, null, null, Duration.ZERO), "at least 1");
        issueRefused(() -> hs.issue("sunday", VIEWER, null, null, Duration.ofDays(31)),
                "ttlSeconds 2678400 is above ACCESS_TOKEN_MAX_TTL_SECONDS (2592000)");
    }

    private static void issueRefused(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RequestException.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessageContaining(message);
    }

    private interface Maker {
        String make() throws Exception;
    }

    private static String unchecked(Maker m) {
        try {
            return m.make();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rolesAreWrittenAsTheirWireNames() {
        String token = hs.issue("sunday", ParticipantRole.PRESENTER, "ann", null, null).token();
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"roles\":[\"presenter\",\"viewer\"]").contains("\"iss\":\"family-meeting\"")
                .contains("\"sub\":\"ann\"").contains("\"room\":\"sunday\"").doesNotContain("\"name\"");
    }
}
