package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

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
 * This instance's claims on rooms (docs/scale-out.md). A room's claim is its own document,
 * {@code claims/{key}} ({@link Paths#claim}: {@code owner}, {@code leaseExpiresAt},
 * {@code room}), written by instances only with a compare-and-set
 * ({@link DocumentStore#updateIfUnchanged}: an update-time precondition, no lock): a claim
 * succeeds when nobody else holds a live lease and nobody wrote the claim since it was read.
 * Not transactions: an instance killed inside one left the emulator's lock on the claim, and
 * the survivor's takeover waited 30 s for it. Claims never read or write the room documents
 * (browsers write {@code broadcast_requests/*}, the answer path writes them too) nor
 * {@code servers/*} (an earlier design read them in transactions: the emulator locks what a
 * transaction read, and contended locks made plain writes fail with gRPC UNKNOWN).
 *
 * <p>The capacity ({@code maxRooms}) is counted locally: this instance's claims, renewals
 * and releases run one at a time under one lock, so concurrent claims cannot overshoot it.
 *
 * <p>{@link #renew()} (an EJB timer, well within the lease) extends every lease and reports
 * the rooms this instance lost (taken over after its lease expired, deleted or ended).
 * {@link #holds} also checks the local lease, so an instance cut off from the store stops
 * serving a room once its lease has run out, before another instance can take it over.
 * Leases are wall-clock instants: instances' clocks must agree (NTP) to well under a lease.
 *
 * <p>Not the media side (opening or closing rooms), and not the server document
 * ({@code service.Heartbeat} copies {@link #owned()} into it).
 */
public final class RoomClaims {
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
    /** Room path to the lease expiry this instance last wrote. */
    private final Map<String, Instant> leases = new ConcurrentHashMap<>();
    /** One claim, renewal or release of this instance at a time: the capacity is counted here. */
    private final Object lock = new Object();

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
        if (!Paths.isRoomPath(path)) {
            return Outcome.NOT_A_ROOM;
        }
        synchronized (lock) {
            Optional<Document> room = store.get(path); // a plain read: no lock on the browser's document
            if (room.isEmpty() || RoomDocs.isOver(room.get())) {
                return Outcome.GONE;
            }
            if (!RoomDocs.isRoom(room.get())) {
                return Outcome.NOT_A_ROOM;
            }
            if (!hasRoomFor(path)) {
                return Outcome.AT_CAPACITY;
            }
            Instant now = clock.instant();
            Instant expires = now.plus(lease);
            String claimPath = Paths.claim(path);
            Optional<DocumentStore.Versioned> claim = store.getVersioned(claimPath);
            if (claim.isPresent() && !instanceId.equals(claim.get().document().string(Fields.OWNER))
                    && !RoomDocs.isUnowned(claim.get().document(), now)) {
                return Outcome.OWNED_ELSEWHERE;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(Fields.ROOM, path);
            fields.put(Fields.OWNER, instanceId);
            fields.put(Fields.LEASE_EXPIRES_AT, expires);
            if (!store.updateIfUnchanged(claimPath, claim.map(DocumentStore.Versioned::version).orElse(null), fields)) {
                return Outcome.OWNED_ELSEWHERE;
            }
            leases.put(path, expires);
            return Outcome.CLAIMED;
        }
    }

    /**
     * Extends the lease of every room this instance owns; drops the ones it no longer owns
     * (another owner on the claim, the claim deleted, the room ended or deleted).
     *
     * @return the rooms lost since the last call (close them)
     */
    public List<String> renew() {
        List<String> lost = new ArrayList<>();
        for (String path : Set.copyOf(leases.keySet())) {
            synchronized (lock) {
                if (!leases.containsKey(path)) {
                    continue;
                }
                Optional<Document> room = store.get(path);
                boolean ok;
                Instant expires = clock.instant().plus(lease);
                if (room.isEmpty() || RoomDocs.isOver(room.get())) {
                    releaseClaim(path);
                    ok = false;
                } else {
                    String claimPath = Paths.claim(path);
                    Optional<DocumentStore.Versioned> claim = store.getVersioned(claimPath);
                    ok = claim.isPresent() && instanceId.equals(claim.get().document().string(Fields.OWNER))
                            && store.updateIfUnchanged(claimPath, claim.get().version(),
                            Map.of(Fields.LEASE_EXPIRES_AT, expires));
                }
                if (ok) {
                    leases.put(path, expires);
                } else {
                    leases.remove(path);
                    lost.add(path);
                }
            }
        }
        return lost;
    }

    /** Gives a room up (it ended, or the instance drains): the next claim can take it at once. */
    public void release(String path) {
        synchronized (lock) {
            leases.remove(path);
            releaseClaim(path);
        }
    }

    private void releaseClaim(String path) {
        String claimPath = Paths.claim(path);
        Optional<DocumentStore.Versioned> claim = store.getVersioned(claimPath);
        if (claim.isPresent() && instanceId.equals(claim.get().document().string(Fields.OWNER))) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(Fields.OWNER, "");
            fields.put(Fields.LEASE_EXPIRES_AT, null);
            store.updateIfUnchanged(claimPath, claim.get().version(), fields); // false: taken over meanwhile
        }
    }

    /** True while this instance owns the room and its own lease has not run out. */
    public boolean holds(String path) {
        Instant expires = leases.get(path);
        return expires != null && expires.isAfter(clock.instant());
    }

    /** True when a claim of {@code path} would not be refused for capacity (it is held here, or there is room). */
    public boolean hasRoomFor(String path) {
        return leases.containsKey(path) || leases.size() < maxRooms;
    }

    /** The rooms this instance believes it owns. */
    public Set<String> owned() {
        return Set.copyOf(leases.keySet());
    }
}
