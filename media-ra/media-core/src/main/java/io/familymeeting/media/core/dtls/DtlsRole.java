package io.familymeeting.media.core.dtls;

import java.util.Locale;

/**
 * Which end of the DTLS handshake we are. Decided by the SDP {@code a=setup} attribute of our
 * answer (RFC 5763 §5, RFC 4145 §4): "passive" means we wait for the ClientHello (server),
 * "active" means we send it (client).
 */
public enum DtlsRole {
    SERVER,
    CLIENT;

    /**
     * The role for the {@code a=setup} value we wrote in our answer.
     *
     * @throws IllegalArgumentException for "actpass" / "holdconn" (not valid in an answer here)
     */
    public static DtlsRole forLocalSetup(String setup) {
        switch (setup.trim().toLowerCase(Locale.ROOT)) {
            case "passive":
                return SERVER;
            case "active":
                return CLIENT;
            default:
                throw new IllegalArgumentException("an answer's a=setup must be active or passive, got " + setup);
        }
    }
}
