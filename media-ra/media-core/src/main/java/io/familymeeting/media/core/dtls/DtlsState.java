package io.familymeeting.media.core.dtls;

/** Life cycle of a {@link DtlsTransport}. FAILED and CLOSED are final. */
public enum DtlsState {
    /** Created, handshake not started (datagrams that arrive are queued). */
    NEW,
    /** Handshake running on the executor. */
    CONNECTING,
    /** Handshake done, SRTP keys handed to the listener. */
    CONNECTED,
    /** Handshake or connection failed (alert, timeout, bad fingerprint, ...). */
    FAILED,
    /** Closed locally or by the peer's close_notify. */
    CLOSED
}
