package io.familymeeting.signaling.broadcast;

/**
 * A {@code broadcast_requests} document that cannot be served; the message is meant for the
 * document's {@code error} field, so it names the field and the problem in plain words.
 */
public final class BadRequestException extends Exception {
    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
