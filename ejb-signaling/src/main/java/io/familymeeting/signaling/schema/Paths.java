package io.familymeeting.signaling.schema;

import io.familymeeting.signaling.store.DocumentPaths;

import java.util.regex.Pattern;

/**
 * The collections of the signaling documents and the paths of their documents (the fields
 * are in {@link Fields}), and the id rule every backend accepts: a path segment, a Firestore
 * document id, a URL path segment. The path syntax itself is the store's
 * ({@link DocumentPaths}).
 */
public final class Paths {
    /** {@code rooms/{roomId}}: the native rooms model. */
    public static final String ROOMS = "rooms";
    /** {@code rooms/{roomId}/participants/{participantId}}. */
    public static final String PARTICIPANTS = "participants";
    /** {@code rooms/{roomId}/cameras/{cameraId}}: a room's RTSP cameras. */
    public static final String CAMERAS = "cameras";
    /** {@code servers/{instanceId}}: each instance's heartbeat document. */
    public static final String SERVERS = "servers";
    /** {@code broadcast_requests/{id}}: the family-meeting web client's flat collection. */
    public static final String BROADCAST_REQUESTS = "broadcast_requests";
    /** {@code claims/{collection}:{id}}: instances' claims on rooms, written by instances only, never by browsers. */
    public static final String CLAIMS = "claims";
    /** {@code rooms/{roomId}/roster/{participantId}}: who is in a room (name, role, state), written by the server only. */
    public static final String ROSTER = "roster";
    /** {@code config/access}: the server's access settings, which the Firestore security rules read. */
    public static final String ACCESS_CONFIG = "config/access";

    /** Same rule as the web client's ID_PATTERN (web-admin js/signaling/signaling.js). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Paths() {
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String room(String roomId) {
        return ROOMS + "/" + roomId;
    }

    public static String participants(String roomId) {
        return room(roomId) + "/" + PARTICIPANTS;
    }

    public static String participant(String roomId, String participantId) {
        return participants(roomId) + "/" + participantId;
    }

    public static String rosterEntry(String roomId, String participantId) {
        return room(roomId) + "/" + ROSTER + "/" + participantId;
    }

    public static String cameras(String roomId) {
        return room(roomId) + "/" + CAMERAS;
    }

    public static String camera(String roomId, String cameraId) {
        return cameras(roomId) + "/" + cameraId;
    }

    public static String server(String instanceId) {
        return SERVERS + "/" + instanceId;
    }

    public static String broadcastRequest(String id) {
        return BROADCAST_REQUESTS + "/" + id;
    }

    /** The claim of a room document ({@code broadcast_requests/b1} -> {@code claims/broadcast_requests:b1}). */
    public static String claim(String roomPath) {
        return CLAIMS + "/" + roomPath.replace('/', ':');
    }

    /** {@code rooms/{id}} or {@code broadcast_requests/{id}}: the documents that are rooms (or may be). */
    public static boolean isRoomPath(String path) {
        String[] parts = path.split("/");
        return parts.length == 2 && (ROOMS.equals(parts[0]) || BROADCAST_REQUESTS.equals(parts[0]));
    }

    /** For {@code rooms/{roomId}/...}, the room id; otherwise null. */
    public static String roomIdOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 2 && ROOMS.equals(parts[0]) ? parts[1] : null;
    }

    /** True when the document at {@code path} is in the collection {@code collectionId} (e.g. {@link #CAMERAS}). */
    public static boolean isIn(String collectionId, String path) {
        return collectionId.equals(DocumentPaths.collectionId(path));
    }
}
