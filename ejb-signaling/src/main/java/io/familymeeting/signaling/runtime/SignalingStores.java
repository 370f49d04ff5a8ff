package io.familymeeting.signaling.runtime;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.store.firestore.FirestoreConnector;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

/**
 * The two choices made once per instance from the settings: which signaling store
 * ({@code SIGNALING_BACKEND}: embedded | firestore) and this instance's id
 * ({@code INSTANCE_ID}, else {@code APP_NAME-host-random}).
 */
final class SignalingStores {
    private SignalingStores() {
    }

    static DocumentStore open(Settings settings) {
        String backend = settings.get(Setting.SIGNALING_BACKEND);
        if ("embedded".equalsIgnoreCase(backend)) {
            return new EmbeddedStore();
        }
        if ("firestore".equalsIgnoreCase(backend)) {
            return FirestoreConnector.open(settings);
        }
        throw new IllegalStateException("SIGNALING_BACKEND '" + backend + "' is not available in this build"
                + " (supported: embedded, firestore)");
    }

    /** {@code INSTANCE_ID}, or a fresh id from the app name and host that is a valid document id. */
    static String instanceId(Settings settings) {
        String id = settings.get(Setting.INSTANCE_ID);
        if (!id.isEmpty()) {
            return id;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        String raw = settings.get(Setting.APP_NAME) + "-" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return raw.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
