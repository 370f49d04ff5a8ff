package io.familymeeting.media.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2). WebRTC uses {@code FID}
 * (media + RTX, RFC 4588 §8.2 / RFC 5576 §7) and {@code SIM} (legacy simulcast layers,
 * lowest first).
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
    }

    static SsrcGroup parse(String text) {
        List<String> t = Tokens.split(text);
        if (t.size() < 2 || !Tokens.isToken(t.get(0))) {
            throw new SyntaxError("ssrc-group must be '<semantics> <ssrc> ...'");
        }
        Long[] ssrcs = new Long[t.size() - 1];
        for (int i = 1; i < t.size(); i++) {
            ssrcs[i - 1] = Tokens.parseLong(t.get(i), 0, 0xFFFFFFFFL, "ssrc-group ssrc");
        }
        return new SsrcGroup(t.get(0), List.of(ssrcs));
    }

    public String attributeValue() {
        StringBuilder sb = new StringBuilder(semantics);
        for (Long s : ssrcs) {
            sb.append(' ').append(s);
        }
        return sb.toString();
    }
}
