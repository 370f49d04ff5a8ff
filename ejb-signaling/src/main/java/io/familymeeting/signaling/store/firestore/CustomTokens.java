package io.familymeeting.signaling.store.firestore;

import com.google.firebase.FirebaseApp;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.FirebaseAuthException;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.access.JoinClaims;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Makes the Firebase custom tokens a page signs in with in ACCESS_MODE=token on the Firestore
 * backend (firebase-admin {@code createCustomToken}), from the claims of a verified join
 * token: a fresh random uid per exchange, and the developer claims the security rules check
 * (docker/firestore/firestore.rules):
 * <pre>
 *   room         the room id the invite is for
 *   roles        ["presenter"] / ["viewer"] / both: what the invite allows
 *   identity     the join token's sub
 *   displayName  the invite's display name (absent when it names nobody)
 *   inviteExp    the join token's expiry, seconds since the epoch: the rules refuse new
 *                documents after it, even though the Firebase session itself lives on
 * </pre>
 * ({@code name} would be Firebase's own profile claim, which a user may change; hence
 * displayName.) Signing uses the store's credentials: a service-account key signs locally,
 * workload identity signs through the IAM credentials API (the account needs
 * {@code roles/iam.serviceAccountTokenCreator} on itself: docker/terraform/iam.tf). With
 * {@code FIREBASE_AUTH_EMULATOR_HOST} set, firebase-admin makes unsigned tokens, which the
 * Auth emulator accepts and Firebase Auth does not.
 *
 * <p>Does not verify join tokens ({@code access.JoinTokens} does) nor decide who may have one.
 */
public final class CustomTokens implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CustomTokens.class.getName());
    public static final String ROOM = "room";
    public static final String ROLES = "roles";
    public static final String IDENTITY = "identity";
    public static final String DISPLAY_NAME = "displayName";
    public static final String INVITE_EXP = "inviteExp";
    /** Prefix of the uids made here (a uid is at most 128 characters). */
    static final String UID_PREFIX = "invite-";

    private final FirebaseApp app;
    private final SecureRandom random = new SecureRandom();

    private CustomTokens(FirebaseApp app) {
        this.app = app;
    }

    /** A custom token for one exchange: its uid, its claims, and the token itself. */
    public record Minted(String uid, Map<String, Object> claims, String customToken) {
    }

    /**
     * Opens firebase-admin's Auth with the store's credentials (FirestoreConnector).
     *
     * @throws IllegalStateException when FIREBASE_AUTH_EMULATOR_HOST is a setting that is not
     *                               in the environment, where firebase-admin reads it
     */
    public static CustomTokens open(Settings settings) {
        String emulator = settings.get(Setting.FIREBASE_AUTH_EMULATOR_HOST);
        if (!emulator.isEmpty() && !emulator.equals(System.getenv(Setting.FIREBASE_AUTH_EMULATOR_HOST.key()))) {
            throw new IllegalStateException("FIREBASE_AUTH_EMULATOR_HOST must be an environment variable of the server"
                    + " process (firebase-admin reads it there), not only a system property");
        }
        if (!emulator.isEmpty()) {
            LOG.info(() -> "Firebase custom tokens: unsigned, for the Auth emulator at " + emulator);
        }
        return new CustomTokens(FirestoreConnector.app(settings, "auth"));
    }

    /** The developer claims of a custom token for {@code join} (see the class comment). */
    public static Map<String, Object> claimsOf(JoinClaims join) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(ROOM, join.roomId());
        claims.put(ROLES, join.roles().stream().map(ParticipantRole::wireName).sorted().toList());
        claims.put(IDENTITY, join.identity());
        if (join.name() != null && !join.name().isBlank()) {
            claims.put(DISPLAY_NAME, join.name());
        }
        claims.put(INVITE_EXP, join.expiresAt().getEpochSecond());
        return claims;
    }

    /**
     * A custom token for a new random uid with {@link #claimsOf} the join token's claims.
     *
     * @throws IllegalStateException when firebase-admin cannot make it (credentials, IAM), with its reason
     */
    public Minted mint(JoinClaims join) {
        Objects.requireNonNull(join, "join");
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String uid = UID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Map<String, Object> claims = claimsOf(join);
        try {
            return new Minted(uid, claims, FirebaseAuth.getInstance(app).createCustomToken(uid, claims));
        } catch (FirebaseAuthException | RuntimeException e) {
            throw new IllegalStateException("the server could not make a Firebase custom token: " + e.getMessage()
                    + " (its service account signs them: see FIREBASE_AUTH_EMULATOR_HOST for an emulator)", e);
        }
    }

    @Override
    public void close() {
        app.delete();
    }
}
