package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.SessionDescription;

import java.util.Objects;

/**
 * An answer: the SDP to send back to the browser and what was negotiated.
 *
 * @param sdp        the answer as a model
 * @param negotiated what the engine needs to set up the transport and the tracks
 */
public record Answer(SessionDescription sdp, NegotiatedSession negotiated) {
    public Answer {
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(negotiated, "negotiated");
    }

    /** The answer as SDP text, CRLF line ends. */
    public String sdpText() {
        return sdp.toSdp();
    }
}
