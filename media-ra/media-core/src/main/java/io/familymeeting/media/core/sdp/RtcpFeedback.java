package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * One {@code a=rtcp-fb} value without its payload type (RFC 4585 §4.2): a type such as
 * {@code nack}, {@code ccm}, {@code goog-remb}, {@code transport-cc}, and an optional
 * parameter ({@code pli}, {@code fir}...).
 */
public record RtcpFeedback(String type, String parameter) {
    public static final RtcpFeedback NACK = new RtcpFeedback("nack", null);
    /** RFC 4585 §6.3.1. */
    public static final RtcpFeedback NACK_PLI = new RtcpFeedback("nack", "pli");
    /** RFC 5104 §7.1. */
    public static final RtcpFeedback CCM_FIR = new RtcpFeedback("ccm", "fir");
    /** draft-alvestrand-rmcat-remb. */
    public static final RtcpFeedback GOOG_REMB = new RtcpFeedback("goog-remb", null);
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §4. */
    public static final RtcpFeedback TRANSPORT_CC = new RtcpFeedback("transport-cc", null);

    public RtcpFeedback {
        Objects.requireNonNull(type, "type");
    }

    static RtcpFeedback parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new SyntaxError("rtcp-fb has no feedback type");
        }
        int sp = t.indexOf(' ');
        return sp < 0 ? new RtcpFeedback(t, null) : new RtcpFeedback(t.substring(0, sp), t.substring(sp + 1).strip());
    }

    public String value() {
        return parameter == null ? type : type + " " + parameter;
    }
}
