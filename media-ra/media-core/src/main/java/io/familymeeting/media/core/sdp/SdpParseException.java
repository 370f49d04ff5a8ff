package io.familymeeting.media.core.sdp;

import io.familymeeting.media.api.MediaException;

/**
 * The text given as an SDP could not be read as one (RFC 8866 grammar, or the grammar of
 * an attribute this package types). The message names the line and what is wrong with it
 * and is meant for the person who sent the SDP; it never contains more than a short,
 * sanitized excerpt of the input. This is the only exception the parser throws.
 */
public final class SdpParseException extends MediaException {
    private static final long serialVersionUID = 1L;

    /** 1-based line number of the offending line, or 0 when the problem is not one line. */
    private final int lineNumber;

    public SdpParseException(int lineNumber, String message) {
        super(Reason.MALFORMED_OFFER, message);
        this.lineNumber = lineNumber;
    }

    /** 1-based number of the line at fault, 0 if the fault is the document as a whole. */
    public int lineNumber() {
        return lineNumber;
    }
}
