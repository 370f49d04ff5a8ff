package io.familymeeting.media.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=msid-semantic:WMS [ids|*]}: the session-level marker from the msid drafts
 * that browsers still write (RFC 8830 itself dropped it). Chromium writes a space after
 * the colon, Firefox writes {@code WMS *}; both parse to the same value.
 */
public record MsidSemantic(String semantic, List<String> identifiers) {
    public MsidSemantic {
        Objects.requireNonNull(semantic, "semantic");
        identifiers = List.copyOf(identifiers);
    }

    public String value() {
        StringBuilder sb = new StringBuilder(semantic);
        for (String id : identifiers) {
            sb.append(' ').append(id);
        }
        return sb.toString();
    }
}
