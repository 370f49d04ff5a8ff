package io.familymeeting.web.api;

import io.familymeeting.signaling.access.AccessMode;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Firebase web configuration the pages' Firestore backend needs (js/signaling/firestore.js,
 * js/broadcast.js), from the FIREBASE_* settings: {@code firebase} (apiKey, authDomain,
 * projectId: the object {@code initializeApp} takes), {@code firestoreEmulator} (host:port the
 * browser connects to, or null), {@code signIn} ("anonymous" | "none" from FIREBASE_SIGN_IN;
 * "token" with ACCESS_MODE=token: the page exchanges its join token for a custom token at
 * {@code POST /api/auth/firebase-token}) and {@code authEmulator} (host:port of a Firebase
 * Auth emulator the page signs in at, or null).
 * It holds no secret: a Firebase web API key identifies the project, the security rules
 * (docker/firestore/firestore.rules) guard the data.
 */
public final class FirebaseWebConfig {
    static final String SIGN_IN_ANONYMOUS = "anonymous";
    static final String SIGN_IN_NONE = "none";
    static final String SIGN_IN_TOKEN = "token";

    private FirebaseWebConfig() {
    }

    /** The config entries; throws IllegalArgumentException naming the bad setting. */
    public static Map<String, Object> from(Settings settings) {
        String projectId = settings.get(Setting.FIREBASE_PROJECT_ID);
        if (projectId.isEmpty()) {
            projectId = settings.get(Setting.GOOGLE_CLOUD_PROJECT);
        }
        if (projectId.isEmpty()) {
            throw new IllegalArgumentException("the Firestore backend needs FIREBASE_PROJECT_ID or GOOGLE_CLOUD_PROJECT");
        }
        String emulator = settings.get(Setting.BROWSER_FIRESTORE_EMULATOR_HOST);
        if (emulator.isEmpty()) {
            emulator = settings.get(Setting.FIRESTORE_EMULATOR_HOST);
        }
        checkHostPort(emulator, "the Firestore emulator address");
        String authEmulator = settings.get(Setting.BROWSER_AUTH_EMULATOR_HOST);
        checkHostPort(authEmulator, "BROWSER_AUTH_EMULATOR_HOST");
        String signIn = settings.get(Setting.FIREBASE_SIGN_IN);
        if (signIn.isEmpty()) {
            signIn = emulator.isEmpty() ? SIGN_IN_ANONYMOUS : SIGN_IN_NONE;
        }
        if (!SIGN_IN_ANONYMOUS.equals(signIn) && !SIGN_IN_NONE.equals(signIn)) {
            throw new IllegalArgumentException("FIREBASE_SIGN_IN must be 'anonymous' or 'none', not '" + signIn + "'");
        }
        if (AccessMode.from(settings) == AccessMode.TOKEN) {
            if (SIGN_IN_NONE.equals(settings.get(Setting.FIREBASE_SIGN_IN))) {
                throw new IllegalArgumentException("ACCESS_MODE=token signs the pages in with their invites:"
                        + " FIREBASE_SIGN_IN=none does not fit it");
            }
            signIn = SIGN_IN_TOKEN;
        }
        String apiKey = settings.get(Setting.FIREBASE_API_KEY);
        if (!SIGN_IN_NONE.equals(signIn) && apiKey.isEmpty()) {
            // The Auth SDK refuses to start without one (auth/invalid-api-key), emulator or not.
            throw new IllegalArgumentException(signIn + " sign-in needs FIREBASE_API_KEY (any non-empty value on an"
                    + " Auth emulator)");
        }
        if (!authEmulator.isEmpty() && SIGN_IN_NONE.equals(signIn)) {
            throw new IllegalArgumentException("BROWSER_AUTH_EMULATOR_HOST is set but FIREBASE_SIGN_IN is '" + signIn
                    + "': nothing would sign in there");
        }
        String authDomain = settings.get(Setting.FIREBASE_AUTH_DOMAIN);
        Map<String, Object> firebase = new LinkedHashMap<>();
        firebase.put("apiKey", apiKey);
        firebase.put("authDomain", authDomain.isEmpty() ? projectId + ".firebaseapp.com" : authDomain);
        firebase.put("projectId", projectId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("firebase", firebase);
        out.put("firestoreEmulator", emulator.isEmpty() ? null : emulator);
        out.put("signIn", signIn);
        out.put("authEmulator", authEmulator.isEmpty() ? null : authEmulator);
        return out;
    }

    private static void checkHostPort(String value, String what) {
        if (!value.isEmpty() && !value.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException(what + " must be host:port, not '" + value + "'");
        }
    }
}
