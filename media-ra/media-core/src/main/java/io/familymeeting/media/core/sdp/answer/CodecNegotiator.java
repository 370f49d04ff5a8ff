package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.RtcpFeedback;
import io.familymeeting.media.core.sdp.Tokens;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Intersects the payload formats of one offered media section with the SFU's
 * {@link CodecPreferences}: picks at most one payload type per supported codec, in the
 * SFU's order, adds the RTX payload type bound to it (RFC 4588 §8, {@code apt=}) and
 * keeps only the RTCP feedback the SFU implements. It does not look at directions or
 * transports.
 */
final class CodecNegotiator {
    /** Feedback the SFU understands (RFC 4585 §4.2, RFC 5104 §7.1, REMB, transport-cc). */
    static final Set<RtcpFeedback> SUPPORTED_FEEDBACK = Set.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI,
            RtcpFeedback.CCM_FIR, RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC);

    /** One chosen codec: the offered format (feedback already filtered), its RTX format or null. */
    record Choice(SupportedCodec codec, PayloadFormat format, PayloadFormat rtx) {
    }

    private CodecNegotiator() {
    }

    static List<Choice> negotiate(MediaDescription offered, MediaKind kind, CodecPreferences prefs) {
        List<Choice> out = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (SupportedCodec codec : prefs.forKind(kind)) {
            for (PayloadFormat f : offered.payloadFormats()) {
                if (used.contains(f.payloadType()) || !codec.matches(f)) {
                    continue;
                }
                used.add(f.payloadType());
                PayloadFormat rtx = kind == MediaKind.VIDEO ? findRtx(offered, f) : null;
                if (rtx != null) {
                    used.add(rtx.payloadType());
                    rtx = rtx.withFeedback(List.of());
                }
                out.add(new Choice(codec, f.withFeedback(filterFeedback(f.feedback())), rtx));
                break;
            }
        }
        return out;
    }

    /** RFC 4588 §8: {@code a=rtpmap:<pt> rtx/<clock>} with {@code a=fmtp:<pt> apt=<codec pt>}. */
    private static PayloadFormat findRtx(MediaDescription offered, PayloadFormat codec) {
        for (PayloadFormat f : offered.payloadFormats()) {
            if (f.rtpMap() != null && "rtx".equalsIgnoreCase(f.rtpMap().encodingName())
                    && f.rtpMap().clockRate() == codec.rtpMap().clockRate()) {
                String apt = f.fmtpParameters().get("apt");
                if (Integer.toString(codec.payloadType()).equals(apt)) {
                    return f;
                }
            }
        }
        return null;
    }

    static List<RtcpFeedback> filterFeedback(List<RtcpFeedback> offered) {
        List<RtcpFeedback> out = new ArrayList<>();
        for (RtcpFeedback fb : offered) {
            if (SUPPORTED_FEEDBACK.contains(fb) && !out.contains(fb)) {
                out.add(fb);
            }
        }
        return out;
    }

    /** A short list of what a section offers, for an error message: "VP8, H264 4d001f". */
    static Set<String> describeOffered(MediaDescription m) {
        Set<String> out = new LinkedHashSet<>();
        for (PayloadFormat f : m.payloadFormats()) {
            String name = f.encodingName();
            if (name.isEmpty() || name.equals("RTX") || name.equals("RED") || name.equals("ULPFEC")
                    || name.startsWith("FLEXFEC") || name.equals("CN") || name.equals("TELEPHONE-EVENT")) {
                continue;
            }
            Map<String, String> p = f.fmtpParameters();
            String detail = switch (name) {
                case "H264" -> " " + p.getOrDefault("profile-level-id", "42000a")
                        + (p.getOrDefault("packetization-mode", "0").equals("1") ? "" : " mode " + p.getOrDefault("packetization-mode", "0"));
                case "VP9" -> " profile " + p.getOrDefault("profile-id", "0");
                case "AV1" -> " profile " + p.getOrDefault("profile", "0");
                default -> "";
            };
            out.add(Tokens.shorten(name + detail));
            if (out.size() >= 12) {
                break;
            }
        }
        return out;
    }
}
