package io.familymeeting.signaling.service;

import io.familymeeting.signaling.access.AccessMode;
import io.familymeeting.signaling.config.LegacyBroadcastRequests;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Publishes this instance's access settings as {@code config/access} {mode,
 * legacyBroadcastRequests, server, updatedAt} (ACCESS_MODE, LEGACY_BROADCAST_REQUESTS), which
 * the Firestore security rules read with {@code get()} (docker/firestore/firestore.rules):
 * until it exists the rules refuse browsers everything that depends on it. Browsers never
 * write it.
 *
 * <p>{@link #publish} reads the document and writes it only when it is missing or says
 * something else, so it is called at start and then periodically (a deleted document comes
 * back). Every instance publishes its own settings: they must be the same on all of them,
 * and a document another instance changed is logged. Never throws. Not where the settings
 * are enforced: the rules do that for browsers, {@link BroadcastRequests} for unstamped requests.
 */
public final class AccessDocument {
    private static final Logger LOG = Logger.getLogger(AccessDocument.class.getName());

    private final DocumentStore store;
    private final Map<String, Object> settings;
    private final String instanceId;
    private final Clock clock;
    private volatile boolean published;

    public AccessDocument(DocumentStore store, AccessMode mode, boolean legacyOpen, String instanceId, Clock clock) {
        this.store = store;
        this.settings = settings(mode, legacyOpen);
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** {mode, legacyBroadcastRequests}: what the rules read. */
    public static Map<String, Object> settings(AccessMode mode, boolean legacyOpen) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Fields.MODE, mode.wireName());
        fields.put(Fields.LEGACY_BROADCAST_REQUESTS, LegacyBroadcastRequests.wireName(legacyOpen));
        return fields;
    }

    /** True once this instance has seen its settings in the document. */
    public boolean isPublished() {
        return published;
    }

    /** Writes config/access when it is missing or differs from this instance's settings. */
    public void publish() {
        try {
            Document current = store.get(Paths.ACCESS_CONFIG).orElse(null);
            if (current != null && settings.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(current.data().get(e.getKey())))) {
                published = true;
                return;
            }
            if (current != null && published) {
                LOG.warning(() -> Paths.ACCESS_CONFIG + " says " + current.data() + " (written by " + current.string(Fields.SERVER)
                        + "), not this instance's " + settings + ": every instance must have the same ACCESS_MODE and"
                        + " LEGACY_BROADCAST_REQUESTS. Written back.");
            }
            Map<String, Object> fields = new LinkedHashMap<>(settings);
            fields.put(Fields.SERVER, instanceId);
            fields.put(Fields.UPDATED_AT, clock.instant());
            store.set(Paths.ACCESS_CONFIG, fields);
            if (!published) {
                LOG.info(() -> Paths.ACCESS_CONFIG + " published for the security rules: " + settings);
            }
            published = true;
        } catch (RuntimeException e) {
            LOG.warning(() -> Paths.ACCESS_CONFIG + " could not be written (" + e.getMessage() + "); the Firestore rules"
                    + " refuse browsers until it is. Trying again with the next heartbeat.");
        }
    }
}
