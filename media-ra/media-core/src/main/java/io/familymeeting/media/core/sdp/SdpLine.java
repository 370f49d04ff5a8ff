package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * A line this package keeps without typing it ({@code i=}, {@code u=}, {@code e=},
 * {@code p=}, {@code b=}, {@code r=}, {@code z=}, {@code k=}); written back unchanged.
 */
public record SdpLine(char type, String value) {
    public SdpLine {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
