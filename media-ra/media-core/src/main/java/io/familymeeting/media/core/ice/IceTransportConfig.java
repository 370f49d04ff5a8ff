package io.familymeeting.media.core.ice;

/**
 * Per-participant ICE settings.
 *
 * @param connectTimeoutMillis how long after {@link IceTransport#setRemote} a pair must be
 *                             selected before the transport fails (covers the time the answer
 *                             takes to reach the browser through signaling)
 * @param consentTimeoutMillis consent expires when no consent check got an answer for this
 *                             long (RFC 7675 §5.1: 30 s)
 * @param receiveQueuePackets  datagrams held for the receive task before the oldest arrivals
 *                             are dropped (a burst buffer, not a jitter buffer)
 */
public record IceTransportConfig(long connectTimeoutMillis, long consentTimeoutMillis,
                                 int receiveQueuePackets) {

    /** RFC 7675 §5.1: "Consent expires after 30 seconds". */
    public static final long DEFAULT_CONSENT_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_RECEIVE_QUEUE_PACKETS = 1024;

    public IceTransportConfig {
        if (connectTimeoutMillis <= 0 || consentTimeoutMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (receiveQueuePackets < 1) {
            throw new IllegalArgumentException("receive queue must hold at least one packet");
        }
    }

    public static IceTransportConfig defaults() {
        return new IceTransportConfig(DEFAULT_CONNECT_TIMEOUT_MILLIS, DEFAULT_CONSENT_TIMEOUT_MILLIS,
                DEFAULT_RECEIVE_QUEUE_PACKETS);
    }

    public IceTransportConfig withConsentTimeoutMillis(long millis) {
        return new IceTransportConfig(connectTimeoutMillis, millis, receiveQueuePackets);
    }

    public IceTransportConfig withConnectTimeoutMillis(long millis) {
        return new IceTransportConfig(millis, consentTimeoutMillis, receiveQueuePackets);
    }
}
