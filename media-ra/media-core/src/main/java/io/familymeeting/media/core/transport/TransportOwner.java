package io.familymeeting.media.core.transport;

import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtp.RtpPacket;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The participant a {@link WebRtcTransport} works for, as far as the transport needs it:
 * where decrypted media goes, whose tracks RTCP is about, and the transport's events.
 * Keeps the transport layer free of rooms and signaling.
 *
 * <p>{@link #onIceConnected}, {@link #onSecure} and {@link #onFailed} come at most once each, from ICE's or the DTLS
 * handshake's thread: hand the event on, do not block. {@link #onRtp} comes on the
 * transport's receive thread; the lists are read on the receive and timer threads and must
 * be safe to read there (immutable snapshots).
 */
public interface TransportOwner {
    /**
     * ICE connected with the peer at {@code remote}, before the transport reads the peer's
     * packets and starts DTLS. Returning false refuses the peer: the transport does neither,
     * and the owner closes it. The default accepts.
     */
    default boolean onIceConnected(InetSocketAddress remote) {
        return true;
    }

    /** DTLS is up and SRTP keys are known: media can flow. */
    void onSecure();

    /** ICE (no connectivity, consent expired) or DTLS failed; the reason starts with "ICE: " or "DTLS: ". */
    void onFailed(String reason);

    /**
     * One decrypted RTP packet of a publishing transport, wrapped in {@code packet} (valid
     * only during the call). Returns false when no producer takes it: the transport counts it
     * as dropped.
     */
    boolean onRtp(RtpPacket packet, long nowMillis);

    /** A keyframe request (PLI) for the publisher's stream {@code mediaSsrc} went out. */
    void onKeyframeRequested(long mediaSsrc);

    /** The incoming tracks: sender reports feed their statistics, receiver reports are built from them. */
    List<Producer> producers();

    /** The outgoing slots: NACKs and keyframe requests of the peer go to them, sender reports describe them. */
    List<Consumer> consumers();
}
