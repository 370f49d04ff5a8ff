package io.familymeeting.loadtest.janus;

/** Janus refused a request or did not answer it: the message says which request and why. */
public final class JanusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JanusException(String message) {
        super(message);
    }

    public JanusException(String message, Throwable cause) {
        super(message, cause);
    }
}
