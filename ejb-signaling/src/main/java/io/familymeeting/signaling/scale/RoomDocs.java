package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.Paths;

import java.time.Instant;

/**
 * The scale-out view of the documents that are "rooms": {@code rooms/{id}} and broadcaster
 * documents in {@code broadcast_requests} (a participant request is not a room: it follows its
 * parent). Field names of ownership (ARCHITECTURE §4.2/§4.3: {@code owner} and
 * {@code leaseExpiresAt} live on the room's {@code claims/*} document) and the ended/claimable rules,
 * shared by {@link RoomClaims}, {@link Monitor} and {@link Cleanup}.
 *
 * <p>Not a parser of the signaling content (offers, answers): see {@code broadcast}.
 */
public final class RoomDocs {
    public static final String OWNER = "owner";
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    public static final String STATE = "state";
    public static final String ENDED_AT = "endedAt";
    public static final String ABORT = "abort";
    public static final String KIND = "kind";
    public static final String PARENT = "parent";

    private RoomDocs() {
    }

    /** {@code rooms/{id}} or {@code broadcast_requests/{id}}: the paths the dispatch carries. */
    public static boolean isRoomPath(String path) {
        String[] parts = path.split("/");
        return parts.length == 2 && (Paths.ROOMS.equals(parts[0]) || Paths.BROADCAST_REQUESTS.equals(parts[0]));
    }

    /** A room document, or a broadcaster (not a participant) request. */
    public static boolean isRoom(Document d) {
        if (!isRoomPath(d.path())) {
            return false;
        }
        return !isBroadcastRequest(d) || !"participant".equals(d.string(KIND));
    }

    public static boolean isBroadcastRequest(Document d) {
        return d.path().startsWith(Paths.BROADCAST_REQUESTS + "/");
    }

    /**
     * Ended: a room in state ended/aborted, a request with abort set, or a request whose media
     * failed ({@code state: "failed"}: the legacy client does not re-offer on the same document).
     */
    public static boolean isEnded(Document d) {
        if (isBroadcastRequest(d)) {
            return d.bool(ABORT) || "failed".equals(d.string(STATE));
        }
        String state = d.string(STATE);
        return "ended".equals(state) || "aborted".equals(state);
    }

    /**
     * Holds no room to serve: ended ({@link #isEnded}), or a broadcaster request the server
     * refused ({@code state: "error"}: no transport exists; a re-offer clears the state and
     * the request is claimable again), or a native room nobody is in ({@code state: "idle"},
     * {@link IdleRooms}: a new participant opens it again). Such documents are neither claimed
     * nor kept claimed, so they do not take one of MAX_BROADCASTS for good.
     */
    public static boolean isOver(Document d) {
        if (isBroadcastRequest(d)) {
            return isEnded(d) || "error".equals(d.string(STATE));
        }
        return isEnded(d) || IdleRooms.STATE_IDLE.equals(d.string(STATE));
    }

    /** The instant a field holds, or null. */
    public static Instant instant(Document d, String field) {
        return d.data().get(field) instanceof Instant i ? i : null;
    }

    /** A claim document ({@code claims/*}) nobody holds: no owner, or its lease ran out before {@code now}. */
    public static boolean isUnowned(Document d, Instant now) {
        if (d.string(OWNER).isEmpty()) {
            return true;
        }
        Instant expires = instant(d, LEASE_EXPIRES_AT);
        return expires == null || !expires.isAfter(now);
    }
}
