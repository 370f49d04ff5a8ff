package io.familymeeting.signaling.access;

import io.familymeeting.signaling.service.RequestException;

/**
 * A request refused by the access rules: a join token that does not verify or does not
 * allow what was asked, or a caller without the credentials a route needs. The message
 * says exactly why and is meant for the person who made the request; {@link #status()} is
 * 401 (no or unusable credentials) or 403 (credentials that do not allow it).
 */
public class AccessException extends RequestException {
    private static final long serialVersionUID = 1L;
    static final int UNAUTHORIZED = 401;
    static final int FORBIDDEN = 403;

    AccessException(int status, String message) {
        super(status, message);
    }

    /** A join token refused for {@code reason} ("expired at ...", "signature does not verify", ...). */
    static AccessException token(int status, String reason) {
        return new AccessException(status, "join token refused: " + reason);
    }
}
