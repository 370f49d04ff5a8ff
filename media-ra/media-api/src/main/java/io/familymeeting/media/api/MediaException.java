package io.familymeeting.media.api;

/**
 * A request the media engine refused. The message is written for the person whose
 * request it was (it ends up in the {@code error} field of a signaling document).
 */
public class MediaException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused, for programs; the message says it for people. */
    public enum Reason {
        /** The SDP could not be parsed, or breaks a rule of RFC 8866 / RFC 8829. */
        MALFORMED_OFFER,
        /** The offer parses but has no codec, transport or fingerprint the SFU can use. */
        NO_USABLE_MEDIA,
        /** The room or participant does not exist (any more). */
        NOT_FOUND,
        /** The engine is not running (starting, stopped or draining). */
        UNAVAILABLE,
        /** A fault inside the engine; the details are in the server log. */
        INTERNAL,
        /** A camera's configuration is not usable (not an rtsp:// URL, no host). */
        INVALID_CAMERA,
        /**
         * A limit of the server: m-lines in one offer, participants in the room or on the
         * instance, transports from one address, cameras in the room. The message names it.
         */
        LIMIT_REACHED
    }

    private final Reason reason;

    public MediaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
