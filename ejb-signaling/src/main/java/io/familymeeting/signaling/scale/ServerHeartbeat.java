package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps {@code servers/{instanceId}} fresh (ARCHITECTURE §4.2): {@code heartbeatAt},
 * {@code capacity}, {@code load} (rooms owned) and {@code state} ({@code ready} |
 * {@code draining}). Updates in place so the {@code rooms} list that {@link RoomClaims} keeps
 * in the same document survives. Called by an EJB timer every HEARTBEAT_SECONDS.
 *
 * <p>Not the judge of dead instances: {@link Cleanup} removes documents whose heartbeat is old.
 */
public final class ServerHeartbeat {
    public static final String HEARTBEAT_AT = "heartbeatAt";

    private final DocumentStore store;
    private final String instanceId;
    private final int capacity;
    private final Clock clock;

    public ServerHeartbeat(DocumentStore store, String instanceId, int capacity, Clock clock) {
        this.store = store;
        this.instanceId = instanceId;
        this.capacity = capacity;
        this.clock = clock;
    }

    public void beat(String state) {
        String path = Paths.server(instanceId);
        Instant now = clock.instant();
        store.transaction(tx -> {
            Optional<Document> current = tx.get(path);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(HEARTBEAT_AT, now);
            fields.put("capacity", (long) capacity);
            fields.put("load", (long) RoomClaims.ownedList(current).size());
            fields.put("state", state);
            if (current.isPresent()) {
                tx.update(path, fields);
            } else {
                fields.put(RoomClaims.ROOMS, java.util.List.of());
                tx.set(path, fields);
            }
            return null;
        });
    }
}
