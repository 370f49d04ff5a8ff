package io.familymeeting.media.core.srtp;

/**
 * Negative result codes of {@link SrtpSession}'s protect / unprotect calls. A non-negative
 * result is the new packet length. The codes are ints so the hot path never allocates.
 */
public final class SrtpStatus {
    /** Too short, wrong RTP version, header (CSRC / extension) longer than the packet. */
    public static final int MALFORMED = -1;
    /** Authentication tag (HMAC-SHA1 or GCM tag) did not verify (RFC 3711 §3.3 step 5). */
    public static final int AUTH_FAILED = -2;
    /** Index already seen or older than the replay window (RFC 3711 §3.3.2). */
    public static final int REPLAY = -3;
    /** The caller's buffer has too little room after the packet for the tag / SRTCP index. */
    public static final int NO_ROOM = -4;
    /** This session already holds the maximum number of per-SSRC contexts. */
    public static final int TOO_MANY_SSRCS = -5;
    /** The cipher failed for another reason (should not happen with valid keys). */
    public static final int CRYPTO_ERROR = -6;
    /** The session was closed. */
    public static final int CLOSED = -7;

    private SrtpStatus() {
    }

    /** A short name for logs and statistics. */
    public static String describe(int code) {
        if (code >= 0) {
            return "ok";
        }
        switch (code) {
            case MALFORMED: return "malformed";
            case AUTH_FAILED: return "auth-failed";
            case REPLAY: return "replay";
            case NO_ROOM: return "no-room";
            case TOO_MANY_SSRCS: return "too-many-ssrcs";
            case CRYPTO_ERROR: return "crypto-error";
            case CLOSED: return "closed";
            default: return "unknown(" + code + ")";
        }
    }
}
