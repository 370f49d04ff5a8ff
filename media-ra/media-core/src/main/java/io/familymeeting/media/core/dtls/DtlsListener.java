package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpSession;

/**
 * Events of one {@link DtlsTransport}. Exactly one of {@link #onConnected} or {@link #onFailed}
 * follows a started handshake (unless it is closed first); {@link #onClosed} comes at most once.
 * Calls come from the handshake thread (connected / failed during the handshake), from the thread
 * that called {@code receive} (peer's close_notify or fatal alert afterwards) or from the thread
 * that called {@code close}. Implementations should only hand the event on; exceptions are
 * caught and logged.
 */
public interface DtlsListener {
    /** The handshake succeeded; the session holds the SRTP keys for our role. */
    void onConnected(SrtpSession session);

    /** The handshake (or, later, the connection) failed; the transport is unusable. */
    void onFailed(String reason);

    /** The transport was closed, by us or by the peer's close_notify. */
    void onClosed();
}
