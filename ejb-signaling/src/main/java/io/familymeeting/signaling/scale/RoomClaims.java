package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's claims on rooms (ARCHITECTURE §4.3). A claim is a store transaction that
 * reads the room document and this instance's {@code servers/{instanceId}} document and,
 * only while the instance owns fewer than {@code maxRooms} rooms and nobody else holds a
 * live lease, writes {@code owner} and {@code leaseExpiresAt} on the room and adds the room
 * to the server document's {@code rooms} list. Because the count is read inside the same
 * transaction, concurrent claims cannot overshoot the capacity.
 *
 * <p>{@link #renew()} (an EJB timer, well within the lease) extends every lease and reports
 * the rooms this instance lost (taken over after its lease expired, deleted or ended).
 * {@link #holds} also checks the local lease, so an instance cut off from the store stops
 * serving a room once its lease has run out, before another instance can take it over.
 * Leases are wall-clock instants: instances' clocks must agree (NTP) to well under a lease.
 *
 * <p>Not the media side (opening or closing rooms), and not the heartbeat fields of the
 * server document ({@link ServerHeartbeat}).
 */
public final class RoomClaims {
    /** Field of {@code servers/{id}}: the paths of the rooms the instance owns. */
    public static final String ROOMS = "rooms";

    public enum Outcome {
        /** Now (or still) owned by this instance. */
        CLAIMED,
        /** This instance already owns its maximum: nack, another instance may take it. */
        AT_CAPACITY,
        /** Another instance holds a live lease. */
        OWNED_ELSEWHERE,
        /** No such document, or it ended. */
        GONE,
        /** Not a room (a participant request): it follows its parent's owner. */
        NOT_A_ROOM
    }

    private final DocumentStore store;
    private final String instanceId;
    private final int maxRooms;
    private final Duration lease;
    private final Clock clock;
    /** Path to the lease expiry this instance last wrote. */
    private final Map<String, Instant> leases = new ConcurrentHashMap<>();

    public RoomClaims(DocumentStore store, String instanceId, int maxRooms, Duration lease, Clock clock) {
        if (!Paths.isValidId(instanceId)) {
            throw new IllegalArgumentException("not a valid instance id: " + instanceId);
        }
        this.store = store;
        this.instanceId = instanceId;
        this.maxRooms = maxRooms;
        this.lease = lease;
        this.clock = clock;
    }

    public String instanceId() {
        return instanceId;
    }

    public Duration lease() {
        return lease;
    }

    /** Claims {@code rooms/{id}} or a broadcaster's {@code broadcast_requests/{id}}. */
    public Outcome claim(String path) {
        if (!RoomDocs.isRoomPath(path)) {
            return Outcome.NOT_A_ROOM;
        }
        String serverPath = Paths.server(instanceId);
        Instant now = clock.instant();
        Instant expires = now.plus(lease);
        Outcome outcome = store.transaction(tx -> {
            Optional<Document> server = tx.get(serverPath);
            Optional<Document> room = tx.get(path);
            if (room.isEmpty() || RoomDocs.isEnded(room.get())) {
                return Outcome.GONE;
            }
            Document d = room.get();
            if (!RoomDocs.isRoom(d)) {
                return Outcome.NOT_A_ROOM;
            }
            boolean mine = instanceId.equals(d.string(RoomDocs.OWNER));
            if (!mine && !RoomDocs.isUnowned(d, now)) {
                return Outcome.OWNED_ELSEWHERE;
            }
            List<String> owned = ownedList(server);
            if (!owned.contains(path) && owned.size() >= maxRooms) {
                return Outcome.AT_CAPACITY;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(RoomDocs.OWNER, instanceId);
            fields.put(RoomDocs.LEASE_EXPIRES_AT, expires);
            tx.update(path, fields);
            if (!owned.contains(path)) {
                owned.add(path);
                writeOwned(tx, serverPath, server, owned);
            }
            return Outcome.CLAIMED;
        });
        if (outcome == Outcome.CLAIMED) {
            leases.put(path, expires);
        }
        return outcome;
    }

    /**
     * Extends the lease of every room this instance owns; drops the ones it no longer owns.
     *
     * @return the rooms lost since the last call (close them)
     */
    public List<String> renew() {
        String serverPath = Paths.server(instanceId);
        List<String> lost = new ArrayList<>();
        Set<String> paths = new java.util.LinkedHashSet<>(leases.keySet());
        store.get(serverPath).ifPresent(s -> paths.addAll(ownedList(Optional.of(s))));
        for (String path : paths) {
            Instant expires = clock.instant().plus(lease);
            boolean kept = store.transaction(tx -> {
                Optional<Document> server = tx.get(serverPath);
                Optional<Document> room = tx.get(path);
                boolean ok = room.isPresent() && !RoomDocs.isEnded(room.get())
                        && instanceId.equals(room.get().string(RoomDocs.OWNER));
                if (ok) {
                    tx.update(path, Map.of(RoomDocs.LEASE_EXPIRES_AT, expires));
                } else {
                    List<String> owned = ownedList(server);
                    if (owned.remove(path)) {
                        writeOwned(tx, serverPath, server, owned);
                    }
                }
                return ok;
            });
            if (kept) {
                leases.put(path, expires);
            } else {
                leases.remove(path);
                lost.add(path);
            }
        }
        return lost;
    }

    /** Gives a room up (it ended, or the instance drains): the next claim can take it at once. */
    public void release(String path) {
        String serverPath = Paths.server(instanceId);
        leases.remove(path);
        store.transaction(tx -> {
            Optional<Document> server = tx.get(serverPath);
            Optional<Document> room = tx.get(path);
            if (room.isPresent() && instanceId.equals(room.get().string(RoomDocs.OWNER))) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(RoomDocs.OWNER, "");
                fields.put(RoomDocs.LEASE_EXPIRES_AT, null);
                tx.update(path, fields);
            }
            List<String> owned = ownedList(server);
            if (owned.remove(path)) {
                writeOwned(tx, serverPath, server, owned);
            }
            return null;
        });
    }

    /** True while this instance owns the room and its own lease has not run out. */
    public boolean holds(String path) {
        Instant expires = leases.get(path);
        return expires != null && expires.isAfter(clock.instant());
    }

    /** The rooms this instance believes it owns. */
    public Set<String> owned() {
        return Set.copyOf(leases.keySet());
    }

    static List<String> ownedList(Optional<Document> server) {
        List<String> out = new ArrayList<>();
        if (server.isPresent() && server.get().data().get(ROOMS) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static void writeOwned(DocumentStore.Transaction tx, String serverPath, Optional<Document> server, List<String> owned) {
        if (server.isPresent()) {
            tx.update(serverPath, Map.of(ROOMS, List.copyOf(owned)));
        } else {
            tx.set(serverPath, Map.of(ROOMS, List.copyOf(owned)));
        }
    }
}
