package io.familymeeting.signaling.access;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.ClientView;
import io.familymeeting.signaling.service.NativeRooms;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what on the embedded store's REST API, route by route, and the writes once
 * allowed ({@link NativeRooms}); answers are client views ({@link ClientView}: no key hash).
 *
 * <ul>
 *   <li>Join (create a participant document): open mode anyone, token mode a join token
 *       for that room and role; the document records the token's identity (and name, when
 *       it has one). Every join answer carries a fresh participant key, once
 *       ({@value #PARTICIPANT_KEY}); the document keeps its hash.</li>
 *   <li>A participant document (read, re-offer, leave, its stream): only its holder, who
 *       shows its participant key, or a valid token for the room with the same identity.
 *       Re-joining an existing participant id is the holder's too.</li>
 *   <li>Room view and roster stream (id, name, role, state): open mode anyone; token mode
 *       an admin, a valid token for the room, a participant key of the room or its room key.</li>
 *   <li>Room list: open mode anyone; token mode admins only.</li>
 *   <li>Create / retitle a room: open mode anyone creates and gets a room key once
 *       ({@value #ROOM_KEY}), and only that key (or an admin) retitles; token mode a
 *       presenter token for the room, or an admin.</li>
 * </ul>
 * A refusal is an {@link AccessException}: 401 without credentials or with an unusable
 * token, 403 with credentials that do not allow it; refused requests write nothing. Who is
 * an admin is the web layer's finding ({@link Caller#admin()}).
 */
public final class RoomAccess {
    /** The join answer's field carrying the participant key (only in that answer). */
    public static final String PARTICIPANT_KEY = "participantKey";
    /** The room creation answer's field carrying the room key (open mode, only in that answer). */
    public static final String ROOM_KEY = "roomKey";

    private final AccessConfig config;
    private final DocumentStore store;
    private final NativeRooms rooms;

    public RoomAccess(AccessConfig config, DocumentStore store, NativeRooms rooms) {
        this.config = config;
        this.store = store;
        this.rooms = rooms;
    }

    public AccessMode mode() {
        return config.mode();
    }

    /** The room writes behind the checks (for the live room view). */
    public NativeRooms rooms() {
        return rooms;
    }

    public List<Map<String, Object>> list(Caller caller) {
        if (config.mode() == AccessMode.TOKEN && !caller.admin()) {
            throw refused(caller, "only the console lists the rooms of this server (ACCESS_MODE=token)");
        }
        return rooms.rooms().stream().map(ClientView::of).toList();
    }

    public Map<String, Object> room(Caller caller, String roomId) {
        requireRoomView(caller, roomId);
        return ClientView.of(rooms.room(roomId));
    }

    /** Room view and roster stream; see the class comment. */
    public void requireRoomView(Caller caller, String roomId) {
        NativeRooms.requireId(roomId, "room id");
        if (config.mode() == AccessMode.OPEN || caller.admin()) {
            return;
        }
        if (caller.participantKey() != null && rooms.participants(roomId).stream()
                .anyMatch(p -> HolderKeys.matches(caller.participantKey(), p.data().get(Fields.KEY_HASH)))) {
            return;
        }
        if (caller.roomKey() != null && roomKeyMatches(caller, store.get(Paths.room(roomId)))) {
            return;
        }
        if (caller.bearerToken() != null) {
            config.requireTokens().verify(caller.bearerToken(), roomId, null);
            return;
        }
        throw refused(caller, "room " + roomId + " is for invited participants only: open the link of your invitation");
    }

    /** Create or retitle; see the class comment. */
    public Map<String, Object> putRoom(Caller caller, String roomId, Map<String, Object> body) {
        NativeRooms.requireId(roomId, "room id");
        Optional<Document> existing = store.get(Paths.room(roomId));
        if (existing.isPresent()) {
            requireRoomOwner(caller, existing.get());
            return ClientView.of(rooms.putRoom(roomId, body));
        }
        if (config.mode() == AccessMode.TOKEN) {
            requirePresenterOrAdmin(caller, roomId);
            return ClientView.of(rooms.putRoom(roomId, body));
        }
        String key = HolderKeys.newKey();
        Optional<Document> created = rooms.createRoom(roomId, body, Map.of(Fields.KEY_HASH, HolderKeys.hash(key)));
        if (created.isEmpty()) { // made by someone else meanwhile
            requireRoomOwner(caller, store.get(Paths.room(roomId)).orElseThrow());
            return ClientView.of(rooms.putRoom(roomId, body));
        }
        Map<String, Object> view = ClientView.of(created.get());
        view.put(ROOM_KEY, key);
        return view;
    }

    /** Creates (or, for its holder, starts anew) a participant document; see the class comment. */
    public Map<String, Object> join(Caller caller, String roomId, String participantId, Map<String, Object> body) {
        NativeRooms.requireId(roomId, "room id");
        NativeRooms.requireId(participantId, "participant id");
        ParticipantRole role = NativeRooms.role(body);
        Map<String, Object> serverFields = new HashMap<>();
        if (config.mode() == AccessMode.TOKEN && caller.bearerToken() == null) {
            throw new AccessException(AccessException.UNAUTHORIZED,
                    "this server admits invited participants only: open the link of your invitation (ACCESS_MODE=token)");
        }
        if (caller.bearerToken() != null && config.tokens().isPresent()) {
            JoinClaims claims = config.tokens().get().verify(caller.bearerToken(), roomId, role);
            serverFields.put(Fields.IDENTITY, claims.identity());
            if (!claims.name().isEmpty()) {
                serverFields.put(Fields.NAME, claims.name());
            }
        }
        Optional<Document> existing = store.get(Paths.participant(roomId, participantId));
        if (existing.isPresent() && !isHolder(caller, roomId, existing.get())) {
            throw new AccessException(AccessException.FORBIDDEN, "participant id " + participantId + " is taken in room " + roomId
                    + "; only its holder may join with it again");
        }
        String key = HolderKeys.newKey();
        serverFields.put(Fields.KEY_HASH, HolderKeys.hash(key));
        Map<String, Object> view = ClientView.of(rooms.join(roomId, participantId, body, serverFields));
        view.put(PARTICIPANT_KEY, key);
        return view;
    }

    public Map<String, Object> participant(Caller caller, String roomId, String participantId) {
        return ClientView.of(requireHolder(caller, roomId, participantId));
    }

    /** Re-offer or leave ({@link NativeRooms#patch}), by the holder only. */
    public Map<String, Object> patch(Caller caller, String roomId, String participantId, Map<String, Object> body) {
        requireHolder(caller, roomId, participantId);
        return ClientView.of(rooms.patch(roomId, participantId, body));
    }

    /** The participant's document when the caller holds it; 404 when there is none. */
    public Document requireHolder(Caller caller, String roomId, String participantId) {
        Document doc = rooms.participant(roomId, participantId);
        if (!isHolder(caller, roomId, doc)) {
            throw refused(caller, "only participant " + participantId + " itself may read or change its document"
                    + " (its page sends its participant key)");
        }
        return doc;
    }

    private boolean isHolder(Caller caller, String roomId, Document participant) {
        if (HolderKeys.matches(caller.participantKey(), participant.data().get(Fields.KEY_HASH))) {
            return true;
        }
        String identity = participant.string(Fields.IDENTITY);
        if (caller.bearerToken() == null || identity.isEmpty() || config.tokens().isEmpty()) {
            return false;
        }
        return config.tokens().get().verify(caller.bearerToken(), roomId, null).identity().equals(identity);
    }

    private void requireRoomOwner(Caller caller, Document room) {
        if (caller.admin()) {
            return;
        }
        if (config.mode() == AccessMode.TOKEN) {
            requirePresenterOrAdmin(caller, room.id());
            return;
        }
        if (!roomKeyMatches(caller, Optional.of(room))) {
            throw refused(caller, "room " + room.id() + " exists; only its creator (with its room key) or an admin may retitle it");
        }
    }

    private void requirePresenterOrAdmin(Caller caller, String roomId) {
        if (caller.admin()) {
            return;
        }
        if (caller.bearerToken() == null) {
            throw refused(caller, "creating or retitling room " + roomId + " needs a presenter invitation (ACCESS_MODE=token)");
        }
        config.requireTokens().verify(caller.bearerToken(), roomId, ParticipantRole.PRESENTER);
    }

    private static boolean roomKeyMatches(Caller caller, Optional<Document> room) {
        return room.isPresent() && HolderKeys.matches(caller.roomKey(), room.get().data().get(Fields.KEY_HASH));
    }

    /** 401 when the caller showed nothing, 403 when what it showed does not allow this. */
    private static RequestException refused(Caller caller, String message) {
        return new AccessException(caller.hasCredentials() ? AccessException.FORBIDDEN : AccessException.UNAUTHORIZED, message);
    }
}
