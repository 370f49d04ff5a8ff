package io.familymeeting.signaling.store;

/**
 * A store operation that could not be carried out: the backend is unreachable, timed out or
 * refused the request. Callers treat it as "try again later"; bad arguments (paths) are
 * {@link IllegalArgumentException}s instead.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
