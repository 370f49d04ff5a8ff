package io.familymeeting.media.core.transport;

import io.familymeeting.media.core.send.SendQueue;

import java.util.concurrent.Executor;

/**
 * What a {@link WebRtcTransport} needs from the engine around it: a thread for its DTLS
 * handshake (received datagrams are handled on the media port's forwarding threads), a clock, and (optionally) the send queue its outgoing packets go through.
 * Implemented by the engine; tests may use a simple one.
 */
public interface TransportContext {
    /** Runs long-lived tasks (DTLS handshakes) on owner-managed threads. */
    Executor executor();

    /** A monotonic clock in milliseconds. */
    long nowMillis();

    /**
     * The send queue a new transport's outgoing packets go through, or null (the default):
     * the thread that forwards a packet protects and sends it itself.
     */
    default SendQueue assignSendQueue() {
        return null;
    }
}
