package io.familymeeting.signaling.access;

import io.familymeeting.media.api.ParticipantRole;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified join token says: who ({@code sub} identity, display {@code name}, which
 * may be empty), where ({@code room}), what it may do ({@code roles}), and its {@code iat},
 * {@code exp} and {@code jti}. Only {@link JoinTokens} makes these from a token.
 */
public record JoinClaims(String identity, String name, String roomId, Set<ParticipantRole> roles,
                         Instant issuedAt, Instant expiresAt, String tokenId) {
    public JoinClaims {
        roles = Set.copyOf(roles);
    }

    public boolean allows(ParticipantRole role) {
        return roles.contains(role);
    }
}
