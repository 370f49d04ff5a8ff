package io.familymeeting.web.api;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.access.AccessConfig;
import io.familymeeting.signaling.access.JoinClaims;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.store.firestore.CustomTokens;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TokenExchange} with real join tokens (HS256) and a recording minter in place of firebase-admin. */
class TokenExchangeTest {
    private static final String SECRET = "a-secret-of-the-tests-that-is-longer-than-32-bytes";
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final List<JoinClaims> minted = new ArrayList<>();

    private static AccessConfig access(String mode, String secret, Clock clock) {
        return AccessConfig.from(Settings.of(Map.of("ACCESS_MODE", mode, "ACCESS_TOKEN_SECRET", secret)), clock);
    }

    private TokenExchange exchange(String backend, AccessConfig access) {
        return new TokenExchange(backend, access, claims -> {
            minted.add(claims);
            return new CustomTokens.Minted("invite-u1", CustomTokens.claimsOf(claims), "custom." + claims.roomId());
        });
    }

    private static String invite(String room, ParticipantRole role, Clock clock, String secret) {
        return access("token", secret, clock).requireTokens().issue(room, role, "dave", "Dave", Duration.ofHours(1)).token();
    }

    private static int status(Runnable r) {
        try {
            r.run();
        } catch (RequestException e) {
            return e.status();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aValidInviteForTheRoomIsAnsweredWithACustomTokenAndItsClaims() {
        Map<String, Object> out = exchange("firestore", access("token", SECRET, NOW))
                .exchange(invite("family", ParticipantRole.VIEWER, NOW, SECRET), Map.of("room", "family"));
        assertThat(out).containsEntry("customToken", "custom.family").containsEntry("uid", "invite-u1")
                .containsEntry("expiresAt", "2026-03-01T13:00:00Z");
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) out.get("claims");
        assertThat(claims).containsEntry("room", "family").containsEntry("roles", List.of("viewer"))
                .containsEntry("identity", "dave").containsEntry("displayName", "Dave")
                .containsEntry("inviteExp", Instant.parse("2026-03-01T13:00:00Z").getEpochSecond());
        assertThat(minted).singleElement().satisfies(c -> assertThat(c.roomId()).isEqualTo("family"));
    }

    @Test
    void forgedExpiredAndWrongRoomInvitesAreRefusedAndMintNothing() {
        TokenExchange exchange = exchange("firestore", access("token", SECRET, NOW));
        String forged = invite("family", ParticipantRole.PRESENTER, NOW, "another-secret-that-is-longer-than-32-bytes");
        assertThatThrownBy(() -> exchange.exchange(forged, Map.of("room", "family")))
                .isInstanceOf(RequestException.class).hasMessageContaining("signature does not verify");
        String old = invite("family", ParticipantRole.VIEWER, Clock.offset(NOW, Duration.ofHours(-2)), SECRET);
        assertThat(status(() -> exchange.exchange(old, Map.of("room", "family")))).isEqualTo(401);
        assertThatThrownBy(() -> exchange.exchange(old, Map.of("room", "family"))).hasMessageContaining("expired at");
        String elsewhere = invite("other", ParticipantRole.VIEWER, NOW, SECRET);
        assertThat(status(() -> exchange.exchange(elsewhere, Map.of("room", "family")))).isEqualTo(403);
        assertThatThrownBy(() -> exchange.exchange(elsewhere, Map.of("room", "family"))).hasMessageContaining("for room other, not family");
        assertThat(status(() -> exchange.exchange("not-a-jwt", Map.of("room", "family")))).isEqualTo(401);
        assertThat(minted).isEmpty();
    }

    @Test
    void requestsThatCannotBeExchangedSayWhy() {
        String token = invite("family", ParticipantRole.VIEWER, NOW, SECRET);
        assertThat(status(() -> exchange("embedded", access("token", SECRET, NOW)).exchange(token, Map.of("room", "family"))))
                .isEqualTo(404);
        assertThatThrownBy(() -> exchange("firestore", access("open", SECRET, NOW)).exchange(token, Map.of("room", "family")))
                .hasMessageContaining("ACCESS_MODE=open");
        TokenExchange exchange = exchange("firestore", access("token", SECRET, NOW));
        assertThatThrownBy(() -> exchange.exchange(null, Map.of("room", "family")))
                .hasMessageContaining("Authorization: Bearer");
        assertThat(status(() -> exchange.exchange(token, Map.of()))).isEqualTo(400);
        assertThat(status(() -> exchange.exchange(token, Map.of("room", "../x")))).isEqualTo(400);
        assertThat(minted).isEmpty();
    }

    @Test
    void aFailureToMintIsA503WithoutItsDetail() {
        TokenExchange exchange = new TokenExchange("firestore", access("token", SECRET, NOW), claims -> {
            throw new IllegalStateException("IAM signBlob denied for sa@project.iam.gserviceaccount.com");
        });
        assertThatThrownBy(() -> exchange.exchange(invite("family", ParticipantRole.VIEWER, NOW, SECRET), Map.of("room", "family")))
                .isInstanceOf(RequestException.class)
                .hasMessageNotContaining("gserviceaccount")
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(503));
    }
}
