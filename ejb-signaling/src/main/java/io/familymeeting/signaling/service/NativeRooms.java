package io.familymeeting.signaling.service;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client writes of the native rooms model ({@link Fields}; docs/signaling.md) for the embedded store's
 * REST API: the checks Firestore security rules make for browsers writing directly, done
 * here instead. It validates the shape of what a client may write (ids, role, offer map,
 * sizes) and writes it; it does not look inside the SDP: the server's answer or error on the
 * document says whether the offer was usable.
 */
public final class NativeRooms {
    private static final int MAX_NAME = 60;
    private static final int MAX_TITLE = 120;

    private final DocumentStore store;
    private final Clock clock;

    public NativeRooms(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Document> rooms() {
        return store.list(Paths.ROOMS);
    }

    public Document room(String roomId) {
        requireId(roomId, "room id");
        return store.get(Paths.room(roomId)).orElseThrow(() -> new RequestException(404, "no room '" + roomId + "'"));
    }

    public Document putRoom(String roomId, Map<String, Object> body) {
        requireId(roomId, "room id");
        String path = Paths.room(roomId);
        Map<String, Object> fields = roomFields(roomId, body);
        if (!store.update(path, fields)) {
            newRoom(fields, Map.of());
            if (!store.create(path, fields)) {
                store.update(path, fields);
            }
        }
        return store.get(path).orElseThrow();
    }

    /**
     * Creates the room with its title and the server's {@code serverFields} (e.g. the
     * creator's key hash); empty when it exists already (then nothing is written).
     */
    public Optional<Document> createRoom(String roomId, Map<String, Object> body, Map<String, Object> serverFields) {
        requireId(roomId, "room id");
        String path = Paths.room(roomId);
        Map<String, Object> fields = roomFields(roomId, body);
        newRoom(fields, serverFields);
        return store.create(path, fields) ? store.get(path) : Optional.empty();
    }

    private Map<String, Object> roomFields(String roomId, Map<String, Object> body) {
        String title = text(body, Fields.TITLE, MAX_TITLE);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Fields.TITLE, title.isEmpty() ? roomId : title);
        fields.put(Fields.UPDATED_AT, clock.instant());
        return fields;
    }

    private void newRoom(Map<String, Object> fields, Map<String, Object> serverFields) {
        fields.put(Fields.CREATED_AT, clock.instant());
        fields.put(Fields.STATE, Values.STATE_OPEN);
        fields.putAll(serverFields);
    }

    public List<Document> participants(String roomId) {
        requireId(roomId, "room id");
        return store.list(Paths.participants(roomId));
    }

    /** Creates (or starts anew) a participant document with its first offer. */
    public Document join(String roomId, String participantId, Map<String, Object> body) {
        return join(roomId, participantId, body, Map.of());
    }

