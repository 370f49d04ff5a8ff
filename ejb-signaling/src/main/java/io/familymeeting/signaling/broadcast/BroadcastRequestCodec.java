package io.familymeeting.signaling.broadcast;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.schema.Paths;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads and writes the {@code broadcast_requests} wire format of the family-meeting web
 * client (docs/signaling.md; field names in {@code schema.Fields}): {@code offer} and {@code answer} are base64 (the browser's
 * {@code btoa}) of the JSON {@code {"type": "offer"|"answer", "sdp": ...}}. Parsing checks
 * every field and says precisely what is wrong; JSON goes through JSON-P (jakarta.json),
 * which the server provides.
 *
 * <p>Not for the SDP itself (media-core parses it), nor for whether a participant's parent
 * exists: that needs the store.
 */
public final class BroadcastRequestCodec {
    /** Default SDP size limit: the native offers' limit (SDP is ASCII, so its characters are bytes). */
    public static final int DEFAULT_MAX_SDP_BYTES = Values.MAX_SDP_CHARS;
    private static final int MAX_REQUESTOR_CHARS = 200;

    private final int maxSdpBytes;

    public BroadcastRequestCodec() {
        this(DEFAULT_MAX_SDP_BYTES);
    }

    public BroadcastRequestCodec(int maxSdpBytes) {
        this.maxSdpBytes = maxSdpBytes;
    }

    public BroadcastRequest parse(Document doc) throws BadRequestException {
        Map<String, Object> d = doc.data();
        String requestor = requiredString(d, Fields.REQUESTOR);
        if (requestor.length() > MAX_REQUESTOR_CHARS) {
            throw new BadRequestException("requestor is longer than " + MAX_REQUESTOR_CHARS + " characters");
        }
        String kindText = requiredString(d, Fields.KIND);
        BroadcastRequest.Kind kind = switch (kindText) {
            case Values.KIND_BROADCASTER -> BroadcastRequest.Kind.BROADCASTER;
            case Values.KIND_PARTICIPANT -> BroadcastRequest.Kind.PARTICIPANT;
            default -> throw new BadRequestException("kind must be \"broadcaster\" or \"participant\", not \"" + clip(kindText) + "\"");
        };
        String parent = optionalString(d, Fields.PARENT);
        if (kind == BroadcastRequest.Kind.BROADCASTER && !parent.isEmpty()) {
            throw new BadRequestException("parent must be \"\" for a broadcaster");
        }
        if (kind == BroadcastRequest.Kind.PARTICIPANT && !Paths.isValidId(parent)) {
            throw new BadRequestException(parent.isEmpty() ? "parent (the broadcaster's id) is missing for a participant"
                    : "parent is not a valid document id: \"" + clip(parent) + "\"");
        }
        String sdp = decode(requiredString(d, Fields.OFFER), Values.TYPE_OFFER);
        String answer = optionalString(d, Fields.ANSWER);
        Object abort = d.get(Fields.ABORT);
        if (abort != null && !(abort instanceof Boolean)) {
            throw new BadRequestException("abort must be true or false");
        }
        return new BroadcastRequest(doc.id(), requestor, kind, parent, sdp, !answer.isEmpty(), Boolean.TRUE.equals(abort));
    }

    /** The {@code answer} field's value for an answer SDP. */
    public String encodeAnswer(String sdp) {
        String json = Json.createObjectBuilder().add(Fields.TYPE, Values.TYPE_ANSWER).add(Fields.SDP, sdp).build().toString();
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The offer field a browser would write (tests, load tools). */
    public String encodeOffer(String sdp) {
        String json = Json.createObjectBuilder().add(Fields.TYPE, Values.TYPE_OFFER).add(Fields.SDP, sdp).build().toString();
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The SDP of an {@code answer} field (tests, tools). */
    public String decodeAnswer(String field) throws BadRequestException {
        return decode(field, Values.TYPE_ANSWER);
    }

    private String decode(String field, String expectedType) throws BadRequestException {
        // base64 grows by 4/3; the JSON wrapping adds a little.
        if (field.length() > (maxSdpBytes / 3 + 1) * 4 + 512) {
            throw new BadRequestException(expectedType + " is larger than the " + maxSdpBytes + "-byte SDP limit");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(field.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(expectedType + " is not base64: " + e.getMessage(), e);
        }
        JsonObject json;
        try (JsonReader r = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            JsonValue v = r.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new BadRequestException(expectedType + " is not a JSON object");
            }
            json = v.asJsonObject();
        } catch (JsonException e) {
            throw new BadRequestException(expectedType + " is not JSON: " + e.getMessage(), e);
        }
        String type = jsonString(json, Fields.TYPE, expectedType);
        if (!expectedType.equals(type)) {
            throw new BadRequestException(expectedType + " has type \"" + clip(type) + "\", expected \"" + expectedType + "\"");
        }
        String sdp = jsonString(json, Fields.SDP, expectedType);
        if (sdp.isBlank()) {
            throw new BadRequestException(expectedType + " has an empty sdp");
        }
        if (sdp.getBytes(StandardCharsets.UTF_8).length > maxSdpBytes) {
            throw new BadRequestException(expectedType + " SDP is larger than the " + maxSdpBytes + "-byte limit");
        }
        return sdp;
    }

    private static String jsonString(JsonObject json, String key, String what) throws BadRequestException {
        JsonValue v = json.get(key);
        if (v == null) {
            throw new BadRequestException(what + " has no \"" + key + "\"");
        }
        if (!(v instanceof JsonString s)) {
            throw new BadRequestException(what + " \"" + key + "\" is not a string");
        }
        return s.getString();
    }

    private static String requiredString(Map<String, Object> d, String field) throws BadRequestException {
        Object v = d.get(field);
        if (v == null) {
            throw new BadRequestException(field + " is missing");
        }
        if (!(v instanceof String s)) {
            throw new BadRequestException(field + " must be a string");
        }
        if (s.isEmpty()) {
            throw new BadRequestException(field + " is empty");
        }
        return s;
    }

    private static String optionalString(Map<String, Object> d, String field) throws BadRequestException {
        Object v = d.get(field);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new BadRequestException(field + " must be a string");
        }
        return s;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
