package io.familymeeting.signaling.service;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.store.Document;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A document as the REST API and its live streams show it: its {@code id} and its fields,
 * less those that never leave the server ({@link Fields#NEVER_SHOWN}).
 */
public final class ClientView {
    private ClientView() {
    }

    public static Map<String, Object> of(Document doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", doc.id());
        doc.data().forEach((field, value) -> {
            if (!Fields.NEVER_SHOWN.contains(field)) {
                out.put(field, value);
            }
        });
        return out;
    }
}
