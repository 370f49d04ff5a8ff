package io.familymeeting.media.core.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * Media direction attributes (RFC 8866 §6.7.1-§6.7.4), always from the point of view of
 * the side that wrote the description.
 */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name as written in SDP. */
    public String attributeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction the other side sees: sendonly and recvonly swap (RFC 3264 §6.1). */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction named by an attribute name, if it is one. */
    public static Optional<Direction> fromAttributeName(String name) {
        for (Direction d : values()) {
            if (d.attributeName().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
