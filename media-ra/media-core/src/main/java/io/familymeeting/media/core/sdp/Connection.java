package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * The {@code c=} line (RFC 8866 §5.7). The address is kept as written (a multicast
 * address may carry {@code /ttl}); WebRTC only uses it as a placeholder (RFC 8839 §5.1).
 */
public record Connection(String netType, String addrType, String address) {
    public Connection {
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
    }

    /** {@code IN IP4 0.0.0.0}, the placeholder JSEP writes (RFC 8829). */
    public static Connection placeholder() {
        return new Connection("IN", "IP4", "0.0.0.0");
    }

    @Override
    public String toString() {
        return netType + " " + addrType + " " + address;
    }
}
