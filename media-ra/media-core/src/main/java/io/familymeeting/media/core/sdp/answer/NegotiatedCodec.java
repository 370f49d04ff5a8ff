package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.RtcpFeedback;

import java.util.List;
import java.util.Objects;

/**
 * One codec both sides agreed on for a media section.
 *
 * @param name           canonical name from {@link SupportedCodec#name()}
 * @param payloadType    the offerer's payload type (the answer reuses it, RFC 3264 §6.1)
 * @param clockRate      RTP clock rate
 * @param channels       channel count
 * @param fmtp           format parameters as offered, or null
 * @param rtxPayloadType the associated RTX payload type (RFC 4588 §8), or null
 * @param feedback       RTCP feedback both sides use for this codec
 */
public record NegotiatedCodec(String name, int payloadType, int clockRate, int channels, String fmtp,
                              Integer rtxPayloadType, List<RtcpFeedback> feedback) {
    public NegotiatedCodec {
        Objects.requireNonNull(name, "name");
        feedback = List.copyOf(feedback);
    }

    public boolean hasFeedback(RtcpFeedback fb) {
        return feedback.contains(fb);
    }
}
