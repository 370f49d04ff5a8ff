package io.familymeeting.web.api;

import io.familymeeting.signaling.service.ClientView;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.util.Map;

/** One shared JSON-B instance and the document-to-JSON shape the web client reads. */
final class Json {
    private static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {
    }

    static String write(Object value) {
        return JSONB.toJson(value);
    }

    /** A document as the client sees it: its id plus its fields, less the server-only ones. */
    static Map<String, Object> view(io.familymeeting.signaling.store.Document doc) {
        return ClientView.of(doc);
    }

    /** {"error": message}: what the web client shows (embedded.js errorText). */
    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
