package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.api.MediaException;

/**
 * A well-formed offer that this server cannot answer: nothing usable in it, or a
 * transport parameter (ICE credentials, DTLS fingerprint or role) missing or unusable.
 * The message is written for the person whose browser sent the offer. The reason is
 * {@link Reason#NO_USABLE_MEDIA} when the media cannot be forwarded and
 * {@link Reason#MALFORMED_OFFER} when the offer breaks an RFC rule.
 */
public final class SdpNegotiationException extends MediaException {
    private static final long serialVersionUID = 1L;

    public SdpNegotiationException(Reason reason, String message) {
        super(reason, message);
    }
}
