package io.familymeeting.media.core.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code a=setup} attribute (RFC 4145 §4, used for DTLS by RFC 8842 §5): which side
 * opens the connection. {@code active} is the DTLS client, {@code passive} the server.
 */
public enum Setup {
    ACTIVE, PASSIVE, ACTPASS, HOLDCONN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Setup> fromValue(String value) {
        for (Setup s : values()) {
            if (s.value().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
