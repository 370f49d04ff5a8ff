package io.familymeeting.media.core.sdp;

/**
 * {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1): a source-level
 * attribute such as {@code cname} (RFC 5576 §6.1) or the legacy {@code msid}.
 *
 * @param value null when the attribute has no value
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {
    public static final String CNAME = "cname";
    public static final String MSID = "msid";

    public SsrcAttribute {
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL) {
            throw new SyntaxError("ssrc " + ssrc + " is out of range 0..4294967295");
        }
        if (attribute == null || attribute.isEmpty()) {
            throw new SyntaxError("ssrc line has no attribute");
        }
    }

    static SsrcAttribute parse(String text) {
        int sp = text.indexOf(' ');
        if (sp < 0) {
            throw new SyntaxError("ssrc must be '<ssrc> <attribute>[:<value>]'");
        }
        long ssrc = Tokens.parseLong(text.substring(0, sp), 0, 0xFFFFFFFFL, "ssrc");
        String rest = text.substring(sp + 1).strip();
        int colon = rest.indexOf(':');
        return colon < 0 ? new SsrcAttribute(ssrc, rest, null)
                : new SsrcAttribute(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
    }

    public String attributeValue() {
        return ssrc + " " + attribute + (value == null ? "" : ":" + value);
    }
}
