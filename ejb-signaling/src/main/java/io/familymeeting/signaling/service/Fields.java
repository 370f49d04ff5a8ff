package io.familymeeting.signaling.service;

/**
 * Field names and states of the native rooms documents (ARCHITECTURE.md §4.2) shared by the
 * REST API, the message-driven beans and the web client (signaling.js documents them too).
 */
public final class Fields {
    // rooms/{roomId}
    public static final String TITLE = "title";
    public static final String OWNER = "owner";
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";

    // rooms/{roomId}/participants/{participantId}
    public static final String NAME = "name";
    public static final String ROLE = "role";
    public static final String OFFER = "offer";
    public static final String ANSWER = "answer";
    public static final String STATE = "state";
    public static final String ERROR = "error";
    /** The offer rev an error belongs to, so the same broken offer is not retried. */
    public static final String ERROR_REV = "errorRev";
    public static final String LEAVE = "leave";
    /** Server-raised: the client should send a new offer (rev + 1). */
    public static final String RENEGOTIATE = "renegotiate";
    /**
     * Server-written with {@link #RENEGOTIATE}: the receive slots a viewer needs in all,
     * {@code {audio: n, video: m}} (the last need the media engine reported; left in place
     * after the answer, a client that has that many does nothing).
     */
    public static final String SLOTS = "slots";
    public static final String SLOTS_AUDIO = "audio";
    public static final String SLOTS_VIDEO = "video";
    public static final String SERVER = "server";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String ANSWERED_AT = "answeredAt";

    // offer / answer maps
    public static final String TYPE = "type";
    public static final String SDP = "sdp";
    public static final String REV = "rev";

    // participant states
    public static final String STATE_NEW = "new";
    public static final String STATE_ANSWERED = "answered";
    public static final String STATE_CONNECTED = "connected";
    public static final String STATE_FAILED = "failed";
    public static final String STATE_ERROR = "error";
    public static final String STATE_LEFT = "left";

    /** Offers above this size are refused (a browser's offer is a few kB). */
    public static final int MAX_SDP_CHARS = 64 * 1024;

    private Fields() {
    }
}
