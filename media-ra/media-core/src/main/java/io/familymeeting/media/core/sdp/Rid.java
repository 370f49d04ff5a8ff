package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code a=rid:<id> <send|recv> [pt=<fmt>,...;][<restriction>=<value>;...]} (RFC 8851
 * §10): one RTP stream identifier, used by simulcast (RFC 8853) to name the encodings.
 *
 * @param payloadTypes the {@code pt=} list, empty when absent
 * @param restrictions the other {@code name=value} parameters in order (value may be null)
 */
public record Rid(String id, Stream direction, List<Integer> payloadTypes, List<Restriction> restrictions) {

    /** rid-dir (RFC 8851 §10). */
    public enum Stream {
        SEND, RECV;

        public String value() {
            return this == SEND ? "send" : "recv";
        }
    }

    /** One {@code rid-param}; value null for a bare name. */
    public record Restriction(String name, String value) {
        public Restriction {
            Objects.requireNonNull(name, "name");
        }
    }

    public Rid {
        Objects.requireNonNull(direction, "direction");
        checkId(id);
        payloadTypes = List.copyOf(payloadTypes);
        restrictions = List.copyOf(restrictions);
    }

    /** A rid with no restriction. */
    public static Rid of(String id, Stream direction) {
        return new Rid(id, direction, List.of(), List.of());
    }

    /** rid-id = 1*(alpha-numeric / "-" / "_") (RFC 8851 §10). */
    static void checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > 255) {
            throw new SyntaxError("rid id must be 1 to 255 characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw new SyntaxError("rid id '" + Tokens.shorten(id) + "' may only contain letters, digits, '-' and '_'");
            }
        }
    }

    static Rid parse(String text) {
        List<String> t = Tokens.split(text);
        if (t.size() < 2 || t.size() > 3) {
            throw new SyntaxError("rid must be '<id> <send|recv> [parameters]'");
        }
        Stream dir = switch (t.get(1)) {
            case "send" -> Stream.SEND;
            case "recv" -> Stream.RECV;
            default -> throw new SyntaxError("rid direction must be 'send' or 'recv', not '" + Tokens.shorten(t.get(1)) + "'");
        };
        List<Integer> pts = new ArrayList<>();
        List<Restriction> restrictions = new ArrayList<>();
        if (t.size() == 3) {
            String[] params = t.get(2).split(";", -1);
            for (int i = 0; i < params.length; i++) {
                String p = params[i];
                if (p.isEmpty()) {
                    throw new SyntaxError("rid has an empty parameter");
                }
                int eq = p.indexOf('=');
                String name = eq < 0 ? p : p.substring(0, eq);
                String value = eq < 0 ? null : p.substring(eq + 1);
                if (i == 0 && "pt".equals(name)) {
                    if (value == null || value.isEmpty()) {
                        throw new SyntaxError("rid pt= has no payload type");
                    }
                    for (String pt : value.split(",", -1)) {
                        pts.add(Tokens.parseInt(pt, 0, 127, "rid payload type"));
                    }
                } else {
                    restrictions.add(new Restriction(name, value));
                }
            }
        }
        return new Rid(t.get(0), dir, pts, restrictions);
    }

    public String attributeValue() {
        StringBuilder sb = new StringBuilder(id).append(' ').append(direction.value());
        List<String> params = new ArrayList<>();
        if (!payloadTypes.isEmpty()) {
            StringBuilder pt = new StringBuilder("pt=");
            for (int i = 0; i < payloadTypes.size(); i++) {
                pt.append(i == 0 ? "" : ",").append(payloadTypes.get(i));
            }
            params.add(pt.toString());
        }
        for (Restriction r : restrictions) {
            params.add(r.value() == null ? r.name() : r.name() + "=" + r.value());
        }
        if (!params.isEmpty()) {
            sb.append(' ').append(String.join(";", params));
        }
        return sb.toString();
    }
}
