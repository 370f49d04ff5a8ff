package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * An attribute this package does not type ({@code a=name} or {@code a=name:value},
 * RFC 8866 §5.13). Kept in order and written back unchanged.
 *
 * @param name  the attribute name
 * @param value the text after the first colon, or null for a property attribute
 */
public record Attribute(String name, String value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
    }

    /** The text after {@code a=}. */
    public String text() {
        return value == null ? name : name + ":" + value;
    }
}
