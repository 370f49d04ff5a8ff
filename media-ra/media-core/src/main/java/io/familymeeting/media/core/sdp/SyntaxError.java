package io.familymeeting.media.core.sdp;

/**
 * Internal signal from a value parser that one attribute value is malformed; the
 * {@link SdpParser} turns it into an {@link SdpParseException} naming the line.
 * Never escapes this package.
 */
final class SyntaxError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
        super(message);
    }
}
