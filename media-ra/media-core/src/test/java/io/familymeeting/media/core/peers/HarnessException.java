package io.familymeeting.media.core.peers;

/**
 * A harness function failed inside the browser (its JavaScript error text is the message),
 * or the browser could not be driven at all. Thrown by {@link ChromiumPeer} and
 * {@link HarnessConnection}; it never means a media assertion failed.
 */
public final class HarnessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
