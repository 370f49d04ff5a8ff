package io.familymeeting.signaling.store;

import java.util.regex.Pattern;

/**
 * Document paths of the signaling contract (ARCHITECTURE.md §4) and the id rule every
 * backend accepts: a path segment, a Firestore document id, a URL path segment.
 */
public final class Paths {
    public static final String ROOMS = "rooms";
    public static final String PARTICIPANTS = "participants";
    public static final String CAMERAS = "cameras";
    public static final String SERVERS = "servers";
    public static final String BROADCAST_REQUESTS = "broadcast_requests";
    /** Instances' claims on rooms (ARCHITECTURE §4.3): written by instances only, never by browsers. */
    public static final String CLAIMS = "claims";

    /** Same rule as the web client's ID_PATTERN (signaling.js). */
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

    /** The last segment of a path. */
    public static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path of the collection holding a document ({@code rooms/r1/participants/p1} -> {@code rooms/r1/participants}). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The id of the collection holding a document ({@code participants}). */
    public static String collectionId(String path) {
        return id(parent(path));
    }

    /** For {@code rooms/{roomId}/...}, the room id; otherwise null. */
    public static String roomIdOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 2 && ROOMS.equals(parts[0]) ? parts[1] : null;
    }

    /** Document paths have an even number of segments, each non-empty. */
    public static boolean isDocumentPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        String[] parts = path.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return false;
            }
        }
        return parts.length % 2 == 0;
    }
}
