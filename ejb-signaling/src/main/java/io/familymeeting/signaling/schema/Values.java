package io.familymeeting.signaling.schema;

/**
 * The words the signaling documents' enumerated fields hold ({@link Fields}), once, and the
 * size limit of an offer. Roles are {@code ParticipantRole.wireName()} (media-api); a camera's
 * engine states are {@code CameraDocument.stateName}.
 */
public final class Values {
    // ---- state: participants, broadcast_requests, cameras

    /** Written, not looked at yet (participants, cameras). */
    public static final String STATE_NEW = "new";
    /** The server wrote an answer (participants, broadcast_requests). */
    public static final String STATE_ANSWERED = "answered";
    /** ICE and DTLS are up (participants). */
    public static final String STATE_CONNECTED = "connected";
    /** The media connection died (participants, broadcast_requests: that broadcast ends). */
    public static final String STATE_FAILED = "failed";
    /** The server refused the document; {@link Fields#ERROR} says why. */
    public static final String STATE_ERROR = "error";
    /** The participant left ({@code leave: true}, native rooms). */
    public static final String STATE_LEFT = "left";
    /** A broadcast or participant ended by its own {@code abort} (broadcast_requests). */
    public static final String STATE_ABORTED = "aborted";
    /** A participant whose broadcast ended (broadcast_requests); a room that ended (rooms). */
    public static final String STATE_ENDED = "ended";

    // ---- state: rooms/{roomId}

    public static final String STATE_OPEN = "open";
    /** Nobody in it: its owner gave its place back (scale.IdleRooms). */
    public static final String STATE_IDLE = "idle";

    // ---- state: servers/{instanceId}

    public static final String STATE_READY = "ready";
    /** Takes no new participants; its rooms carry on. */
    public static final String STATE_DRAINING = "draining";

    // ---- kind (broadcast_requests)

    public static final String KIND_BROADCASTER = "broadcaster";
    public static final String KIND_PARTICIPANT = "participant";

    // ---- type (the offer / answer maps, and the JSON inside a broadcast request's base64 fields)

    public static final String TYPE_OFFER = "offer";
    public static final String TYPE_ANSWER = "answer";

    // ---- transport and mode (cameras)

    public static final String TRANSPORT_TCP = "tcp";
    public static final String TRANSPORT_UDP = "udp";
    public static final String MODE_ALWAYS_ON = "always-on";
    public static final String MODE_ON_DEMAND = "on-demand";

    // ---- config/access: mode and legacyBroadcastRequests

    /** ACCESS_MODE open: any signed-in visitor; LEGACY_BROADCAST_REQUESTS open: unstamped requests are answered. */
    public static final String ACCESS_OPEN = "open";
    /** ACCESS_MODE token: only invited people (join tokens; on Firestore their custom tokens' claims). */
    public static final String ACCESS_TOKEN = "token";
    /** LEGACY_BROADCAST_REQUESTS off: broadcast_requests without uid are refused. */
    public static final String LEGACY_OFF = "off";

    /** Offers above this size are refused (a browser's offer with many candidates is a few KiB). */
    public static final int MAX_SDP_CHARS = 64 * 1024;

    private Values() {
    }
}
