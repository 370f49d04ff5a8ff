package io.familymeeting.web.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/** One shared JSON-B instance and the document-to-JSON shape the web client reads. */
final class Json {
    private static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {
    }

    static String write(Object value) {
        return JSONB.toJson(value);
    }

    /** A document as the client sees it: its id plus its fields. */
    static Map<String, Object> view(io.familymeeting.signaling.store.Document doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", doc.id());
        out.putAll(doc.data());
        return out;
    }

    /** {"error": message}: what the web client shows (embedded.js errorText). */
    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