    /**
     * {@link #join(String, String, Map)} with fields the server sets ({@code identity},
     * {@code keyHash}, or a {@code name} that replaces the body's).
     */
    public Document join(String roomId, String participantId, Map<String, Object> body, Map<String, Object> serverFields) {
        requireId(roomId, "room id");
        requireId(participantId, "participant id");
        String name = text(body, Fields.NAME, MAX_NAME);
        ParticipantRole role = role(body);
        Map<String, Object> offer = offer(body, 0);
        if (store.get(Paths.room(roomId)).isEmpty()) {
            putRoom(roomId, Map.of());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(Fields.NAME, name);
        doc.put(Fields.ROLE, role.wireName());
        doc.put(Fields.OFFER, offer);
        doc.put(Fields.ANSWER, Map.of());
        doc.put(Fields.STATE, Values.STATE_NEW);
        doc.put(Fields.ERROR, "");
        doc.put(Fields.LEAVE, false);
        doc.put(Fields.RENEGOTIATE, false);
        doc.put(Fields.CREATED_AT, clock.instant());
        doc.put(Fields.UPDATED_AT, clock.instant());
        doc.putAll(serverFields);
        String path = Paths.participant(roomId, participantId);
        store.set(path, doc);
        return store.get(path).orElseThrow();
    }

    /** A new offer (renegotiation, rev must grow) or {@code leave: true}. */
    public Document patch(String roomId, String participantId, Map<String, Object> body) {
        requireId(roomId, "room id");
        requireId(participantId, "participant id");
        String path = Paths.participant(roomId, participantId);
        Document current = store.get(path).orElseThrow(() -> new RequestException(404, "no participant '" + participantId + "' in room '" + roomId + "'"));
        Map<String, Object> fields = new LinkedHashMap<>();
        if (Boolean.TRUE.equals(body.get(Fields.LEAVE))) {
            fields.put(Fields.LEAVE, true);
        } else if (body.containsKey(Fields.OFFER)) {
            if (Values.STATE_LEFT.equals(current.string(Fields.STATE)) || current.bool(Fields.LEAVE)) {
                throw new RequestException(409, "this participant has left the room; join again");
            }
            long currentRev = current.map(Fields.OFFER).get(Fields.REV) instanceof Number n ? n.longValue() : 0;
            fields.put(Fields.OFFER, offer(body, currentRev));
        } else {
            throw new RequestException(400, "send {\"offer\": {...}} or {\"leave\": true}");
        }
        fields.put(Fields.UPDATED_AT, clock.instant());
        if (!store.update(path, fields)) {
            throw new RequestException(404, "no participant '" + participantId + "' in room '" + roomId + "'");
        }
        return store.get(path).orElseThrow();
    }

    public Document participant(String roomId, String participantId) {
        requireId(roomId, "room id");
        requireId(participantId, "participant id");
        return store.get(Paths.participant(roomId, participantId))
                .orElseThrow(() -> new RequestException(404, "no participant '" + participantId + "' in room '" + roomId + "'"));
    }

    /** {room, participants: [{id, name, role, state}]}: the room page's live view. */
    public Map<String, Object> roomView(String roomId) {
        Map<String, Object> out = new LinkedHashMap<>();
        Document room = store.get(Paths.room(roomId)).orElse(null);
        out.put("room", room == null ? Map.of("id", roomId) : ClientView.of(room));
        List<Map<String, Object>> people = new ArrayList<>();
        for (Document p : store.list(Paths.participants(roomId))) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", p.id());
            v.put(Fields.NAME, p.string(Fields.NAME));
            v.put(Fields.ROLE, p.string(Fields.ROLE));
            v.put(Fields.STATE, p.string(Fields.STATE));
            people.add(v);
        }
        out.put("participants", people);
        return out;
    }

    private static Map<String, Object> offer(Map<String, Object> body, long previousRev) {
        if (!(body.get(Fields.OFFER) instanceof Map<?, ?> raw)) {
            throw new RequestException(400, "offer must be an object {type: \"offer\", sdp, rev}");
        }
        if (!Values.TYPE_OFFER.equals(raw.get(Fields.TYPE))) {
            throw new RequestException(400, "offer.type must be \"offer\"");
        }
        if (!(raw.get(Fields.SDP) instanceof String sdp) || sdp.isBlank()) {
            throw new RequestException(400, "offer.sdp must be a non-empty string");
        }
        if (sdp.length() > Values.MAX_SDP_CHARS) {
            throw new RequestException(413, "offer.sdp is larger than " + Values.MAX_SDP_CHARS + " characters");
        }
        long rev = -1;
        if (raw.get(Fields.REV) instanceof Number n && n.doubleValue() == Math.floor(n.doubleValue())) {
            rev = n.longValue();
        }
        if (rev < 1) {
            throw new RequestException(400, "offer.rev must be a positive whole number");
        }
        if (rev <= previousRev) {
            throw new RequestException(409, "offer.rev " + rev + " is not newer than " + previousRev);
        }
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put(Fields.TYPE, Values.TYPE_OFFER);
        offer.put(Fields.SDP, sdp);
        offer.put(Fields.REV, rev);
        return offer;
    }

    private static String text(Map<String, Object> body, String field, int max) {
        Object v = body.get(field);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new RequestException(400, field + " must be a string");
        }
        String t = s.trim();
        if (t.length() > max) {
            throw new RequestException(400, field + " is longer than " + max + " characters");
        }
        return t;
    }

    /** The body's {@code role}; 400 when it is missing or unknown. */
    public static ParticipantRole role(Map<String, Object> body) {
        Object roleText = body.get(Fields.ROLE);
        try {
            return ParticipantRole.parse(roleText == null ? null : roleText.toString());
        } catch (IllegalArgumentException e) {
            throw new RequestException(400, "role: " + e.getMessage() + " (use \"presenter\" or \"viewer\")");
        }
    }

    /** 400 unless {@code id} is a valid room or participant id ({@link Paths#isValidId}). */
    public static void requireId(String id, String what) {
        if (!Paths.isValidId(id)) {
            throw new RequestException(400, what + " must be 1-64 letters, digits, '-' or '_' (starting with a letter or digit)");
        }
    }
}
