package io.familymeeting.media.core.sdp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything an RTP media section says about one payload type: its {@code a=rtpmap},
 * {@code a=fmtp} and {@code a=rtcp-fb} lines (RFC 8866 §6.6, §6.15; RFC 4585 §4.2).
 *
 * @param payloadType 0..127
 * @param rtpMap      null when the section has no rtpmap for it (static payload types)
 * @param fmtp        the format parameters exactly as written, or null
 * @param feedback    rtcp-fb lines for this payload type, in order
 */
public record PayloadFormat(int payloadType, RtpMap rtpMap, String fmtp, List<RtcpFeedback> feedback) {
    public PayloadFormat {
        if (payloadType < 0 || payloadType > 127) {
            throw new SyntaxError("payload type " + payloadType + " is out of range 0..127");
        }
        feedback = List.copyOf(feedback);
    }

    /** The encoding name in upper case, or the static name for well-known static types (RFC 3551 §6). */
    public String encodingName() {
        if (rtpMap != null) {
            return rtpMap.encodingName().toUpperCase(Locale.ROOT);
        }
        return switch (payloadType) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            case 9 -> "G722";
            default -> "";
        };
    }

    /**
     * The fmtp as {@code key=value} pairs split on {@code ;} (the convention of most
     * payload formats). Keys are lower-cased; a part without {@code =} maps to "".
     */
    public Map<String, String> fmtpParameters() {
        return parseParameters(fmtp);
    }

    static Map<String, String> parseParameters(String fmtp) {
        Map<String, String> out = new LinkedHashMap<>();
        if (fmtp == null) {
            return out;
        }
        for (String part : fmtp.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.putIfAbsent(p.toLowerCase(Locale.ROOT), "");
            } else {
                out.putIfAbsent(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), p.substring(eq + 1).strip());
            }
        }
        return out;
    }

    public PayloadFormat withFeedback(List<RtcpFeedback> newFeedback) {
        return new PayloadFormat(payloadType, rtpMap, fmtp, newFeedback);
    }

    public PayloadFormat withPayloadType(int pt) {
        return new PayloadFormat(pt, rtpMap, fmtp, feedback);
    }
}
