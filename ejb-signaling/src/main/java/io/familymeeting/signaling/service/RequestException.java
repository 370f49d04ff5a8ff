package io.familymeeting.signaling.service;

/**
 * A client request that cannot be carried out, with the HTTP status that says why and a
 * message for the person who made it.
 */
public class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
