package io.familymeeting.web.api;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Firebase web configuration the pages' Firestore backend needs (js/signaling/firestore.js,
 * js/broadcast.js), from the FIREBASE_* settings: {@code firebase} (apiKey, authDomain,
 * projectId: the object {@code initializeApp} takes), {@code firestoreEmulator} (host:port the
 * browser connects to, or null) and {@code signIn} ("anonymous" | "none").
 * It holds no secret: a Firebase web API key identifies the project, the security rules
 * (docker/firestore/firestore.rules) guard the data.
 */
public final class FirebaseWebConfig {
    static final String SIGN_IN_ANONYMOUS = "anonymous";
    static final String SIGN_IN_NONE = "none";

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
        if (!emulator.isEmpty() && !emulator.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("the Firestore emulator address must be host:port, not '" + emulator + "'");
        }
        String signIn = settings.get(Setting.FIREBASE_SIGN_IN);
        if (signIn.isEmpty()) {
            signIn = emulator.isEmpty() ? SIGN_IN_ANONYMOUS : SIGN_IN_NONE;
        }
        if (!SIGN_IN_ANONYMOUS.equals(signIn) && !SIGN_IN_NONE.equals(signIn)) {
            throw new IllegalArgumentException("FIREBASE_SIGN_IN must be 'anonymous' or 'none', not '" + signIn + "'");
        }
        String authDomain = settings.get(Setting.FIREBASE_AUTH_DOMAIN);
        Map<String, Object> firebase = new LinkedHashMap<>();
        firebase.put("apiKey", settings.get(Setting.FIREBASE_API_KEY));
        firebase.put("authDomain", authDomain.isEmpty() ? projectId + ".firebaseapp.com" : authDomain);
        firebase.put("projectId", projectId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("firebase", firebase);
        out.put("firestoreEmulator", emulator.isEmpty() ? null : emulator);
        out.put("signIn", signIn);
        return out;
    }
}
