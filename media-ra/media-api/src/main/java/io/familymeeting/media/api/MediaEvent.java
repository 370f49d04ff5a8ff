package io.familymeeting.media.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a participant's media, reported by the engine to its owner
 * (through the resource adapter's inbound side to a message-driven bean).
 *
 * @param type          what happened
 * @param roomId        the room
 * @param participantId the participant it happened to
 * @param detail        a short human-readable detail (track kind, failure reason); may be empty
 * @param at            when the engine saw it
 */
public record MediaEvent(Type type, String roomId, String participantId, String detail, Instant at)
        implements java.io.Serializable {

    /** The kinds of media event. */
    public enum Type {
        /** ICE and DTLS are up: media can flow. */
        CONNECTED,
        /** ICE failed, consent expired, or DTLS failed: the participant has been removed. */
        FAILED,
        /**
         * The engine refused a participant after answering its offer, when its transport
         * connected: a limit of the server (too many transports from its address). detail says
         * why, for the participant; the participant has been removed.
         */
        REFUSED,
        /** A presenter's track delivered its first packet. */
        TRACK_STARTED,
        /** A presenter's track ended (the presenter left or stopped sending). */
        TRACK_ENDED,
        /** The engine asked a publisher for a keyframe (a viewer joined or switched). */
        KEYFRAME_REQUESTED,
        /** The participant was closed on request and its transport released. */
        LEFT,
        /**
         * A camera's ingest changed state; participantId is the camera id, detail is
         * "{@link CameraState} name: message" (e.g. "RETRYING: connection refused").
         */
        CAMERA_STATE,
        /**
         * A connected viewer has fewer receive slots of a kind than the source on stage has
         * tracks of that kind: it should renegotiate with more. Reported once per shortage:
         * again only when it changes (the source's tracks, or the viewer's slots after a
         * renegotiation that added too few) or after it ended; not when the viewer
         * renegotiates with the same slots. detail is the number of slots of each kind the
         * viewer needs in all, in the form of {@link SlotCounts#detail()}: "audio 1 video 2".
         */
        RENEGOTIATION_NEEDED
    }

    public MediaEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(participantId, "participantId");
        detail = detail == null ? "" : detail;
        at = at == null ? Instant.now() : at;
    }
}
