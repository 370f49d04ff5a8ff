package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.dispatch.RoomDispatch;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor role (docs/scale-out.md): finds rooms nobody serves (no claim, no owner on
 * it, or the owner's lease expired) among {@code rooms} and the broadcaster documents of
 * {@code broadcast_requests}, and publishes their paths. {@link #scan()} is for a timer;
 * {@link #onChange} for a listener on those collections, so a new broadcast is dispatched
 * without waiting for the next scan; {@link #onClaimChange} for a listener on {@code claims}
 * (the listener callbacks must not read the store, so the claims are kept here). A path is
 * not published again within {@code republishAfter}, so a claim in flight is not flooded.
 *
 * <p>Takeover: {@link #expiredElsewhere()} (every timer tick) names, from the kept claims
 * alone, the rooms whose owner is another instance and whose lease has just run out, once
 * per lease expiry; the caller ({@link Ownership}) claims each itself or hands it to
 * {@link #publish}, which publishes at once whatever {@code republishAfter} says.
 *
 * <p>Not the claim itself ({@link RoomClaims}) nor the choice between claiming and
 * publishing ({@link Ownership}), and no filtered queries: it lists the two collections,
 * which {@link Cleanup} keeps small.
 */
public final class Monitor {
    private final DocumentStore store;
    private final RoomDispatch dispatch;
    private final String instanceId;
    private final Clock clock;
    private final Duration republishAfter;
    private final Map<String, Instant> published = new ConcurrentHashMap<>();
    /** Room path to its claim document, as last seen. */
    private final Map<String, Document> claims = new ConcurrentHashMap<>();
    /** Room path to the lease expiry of another owner already named by {@link #expiredElsewhere()}. */
    private final Map<String, Instant> expiriesNamed = new ConcurrentHashMap<>();

    /** @param instanceId this instance: its own claims are never "elsewhere" */
    public Monitor(DocumentStore store, RoomDispatch dispatch, String instanceId, Clock clock, Duration republishAfter) {
        this.store = store;
        this.dispatch = dispatch;
        this.instanceId = instanceId;
        this.clock = clock;
        this.republishAfter = republishAfter;
    }

    /** @return the paths published by this scan */
    public List<String> scan() {
        List<String> out = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, Document> seen = new java.util.HashMap<>();
        for (Document c : store.list(Paths.CLAIMS)) {
            seen.put(c.string(Fields.ROOM), c);
        }
        claims.keySet().retainAll(seen.keySet());
        claims.putAll(seen);
        for (String coll : List.of(Paths.ROOMS, Paths.BROADCAST_REQUESTS)) {
            for (Document d : store.list(coll)) {
                if (consider(d, now)) {
                    out.add(d.path());
                }
            }
        }
        published.keySet().removeIf(p -> published.get(p).plus(republishAfter.multipliedBy(4)).isBefore(now));
        return out;
    }

    /**
     * The rooms whose claim, as last seen, has another instance as owner and a lease that ran
     * out by now: each once per lease expiry (a renewal, a new owner or a release changes the
     * claim, and a later expiry is named again). No store read. The scan does not republish a
     * named room within {@code republishAfter}: the caller claims or publishes it.
     */
    public List<String> expiredElsewhere() {
        Instant now = clock.instant();
        expiriesNamed.keySet().retainAll(claims.keySet());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Document> e : claims.entrySet()) {
            String owner = e.getValue().string(Fields.OWNER);
            Instant expires = RoomDocs.instant(e.getValue(), Fields.LEASE_EXPIRES_AT);
            if (owner.isEmpty() || owner.equals(instanceId) || expires == null || expires.isAfter(now)
                    || expires.equals(expiriesNamed.get(e.getKey()))) {
                continue;
            }
            expiriesNamed.put(e.getKey(), expires);
            published.put(e.getKey(), now);
            out.add(e.getKey());
        }
        return out;
    }

    /** Publishes a room now, not held back by {@code republishAfter} (a lease just ran out). */
    public void publish(String roomPath) {
        published.put(roomPath, clock.instant());
        dispatch.publish(roomPath);
    }

    /** For a listener on {@code rooms} or {@code broadcast_requests}. */
    public void onChange(DocumentChange change) {
        if (change.type() != DocumentChange.Type.REMOVED) {
            consider(change.document(), clock.instant());
        }
    }

    /** For a listener on {@code claims}. */
    public void onClaimChange(DocumentChange change) {
        String room = change.document().string(Fields.ROOM);
        if (change.type() == DocumentChange.Type.REMOVED) {
            claims.remove(room);
        } else {
            claims.put(room, change.document());
        }
    }

    /** True when the last claim seen for the room has an owner with a live lease. */
    public boolean isClaimed(String roomPath) {
        Document claim = claims.get(roomPath);
        return claim != null && !RoomDocs.isUnowned(claim, clock.instant());
    }

    private boolean consider(Document d, Instant now) {
        Document claim = claims.get(d.path());
        boolean unowned = claim == null || RoomDocs.isUnowned(claim, now);
        if (!RoomDocs.isRoom(d) || RoomDocs.isOver(d) || !unowned) {
            return false;
        }
        Instant last = published.get(d.path());
        if (last != null && last.plus(republishAfter).isAfter(now)) {
            return false;
        }
        published.put(d.path(), now);
        dispatch.publish(d.path());
        return true;
    }
}
