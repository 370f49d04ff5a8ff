package io.familymeeting.media.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 §8): maps
 * an RTP header extension URI to the local id used in packets.
 *
 * @param id         1..14 for one-byte headers, up to 255 with two-byte headers (RFC 8285 §4)
 * @param direction  optional direction, or null
 * @param uri        the extension's URI
 * @param attributes the rest of the line, or null
 */
public record ExtMap(int id, Direction direction, String uri, String attributes) {
    /** RFC 8285 §4: one-byte headers carry ids 1..14, two-byte headers ids up to 255. */
    public static final int MAX_ID = 255;

    public ExtMap {
        Objects.requireNonNull(uri, "uri");
        if (id < 1 || id > MAX_ID) {
            throw new SyntaxError("extmap id " + id + " is out of range 1.." + MAX_ID);
        }
    }

    static ExtMap parse(String value) {
        List<String> t = Tokens.split(value);
        if (t.size() < 2) {
            throw new SyntaxError("extmap must be '<id>[/<direction>] <uri>'");
        }
        String idPart = t.get(0);
        Direction dir = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            String d = idPart.substring(slash + 1);
            dir = Direction.fromAttributeName(d)
                    .orElseThrow(() -> new SyntaxError("extmap direction '" + Tokens.shorten(d) + "' is unknown"));
            idPart = idPart.substring(0, slash);
        }
        int id = Tokens.parseInt(idPart, 1, MAX_ID, "extmap id");
        String attrs = null;
        if (t.size() > 2) {
            attrs = String.join(" ", t.subList(2, t.size()));
        }
        return new ExtMap(id, dir, t.get(1), attrs);
    }

    public String attributeValue() {
        StringBuilder sb = new StringBuilder().append(id);
        if (direction != null) {
            sb.append('/').append(direction.attributeName());
        }
        sb.append(' ').append(uri);
        if (attributes != null) {
            sb.append(' ').append(attributes);
        }
        return sb.toString();
    }
}
