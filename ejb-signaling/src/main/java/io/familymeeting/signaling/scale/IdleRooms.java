package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Native rooms nobody is in give their place back (MAX_BROADCASTS; docs/scale-out.md): a room
 * document outlives its meetings, so without this an owned room would hold one of its owner's
 * places for good. The owner's {@link #mark} (at each lease renewal) marks an owned
 * {@code rooms/{id}} {@code state: "idle"} (with {@code idleAt}) once it has had no live
 * participant and no camera for {@code idleAfter}; {@link RoomDocs#isOver} then makes the
 * renewal release the claim and close the room's media, and the monitor no longer publishes it.
 *
 * <p>{@link #wake} turns an idle room back to {@code "open"} when a participant or camera
 * document of it is written: the monitor's listener on {@code rooms} sees the change and
 * publishes the room, and whoever claims it answers the waiting documents. A participant
 * who arrives while the owner marks the room idle is seen by the second look {@link #mark}
 * takes after writing the mark, and the room stays open and owned.
 *
 * <p>Live participant: {@link ParticipantSignaling#isLive}. Not for broadcasts ({@code broadcast_requests}): those end by abort or
 * when their broadcaster's media fails.
 */
public final class IdleRooms {
    private final DocumentStore store;
    private final Clock clock;
    private final Duration idleAfter;
    /** Owned room path to when this instance first saw it empty. */
    private final Map<String, Instant> emptySince = new ConcurrentHashMap<>();

    public IdleRooms(DocumentStore store, Clock clock, Duration idleAfter) {
        this.store = store;
        this.clock = clock;
        this.idleAfter = idleAfter;
    }

    /**
     * Marks the owned native rooms that have been empty for {@code idleAfter}.
     *
     * @return the rooms marked idle (their claims are released by the next renewal)
     */
    public List<String> mark(Set<String> owned) {
        Instant now = clock.instant();
        List<String> marked = new ArrayList<>();
        emptySince.keySet().retainAll(owned);
        for (String path : owned) {
            if (!path.startsWith(Paths.ROOMS + "/")) {
                continue;
            }
            if (occupied(path)) {
                emptySince.remove(path);
                continue;
            }
            Instant since = emptySince.computeIfAbsent(path, p -> now);
            if (since.plus(idleAfter).isAfter(now)) {
                continue;
            }
            Map<String, Object> idle = new HashMap<>();
            idle.put(Fields.STATE, Values.STATE_IDLE);
            idle.put(Fields.IDLE_AT, now);
            if (!store.update(path, idle)) {
                continue; // deleted: the renewal drops it
            }
            if (occupied(path)) {
                store.update(path, open());
                emptySince.remove(path);
                continue;
            }
            emptySince.remove(path);
            marked.add(path);
        }
        return marked;
    }

    /**
     * Someone wants the room again (a live participant or camera document was written):
     * an idle room is opened, so the monitor publishes it.
     *
     * @return true when the room was idle and is now open
     */
    public boolean wake(String roomPath) {
        Document room = store.get(roomPath).orElse(null);
        if (room == null || !Values.STATE_IDLE.equals(room.string(Fields.STATE))) {
            return false;
        }
        return store.update(roomPath, open());
    }

    private boolean occupied(String roomPath) {
        String id = DocumentPaths.id(roomPath);
        if (!store.list(Paths.cameras(id)).isEmpty()) {
            return true;
        }
        for (Document p : store.list(Paths.participants(id))) {
            if (ParticipantSignaling.isLive(p.data())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> open() {
        Map<String, Object> open = new HashMap<>();
        open.put(Fields.STATE, Values.STATE_OPEN);
        open.put(Fields.IDLE_AT, null);
        return open;
    }
}
