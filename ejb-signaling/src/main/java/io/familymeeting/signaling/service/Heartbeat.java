package io.familymeeting.signaling.service;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes this instance's {@code servers/{instanceId}} document (ARCHITECTURE.md §4.2):
 * heartbeat time, state (ready / draining), load and capacity, media port and addresses.
 */
public final class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final DocumentStore store;
    private final ParticipantSignaling.Media media;
    private final String instanceId;
    private final int capacity;
    private final String role;
    private final BooleanSupplier draining;
    private final Clock clock;

    public Heartbeat(DocumentStore store, ParticipantSignaling.Media media, String instanceId, int capacity,
                     String role, BooleanSupplier draining, Clock clock) {
        this.store = store;
        this.media = media;
        this.instanceId = instanceId;
        this.capacity = capacity;
        this.role = role;
        this.draining = draining;
        this.clock = clock;
    }

    public void beat() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("heartbeatAt", clock.instant());
        doc.put(Fields.STATE, draining.getAsBoolean() ? "draining" : "ready");
        doc.put("role", role);
        doc.put("capacity", (long) capacity);
        try (MediaConnection c = media.connect()) {
            EngineSnapshot e = c.engine();
            doc.put("engineRooms", (long) e.rooms());
            doc.put("participants", (long) e.participants());
            doc.put("mediaPort", (long) e.mediaPort());
            doc.put("advertisedAddresses", e.advertisedAddresses());
            doc.put("engineRunning", e.running());
        } catch (MediaException | RuntimeException e) {
            doc.put("engineRunning", false);
            doc.put(Fields.ERROR, String.valueOf(e.getMessage()));
        }
        try {
            // In place: the rooms list RoomClaims keeps in the same document must survive.
            if (!store.update(Paths.server(instanceId), doc)) {
                store.set(Paths.server(instanceId), doc);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "heartbeat of " + instanceId + " not written: " + e.getMessage(), e);
        }
    }

    public void remove() {
        try {
            store.delete(Paths.server(instanceId));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not remove servers/" + instanceId, e);
        }
    }
}
