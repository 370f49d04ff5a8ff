package io.familymeeting.web.api;

import io.familymeeting.signaling.access.AccessConfig;
import io.familymeeting.signaling.access.AccessMode;
import io.familymeeting.signaling.access.JoinClaims;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.store.firestore.CustomTokens;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@code POST /api/auth/firebase-token} does: a page in ACCESS_MODE=token on the
 * Firestore backend shows its join token ({@code Authorization: Bearer}) and names the room
 * ({@code {"room": "..."}}); a token that verifies for that room
 * ({@link io.familymeeting.signaling.access.JoinTokens#verify}) is answered with a Firebase
 * custom token ({@link CustomTokens}) and its claims:
 * <pre>
 *   {customToken, uid, claims: {room, roles, identity, displayName?, inviteExp}, expiresAt}
 * </pre>
 * Refusals are {@link RequestException}s with a status and the reason for the person: 404 on
 * the embedded store (no exchange there), 409 in open mode (pages sign in anonymously), 401 /
 * 403 for a missing, unusable or wrong-room token, 503 when no custom token can be made (the
 * detail goes to the log, not to the page). Makes nothing else.
 */
final class TokenExchange {
    private static final Logger LOG = Logger.getLogger(TokenExchange.class.getName());
    static final String FIRESTORE = "firestore";

    private final String backend;
    private final AccessConfig access;
    private final Function<JoinClaims, CustomTokens.Minted> mint;

    TokenExchange(String backend, AccessConfig access, Function<JoinClaims, CustomTokens.Minted> mint) {
        this.backend = backend;
        this.access = access;
        this.mint = mint;
    }

    Map<String, Object> exchange(String joinToken, Map<String, Object> body) {
        if (!FIRESTORE.equals(backend)) {
            throw new RequestException(404, "there is no token exchange on the " + backend + " backend: the meeting API"
                    + " takes the join token itself");
        }
        if (access.mode() != AccessMode.TOKEN) {
            throw new RequestException(409, "this server runs ACCESS_MODE=open: pages sign in anonymously, without an"
                    + " invite");
        }
        if (joinToken == null) {
            throw new RequestException(401, "send the join token of your invite as Authorization: Bearer <token>");
        }
        if (!(body.get("room") instanceof String room) || !Paths.isValidId(room)) {
            throw new RequestException(400, "name the room the invite is for: {\"room\": \"...\"}");
        }
        JoinClaims claims = access.requireTokens().verify(joinToken, room, null);
        CustomTokens.Minted minted;
        try {
            minted = mint.apply(claims);
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "token exchange for room " + room + ": " + e.getMessage(), e);
            throw new RequestException(503, "the server could not sign you in to Firebase right now; its log says why");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customToken", minted.customToken());
        out.put("uid", minted.uid());
        out.put("claims", minted.claims());
        out.put("expiresAt", claims.expiresAt().toString());
        return out;
    }
}
