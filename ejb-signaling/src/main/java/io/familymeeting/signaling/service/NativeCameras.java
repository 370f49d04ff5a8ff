package io.familymeeting.signaling.service;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client writes of a room's cameras ({@code rooms/{roomId}/cameras/{cameraId}}) for the REST
 * API: validates the request ({@link CameraDocument}: rtsp:// URL, transport, mode), writes
 * the document (creating the room if needed) and answers with the public view, which never
 * holds the password. Starting and stopping the camera is {@link CameraSignaling}'s part, on
 * the document change.
 */
public final class NativeCameras {
    private final DocumentStore store;
    private final Clock clock;

    public NativeCameras(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Map<String, Object>> cameras(String roomId) {
        requireId(roomId, "room id");
        return store.list(Paths.cameras(roomId)).stream()
                .map(d -> CameraDocument.publicView(d.id(), d.data())).toList();
    }

    public Map<String, Object> camera(String roomId, String cameraId) {
        requireId(roomId, "room id");
        requireId(cameraId, "camera id");
        Document d = store.get(Paths.camera(roomId, cameraId)).orElseThrow(() -> notFound(roomId, cameraId));
        return CameraDocument.publicView(d.id(), d.data());
    }

    /**
     * Creates or replaces a camera. Without a {@code password} in the body, the document's
     * current password is kept (so a client can change the path, transport or mode without
     * knowing it) as long as the URL's host and port stay: a password is never carried to
     * another server ({@link CameraDocument#sameServer}). {@code "password": ""} removes it.
     */
    public Map<String, Object> put(String roomId, String cameraId, Map<String, Object> body) {
        requireId(roomId, "room id");
        requireId(cameraId, "camera id");
        String path = Paths.camera(roomId, cameraId);
        Map<String, Object> request = new LinkedHashMap<>(body);
        Document current = store.get(path).orElse(null);
        if (!request.containsKey(Fields.PASSWORD) && current != null
                && current.data().get(Fields.PASSWORD) instanceof String kept
                && CameraDocument.sameServer(current.data().get(Fields.URL), request.get(Fields.URL))) {
            request.put(Fields.PASSWORD, kept);
        }
        Map<String, Object> fields;
        try {
            fields = CameraDocument.clientFields(request);
        } catch (IllegalArgumentException e) {
            throw new RequestException(400, e.getMessage());
        }
        if (current != null && fields.equals(clientFieldsOf(current))) {
            // The same configuration: keep the server-written state, nothing restarts.
            store.update(path, Map.of(Fields.UPDATED_AT, clock.instant()));
            return camera(roomId, cameraId);
        }
        if (store.get(Paths.room(roomId)).isEmpty()) {
            new NativeRooms(store, clock).putRoom(roomId, Map.of());
        }
        Map<String, Object> doc = new LinkedHashMap<>(fields);
        doc.put(Fields.STATE, Values.STATE_NEW);
        doc.put(Fields.ERROR, "");
        doc.put(Fields.CREATED_AT, current != null && current.instant(Fields.CREATED_AT) != null
                ? current.instant(Fields.CREATED_AT) : clock.instant());
        doc.put(Fields.UPDATED_AT, clock.instant());
        store.set(path, doc);
        return camera(roomId, cameraId);
    }

    public void delete(String roomId, String cameraId) {
        requireId(roomId, "room id");
        requireId(cameraId, "camera id");
        String path = Paths.camera(roomId, cameraId);
        if (store.get(path).isEmpty()) {
            throw notFound(roomId, cameraId);
        }
        store.delete(path);
    }

    private static Map<String, Object> clientFieldsOf(Document doc) {
        try {
            return CameraDocument.clientFields(doc.data());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static RequestException notFound(String roomId, String cameraId) {
        return new RequestException(404, "no camera '" + cameraId + "' in room '" + roomId + "'");
    }

    private static void requireId(String id, String what) {
        if (!Paths.isValidId(id)) {
            throw new RequestException(400, what + " must be 1-64 letters, digits, '-' or '_' (starting with a letter or digit)");
        }
    }
}
