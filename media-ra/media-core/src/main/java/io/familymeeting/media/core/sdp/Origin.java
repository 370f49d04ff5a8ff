package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * The {@code o=} line (RFC 8866 §5.2). Session id and version are kept as text: the
 * grammar allows any number of digits.
 */
public record Origin(String username, String sessionId, String sessionVersion,
                     String netType, String addrType, String address) {
    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(sessionVersion, "sessionVersion");
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }
}
