package io.familymeeting.signaling.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.RequestException;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes and checks join tokens: JWTs (RFC 7519) signed with {@link TokenKeys} (HS256 or
 * ES256) that admit one identity to one room. Claims: {@code iss} {@value #ISSUER},
 * {@code sub} the identity (1-64 of {@code [A-Za-z0-9_-]}), {@code name} the display name
 * (may be absent: the person types it), {@code room} the room id, {@code roles} what it may
 * do ({@code ["presenter", "viewer"]} or {@code ["viewer"]}), {@code iat}, {@code exp},
 * {@code jti}.
 *
 * <p>{@link #verify} refuses, with an {@link AccessException} whose message says exactly
 * why, a token that is not a JWT, is unsigned ({@code alg: none}) or signed with another
 * algorithm than this server's, whose signature does not verify, that has expired, is for
 * another room, or does not allow the role asked for. It does not decide who may do what on
 * which route ({@link RoomAccess} does) and keeps no list of issued tokens: a token is
 * valid until it expires.
 */
public final class JoinTokens {
    public static final String ISSUER = "family-meeting";
    static final String CLAIM_NAME = "name";
    static final String CLAIM_ROOM = "room";
    static final String CLAIM_ROLES = "roles";
    /** Display names: as long as the participant documents take (NativeRooms). */
    static final int MAX_NAME = 60;
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** A token made by {@link #issue} and what it says. */
    public record Issued(String token, JoinClaims claims) {
    }

    private final TokenKeys keys;
    private final Clock clock;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final SecureRandom random = new SecureRandom();

    public JoinTokens(TokenKeys keys, Clock clock, Duration defaultTtl, Duration maxTtl) {
        this.keys = keys;
        this.clock = clock;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    public TokenKeys keys() {
        return keys;
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    /**
     * A token admitting {@code identity} to {@code roomId} as {@code role} (a presenter may
     * also view).
     *
     * @param identity the {@code sub}; null or blank: a fresh {@code guest-...} identity
     * @param name     the display name; null or blank: none (the page asks for it)
     * @param ttl      how long it is valid; null: ACCESS_TOKEN_TTL_SECONDS
     * @throws RequestException (400) for a bad room id, identity, name or ttl, (503) when this
     *                          server has only a public key
     */
    public Issued issue(String roomId, ParticipantRole role, String identity, String name, Duration ttl) {
        if (!keys.canSign()) {
            throw new RequestException(503, "this server verifies join tokens but cannot make them:"
                    + " ACCESS_TOKEN_PRIVATE_KEY is not set");
        }
        if (!Paths.isValidId(roomId)) {
            throw new RequestException(400, "room id must be 1-64 letters, digits, '-' or '_' (starting with a letter or digit)");
        }
        if (role == null) {
            throw new RequestException(400, "role is missing (use \"presenter\" or \"viewer\")");
        }
        String sub = identity == null || identity.isBlank() ? "guest-" + randomId(6) : identity.trim();
        if (!IDENTITY.matcher(sub).matches()) {
            throw new RequestException(400, "identity must be 1-64 letters, digits, '-' or '_'");
        }
        String display = name == null ? "" : name.trim();
        if (display.length() > MAX_NAME) {
            throw new RequestException(400, "name is longer than " + MAX_NAME + " characters");
        }
        Duration validity = ttl == null ? defaultTtl : ttl;
        if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new RequestException(400, "ttlSeconds must be at least 1");
        }
        if (validity.compareTo(maxTtl) > 0) {
            throw new RequestException(400, "ttlSeconds " + validity.toSeconds() + " is above ACCESS_TOKEN_MAX_TTL_SECONDS ("
                    + maxTtl.toSeconds() + ")");
        }
        Set<ParticipantRole> roles = role == ParticipantRole.PRESENTER
                ? EnumSet.of(ParticipantRole.PRESENTER, ParticipantRole.VIEWER) : EnumSet.of(ParticipantRole.VIEWER);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JoinClaims claims = new JoinClaims(sub, display, roomId, roles, now, now.plus(validity), randomId(16));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(keys.algorithm()).type(JOSEObjectType.JWT).build(), toJwt(claims));
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a join token failed: " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), claims);
    }

    /**
     * The claims of a valid token for {@code roomId} that allows {@code role}.
     *
     * @param role null: any role the token has
     * @throws AccessException 401 when the token is unusable (not a join token, signature,
     *                         expired), 403 when it is for another room or another role
     */
    public JoinClaims verify(String token, String roomId, ParticipantRole role) {
        JoinClaims claims = read(token);
        if (!claims.roomId().equals(roomId)) {
            throw AccessException.token(AccessException.FORBIDDEN, "for room " + claims.roomId() + ", not " + roomId);
        }
        if (role != null && !claims.allows(role)) {
            throw AccessException.token(AccessException.FORBIDDEN,
                    role == ParticipantRole.PRESENTER ? "does not allow presenting" : "does not allow viewing");
        }
        return claims;
    }

    /** Signature, issuer, expiry and shape; not the room or role. */
    JoinClaims read(String token) {
        if (token == null || token.isBlank()) {
            throw notAJoinToken("empty");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw notAJoinToken(e.getMessage());
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw notAJoinToken("unsigned or encrypted tokens (alg " + jwt.getHeader().getAlgorithm() + ") are not accepted");
        }
        if (!keys.algorithm().equals(signed.getHeader().getAlgorithm())) {
            throw notAJoinToken("signed with " + signed.getHeader().getAlgorithm() + "; this server accepts " + keys.algorithm() + " only");
        }
        try {
            if (!signed.verify(keys.verifier())) {
                throw AccessException.token(AccessException.UNAUTHORIZED, "signature does not verify");
            }
        } catch (JOSEException e) {
            throw AccessException.token(AccessException.UNAUTHORIZED, "signature does not verify (" + e.getMessage() + ")");
        }
        JWTClaimsSet set;
        try {
            set = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw notAJoinToken(e.getMessage());
        }
        return claims(set);
    }

    private JoinClaims claims(JWTClaimsSet set) {
        if (!ISSUER.equals(set.getIssuer())) {
            throw notAJoinToken("issuer " + set.getIssuer() + ", not " + ISSUER);
        }
        Instant now = clock.instant();
        Date exp = set.getExpirationTime();
        if (exp == null) {
            throw notAJoinToken("it has no expiry (exp)");
        }
        if (!now.isBefore(exp.toInstant())) {
            throw AccessException.token(AccessException.UNAUTHORIZED, "expired at " + exp.toInstant());
        }
        Date nbf = set.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant())) {
            throw AccessException.token(AccessException.UNAUTHORIZED, "not valid before " + nbf.toInstant());
        }
        String sub = set.getSubject();
        if (sub == null || !IDENTITY.matcher(sub).matches()) {
            throw notAJoinToken("sub must be 1-64 letters, digits, '-' or '_'");
        }
        String room = text(set, CLAIM_ROOM);
        if (!Paths.isValidId(room)) {
            throw notAJoinToken("claim room is not a room id");
        }
        String name = text(set, CLAIM_NAME);
        if (name != null && name.length() > MAX_NAME) {
            throw notAJoinToken("name is longer than " + MAX_NAME + " characters");
        }
        Set<ParticipantRole> roles = roles(set);
        Date iat = set.getIssueTime();
        return new JoinClaims(sub, name == null ? "" : name.trim(), room, roles, iat == null ? null : iat.toInstant(),
                exp.toInstant(), set.getJWTID());
    }

    private static String text(JWTClaimsSet set, String claim) {
        try {
            return set.getStringClaim(claim);
        } catch (ParseException e) {
            throw notAJoinToken("claim " + claim + " is not a string");
        }
    }

    private static Set<ParticipantRole> roles(JWTClaimsSet set) {
        List<String> names;
        try {
            names = set.getStringListClaim(CLAIM_ROLES);
        } catch (ParseException e) {
            throw notAJoinToken("claim roles is not a list of strings");
        }
        if (names == null || names.isEmpty()) {
            throw notAJoinToken("claim roles is missing");
        }
        Set<ParticipantRole> roles = EnumSet.noneOf(ParticipantRole.class);
        for (String n : names) {
            if ("presenter".equals(n)) {
                roles.add(ParticipantRole.PRESENTER);
            } else if ("viewer".equals(n)) {
                roles.add(ParticipantRole.VIEWER);
            } else {
                throw notAJoinToken("unknown role " + n);
            }
        }
        return roles;
    }

    private static JWTClaimsSet toJwt(JoinClaims c) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(c.identity())
                .claim(CLAIM_ROOM, c.roomId())
                .claim(CLAIM_ROLES, c.roles().stream().sorted().map(ParticipantRole::wireName).toList())
                .issueTime(Date.from(c.issuedAt()))
                .expirationTime(Date.from(c.expiresAt()))
                .jwtID(c.tokenId());
        if (!c.name().isEmpty()) {
            b.claim(CLAIM_NAME, c.name());
        }
        return b.build();
    }

    private static AccessException notAJoinToken(String why) {
        return AccessException.token(AccessException.UNAUTHORIZED, "not a join token (" + why + ")");
    }

    private String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
