package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.Heartbeat;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cleanup timer's logic. One {@link #sweep()} deletes, with their
 * sub-collections:
 * <ul>
 *   <li>ended documents ({@link RoomDocs#isEnded}: rooms ended/aborted, requests with
 *       {@code abort} or whose media failed) and participant requests whose broadcaster is gone or ended, once
 *       {@code endedAge} has passed since {@code endedAt} (if the document has it) or since
 *       this cleanup first saw them ended;</li>
 *   <li>stale broadcasts, when instances claim rooms ({@code claimed}: the firestore
 *       backend): a broadcaster request without a live claim (none, no owner, or an expired
 *       lease) for {@code staleAge}, and native rooms idle ({@link IdleRooms}: nobody in
 *       them) for {@code staleAge} since {@code idleAt};</li>
 *   <li>{@code claims/*} whose room document is gone (or was deleted by this sweep);</li>
 *   <li>{@code servers/*} whose {@code heartbeatAt} is older than {@code deadServerAge}.</li>
 * </ul>
 * "First seen" is kept in memory: after a restart the clock starts again (deletion is only
 * delayed). Deleting twice is harmless, so several monitors may sweep.
 *
 * <p>Not for participants inside a live room (the owner reaps those), and it never deletes
 * a room with a live lease. Native rooms are claimed like broadcasts, but a room document
 * outlives its meetings (people come back to the same room), so it is deleted only once ended
 * or idle that long (a participant page creates a missing room again).
 */
public final class Cleanup {
    private final DocumentStore store;
    private final Clock clock;
    private final Duration endedAge;
    private final Duration staleAge;
    private final Duration deadServerAge;
    private final boolean claimed;
    private final Map<String, Instant> endedSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> unownedSeen = new ConcurrentHashMap<>();

    public Cleanup(DocumentStore store, Clock clock, Duration endedAge, Duration staleAge, Duration deadServerAge,
                   boolean claimed) {
        this.claimed = claimed;
        this.store = store;
        this.clock = clock;
        this.endedAge = endedAge;
        this.staleAge = staleAge;
        this.deadServerAge = deadServerAge;
    }

    /** @return the paths deleted */
    public List<String> sweep() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        Set<String> present = new HashSet<>();
        List<Document> requests = store.list(Paths.BROADCAST_REQUESTS);
        Map<String, Document> byId = new java.util.HashMap<>();
        for (Document d : requests) {
            byId.put(d.id(), d);
        }
        Map<String, Document> claims = new java.util.HashMap<>();
        List<Document> claimDocs = store.list(Paths.CLAIMS);
        for (Document c : claimDocs) {
            claims.put(c.string(Fields.ROOM), c);
        }
        List<Document> candidates = new ArrayList<>(store.list(Paths.ROOMS));
        candidates.addAll(requests);
        Set<String> rooms = new HashSet<>();
        for (Document d : candidates) {
            present.add(d.path());
            rooms.add(d.path());
            boolean ended = RoomDocs.isEnded(d) || isOrphan(d, byId);
            boolean old;
            if (ended) {
                unownedSeen.remove(d.path());
                old = isOlder(d, Fields.ENDED_AT, endedSeen, endedAge, now);
            } else if (claimed && RoomDocs.isRoom(d) && RoomDocs.isBroadcastRequest(d)
                    && (claims.get(d.path()) == null || RoomDocs.isUnowned(claims.get(d.path()), now))) {
                old = isOlder(d, null, unownedSeen, staleAge, now);
            } else if (claimed && !RoomDocs.isBroadcastRequest(d) && Values.STATE_IDLE.equals(d.string(Fields.STATE))) {
                old = isOlder(d, Fields.IDLE_AT, unownedSeen, staleAge, now);
            } else {
                unownedSeen.remove(d.path());
                endedSeen.remove(d.path());
                old = false;
            }
            if (old) {
                delete(d.path(), deleted);
                rooms.remove(d.path());
            }
        }
        for (Document c : claimDocs) {
            if (!rooms.contains(c.string(Fields.ROOM))) {
                delete(c.path(), deleted);
            }
        }
        for (Document s : store.list(Paths.SERVERS)) {
            present.add(s.path());
            Instant beat = RoomDocs.instant(s, Fields.HEARTBEAT_AT);
            if (beat == null) {
                beat = endedSeen.computeIfAbsent(s.path(), p -> now);
            }
            if (!beat.plus(deadServerAge).isAfter(now)) {
                delete(s.path(), deleted);
            }
        }
        endedSeen.keySet().retainAll(present);
        unownedSeen.keySet().retainAll(present);
        return deleted;
    }

    /** True when {@code age} has passed since the instant in {@code field} (or, without one, since first seen). */
    private static boolean isOlder(Document d, String field, Map<String, Instant> firstSeen, Duration age, Instant now) {
        Instant since = field == null ? null : RoomDocs.instant(d, field);
        if (since == null) {
            since = firstSeen.computeIfAbsent(d.path(), p -> now);
        }
        return !since.plus(age).isAfter(now);
    }

    private static boolean isOrphan(Document d, Map<String, Document> requestsById) {
        if (!RoomDocs.isParticipantRequest(d)) {
            return false;
        }
        Document parent = requestsById.get(d.string(Fields.PARENT));
        return parent == null || RoomDocs.isEnded(parent);
    }

    private void delete(String path, List<String> deleted) {
        store.delete(path);
        endedSeen.remove(path);
        unownedSeen.remove(path);
        deleted.add(path);
    }
}
