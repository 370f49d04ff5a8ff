package io.familymeeting.signaling.store.firestore;

import com.google.api.client.json.gson.GsonFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.cloud.FirestoreClient;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Opens a {@link FirestoreStore} from the settings, through firebase-admin:
 * <ul>
 *   <li>{@code FIRESTORE_EMULATOR_HOST} set: the emulator, in plain text, with no credentials
 *       ({@code GOOGLE_CLOUD_PROJECT} or {@value #EMULATOR_PROJECT});</li>
 *   <li>else {@code GOOGLE_APPLICATION_CREDENTIALS} set: that service-account key file;</li>
 *   <li>else Google's application default credentials (workload identity on GKE, the
 *       metadata server, gcloud's user credentials on a laptop).</li>
 * </ul>
 * Each store gets its own named {@link FirebaseApp}, deleted when the store closes;
 * {@link #app} makes one with the same credentials for firebase-admin's Auth.
 *
 * <p>Not for Pub/Sub: {@code dispatch.PubSubDispatch} has its own set-up.
 */
public final class FirestoreConnector {
    private static final Logger LOG = Logger.getLogger(FirestoreConnector.class.getName());
    /** Firebase's convention for emulator-only projects: the "demo-" prefix. */
    public static final String EMULATOR_PROJECT = "demo-family-meeting";
    private static final AtomicInteger APPS = new AtomicInteger();
    /** Reconciling-read period against the emulator (see {@link FirestoreStore.Options#withReconcileInterval}). */
    static final java.time.Duration EMULATOR_RECONCILE = java.time.Duration.ofSeconds(3);

    private FirestoreConnector() {
    }

    public static FirestoreStore open(Settings settings) {
        return open(settings, FirestoreStore.Options.defaults());
    }

    public static FirestoreStore open(Settings settings, FirestoreStore.Options options) {
        String emulator = settings.get(Setting.FIRESTORE_EMULATOR_HOST);
        FirebaseOptions.Builder b = options(settings);
        if (!emulator.isEmpty()) {
            b.setFirestoreOptions(FirestoreOptions.newBuilder().setEmulatorHost(emulator).build());
            if (options.reconcileInterval().isZero()) {
                options = options.withReconcileInterval(EMULATOR_RECONCILE);
            }
            LOG.info("Firestore: emulator at " + emulator + ", project " + project(settings));
        } else {
            LOG.info("Firestore: project " + (project(settings).isEmpty() ? "(from the credentials)" : project(settings)));
        }
        FirebaseApp app = FirebaseApp.initializeApp(b.build(), "family-meeting-store-" + APPS.incrementAndGet());
        Firestore db = FirestoreClient.getFirestore(app);
        return new FirestoreStore(db, app::delete, options);
    }

    /**
     * A {@link FirebaseApp} with the same credentials and project as the store, for
     * firebase-admin's other services (custom tokens: {@link CustomTokens}); the caller deletes it.
     */
    public static FirebaseApp app(Settings settings, String purpose) {
        return FirebaseApp.initializeApp(options(settings).build(), "family-meeting-" + purpose + "-" + APPS.incrementAndGet());
    }

    /** The project: GOOGLE_CLOUD_PROJECT, else {@value #EMULATOR_PROJECT} with an emulator, else empty (from the credentials). */
    private static String project(Settings settings) {
        String project = settings.get(Setting.GOOGLE_CLOUD_PROJECT);
        return project.isEmpty() && !settings.get(Setting.FIRESTORE_EMULATOR_HOST).isEmpty() ? EMULATOR_PROJECT : project;
    }

    /** Credentials and project as the class comment says. */
    private static FirebaseOptions.Builder options(Settings settings) {
        // Gson for firebase-admin's own JSON: keeps Jackson (served by Payara) out of the way.
        FirebaseOptions.Builder b = FirebaseOptions.builder().setJsonFactory(GsonFactory.getDefaultInstance());
        if (!settings.get(Setting.FIRESTORE_EMULATOR_HOST).isEmpty()) {
            // The emulator ignores credentials; FirestoreOptions replaces them with its own.
            b.setCredentials(GoogleCredentials.create(new AccessToken("owner", null)));
        } else {
            b.setCredentials(credentials(settings.get(Setting.GOOGLE_APPLICATION_CREDENTIALS)));
        }
        String project = project(settings);
        if (!project.isEmpty()) {
            b.setProjectId(project);
        }
        return b;
    }

    /** The key file's credentials, or the application default ones when {@code keyFile} is empty. */
    public static GoogleCredentials credentials(String keyFile) {
        try {
            if (!keyFile.isEmpty()) {
                try (InputStream in = new FileInputStream(keyFile)) {
                    return GoogleCredentials.fromStream(in);
                }
            }
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new UncheckedIOException("no Google credentials"
                    + (keyFile.isEmpty() ? " (application default)" : " in " + keyFile) + ": " + e.getMessage(), e);
        }
    }
}
