package io.familymeeting.signaling.access;

/**
 * What a request shows about who sent it: a bearer join token ({@code Authorization:
 * Bearer ...}), a participant key ({@value #PARTICIPANT_KEY_HEADER}), a room key
 * ({@value #ROOM_KEY_HEADER}), and whether the web layer found an admin (console session
 * or admin API key). Nothing here is checked yet; {@link RoomAccess} decides what it allows.
 */
public record Caller(String bearerToken, String participantKey, String roomKey, boolean admin) {
    public static final String PARTICIPANT_KEY_HEADER = "X-Participant-Key";
    public static final String ROOM_KEY_HEADER = "X-Room-Key";
    private static final String BEARER = "bearer ";

    /** Nobody in particular: no credentials. */
    public static final Caller ANONYMOUS = new Caller(null, null, null, false);

    public Caller {
        bearerToken = blankToNull(bearerToken);
        participantKey = blankToNull(participantKey);
        roomKey = blankToNull(roomKey);
    }

    /** From the request's headers; {@code authorization} is the whole header value. */
    public static Caller of(String authorization, String participantKey, String roomKey, boolean admin) {
        String token = null;
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = authorization.substring(BEARER.length()).trim();
        }
        return new Caller(token, participantKey, roomKey, admin);
    }

    /** True when the request shows anything at all (a 401 otherwise, a 403 when it does not suffice). */
    public boolean hasCredentials() {
        return admin || bearerToken != null || participantKey != null || roomKey != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        // never the secrets themselves
        return "Caller[" + (admin ? "admin " : "") + (bearerToken != null ? "token " : "")
                + (participantKey != null ? "participant-key " : "") + (roomKey != null ? "room-key" : "") + "]";
    }
}
