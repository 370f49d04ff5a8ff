package io.familymeeting.media.core.ice;

import org.ice4j.ice.IceProcessingState;

/**
 * State of one participant's ICE transport, modelled on the W3C {@code RTCIceTransportState}
 * (without "disconnected": a transport whose consent expires goes straight to {@link #FAILED},
 * RFC 7675 §5.1).
 *
 * <p>Only forward transitions happen: NEW → CHECKING → CONNECTED → COMPLETED, any state →
 * FAILED, any state → CLOSED. FAILED and CLOSED are final (FAILED may still become CLOSED).
 */
public enum IceState {
    /** Created, local candidates known, remote description not yet applied. */
    NEW,
    /** Remote credentials applied; answering / performing connectivity checks. */
    CHECKING,
    /** A pair was nominated by the controlling peer and selected: media may flow. */
    CONNECTED,
    /** ICE processing is over (ice4j TERMINATED); the selected pair stays in use. */
    COMPLETED,
    /** No pair could be established in time, or consent expired (RFC 7675). Final. */
    FAILED,
    /** Closed locally; every resource is released. Final. */
    CLOSED;

    /** Whether the transport can carry media in this state. */
    public boolean isConnected() {
        return this == CONNECTED || this == COMPLETED;
    }

    /** Whether no further transition (except FAILED → CLOSED) can happen. */
    public boolean isFinal() {
        return this == FAILED || this == CLOSED;
    }

    /**
     * Maps an ice4j processing state onto ours; {@code null} for ice4j states that do not change
     * ours (WAITING happens before checks start; TERMINATED after FAILED stays FAILED).
     */
    static IceState fromIce4j(IceProcessingState state, IceState current) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case WAITING -> null;
            case RUNNING -> CHECKING;
            case COMPLETED -> CONNECTED;
            // ice4j reaches TERMINATED termination-delay after COMPLETED, or when freed.
            case TERMINATED -> current.isConnected() ? COMPLETED : null;
            case FAILED -> FAILED;
        };
    }
}
