package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;

import java.time.Instant;

/**
 * The scale-out view of the documents that are "rooms": {@code rooms/{id}} and broadcaster
 * documents in {@code broadcast_requests} (a participant request is not a room: it follows its
 * parent). The ended/claimable rules, and whether a room's {@code claims/*} document
 * ({@code owner}, {@code leaseExpiresAt}) is held, shared by {@link RoomClaims}, {@link Monitor}
 * and {@link Cleanup}. The field names are {@link Fields}.
 *
 * <p>Not a parser of the signaling content (offers, answers): see {@code broadcast}.
 */
public final class RoomDocs {
    private RoomDocs() {
    }

    /** A room document, or a broadcaster (not a participant) request. */
    public static boolean isRoom(Document d) {
        if (!Paths.isRoomPath(d.path())) {
            return false;
        }
        return !isBroadcastRequest(d) || !isParticipantRequest(d);
    }

    public static boolean isBroadcastRequest(Document d) {
        return d.path().startsWith(Paths.BROADCAST_REQUESTS + "/");
    }

    /** A {@code broadcast_requests} document of kind participant (a viewer of its parent's broadcast). */
    public static boolean isParticipantRequest(Document d) {
        return isBroadcastRequest(d) && Values.KIND_PARTICIPANT.equals(d.string(Fields.KIND));
    }

    /**
     * Ended: a room in state ended/aborted, a request with abort set, or a request whose media
     * failed ({@code state: "failed"}: the legacy client does not re-offer on the same document).
     */
    public static boolean isEnded(Document d) {
        String state = d.string(Fields.STATE);
        if (isBroadcastRequest(d)) {
            return d.bool(Fields.ABORT) || Values.STATE_FAILED.equals(state);
        }
        return Values.STATE_ENDED.equals(state) || Values.STATE_ABORTED.equals(state);
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
            return isEnded(d) || Values.STATE_ERROR.equals(d.string(Fields.STATE));
        }
        return isEnded(d) || Values.STATE_IDLE.equals(d.string(Fields.STATE));
    }

    /** The instant a field holds, or null. */
    public static Instant instant(Document d, String field) {
        return d.data().get(field) instanceof Instant i ? i : null;
    }

    /** A claim document ({@code claims/*}) nobody holds: no owner, or its lease ran out before {@code now}. */
    public static boolean isUnowned(Document d, Instant now) {
        if (d.string(Fields.OWNER).isEmpty()) {
            return true;
        }
        Instant expires = instant(d, Fields.LEASE_EXPIRES_AT);
        return expires == null || !expires.isAfter(now);
    }
}
