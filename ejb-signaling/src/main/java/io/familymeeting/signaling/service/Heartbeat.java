package io.familymeeting.signaling.service;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes this instance's {@code servers/{instanceId}} document ({@link Fields}):
 * heartbeat time, state (ready / draining), load (rooms owned) and capacity, the owned rooms'
 * paths (informational: the claims are on {@code claims/*}), media port and addresses. The
 * only writer of that document; it updates the fields in place (created when missing), so
 * fields written by others (an operator's notes) survive. Called by an EJB timer.
 *
 * <p>Not the judge of dead instances: {@code scale.Cleanup} removes documents whose heartbeat is old.
 */
public final class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final DocumentStore store;
    private final ParticipantSignaling.Media media;
    private final String instanceId;
    private final int capacity;
    private final String role;
    private final BooleanSupplier draining;
    private final Supplier<Set<String>> rooms;
    private final Clock clock;

    /** {@code rooms}: the rooms this instance owns (claims), empty when it claims none. */
    public Heartbeat(DocumentStore store, ParticipantSignaling.Media media, String instanceId, int capacity,
                     String role, BooleanSupplier draining, Supplier<Set<String>> rooms, Clock clock) {
        this.rooms = rooms;
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
        doc.put(Fields.HEARTBEAT_AT, clock.instant());
        doc.put(Fields.STATE, draining.getAsBoolean() ? Values.STATE_DRAINING : Values.STATE_READY);
        doc.put(Fields.ROLE, role);
        doc.put(Fields.CAPACITY, (long) capacity);
        List<String> owned = new ArrayList<>(rooms.get());
        java.util.Collections.sort(owned);
        doc.put(Fields.LOAD, (long) owned.size());
        doc.put(Fields.ROOMS, owned);
        try (MediaConnection c = media.connect()) {
            EngineSnapshot e = c.engine();
            doc.put(Fields.ENGINE_ROOMS, (long) e.rooms());
            doc.put(Fields.PARTICIPANTS, (long) e.participants());
            doc.put(Fields.MEDIA_PORT, (long) e.mediaPort());
            doc.put(Fields.ADVERTISED_ADDRESSES, e.advertisedAddresses());
            doc.put(Fields.ENGINE_RUNNING, e.running());
        } catch (MediaException | RuntimeException e) {
            doc.put(Fields.ENGINE_RUNNING, false);
            doc.put(Fields.ERROR, String.valueOf(e.getMessage()));
        }
        try {
            String path = Paths.server(instanceId);
            if (!store.update(path, doc) && !store.create(path, doc)) {
                store.update(path, doc); // created by someone else in between
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
