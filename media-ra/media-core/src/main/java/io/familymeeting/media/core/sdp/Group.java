package io.familymeeting.media.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=group:<semantics> <mid>...} (RFC 5888 §5); BUNDLE semantics is RFC 8843.
 */
public record Group(String semantics, List<String> mids) {
    /** BUNDLE grouping semantics (RFC 8843). */
    public static final String BUNDLE = "BUNDLE";

    public Group {
        Objects.requireNonNull(semantics, "semantics");
        mids = List.copyOf(mids);
    }

    public boolean isBundle() {
        return BUNDLE.equals(semantics);
    }

    public String value() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String mid : mids) {
            sb.append(' ').append(mid);
        }
        return sb.toString();
    }
}
