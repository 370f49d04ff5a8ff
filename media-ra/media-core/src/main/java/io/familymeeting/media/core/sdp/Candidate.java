package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ICE candidate, the value of {@code a=candidate} (RFC 8839 §5.1):
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
 *           &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt;
 *           [raddr &lt;addr&gt;] [rport &lt;port&gt;] *(&lt;ext-name&gt; &lt;ext-value&gt;)
 * </pre>
 * The address may be an IP address or a host name (mDNS {@code .local} names, RFC 8839
 * §5.1); it is not resolved here. Extensions (tcptype, generation, ufrag, network-id...)
 * are kept in order.
 */
public record Candidate(String foundation, int component, String transport, long priority,
                        String address, int port, String type,
                        String relatedAddress, Integer relatedPort,
                        List<Extension> extensions) {

    /** Candidate types (RFC 8445 §5.1.1). */
    public static final String HOST = "host";
    public static final String SRFLX = "srflx";
    public static final String PRFLX = "prflx";
    public static final String RELAY = "relay";

    /** One {@code <name> <value>} pair after the type. */
    public record Extension(String name, String value) {
        public Extension {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public Candidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        extensions = List.copyOf(extensions);
        // RFC 8839 §5.1: component-id = 1*3DIGIT (1..256), priority = 1*10DIGIT
        if (component < 1 || component > 256) {
            throw new SyntaxError("candidate component " + component + " is out of range 1..256");
        }
        if (priority < 0 || priority > 0xFFFFFFFFL) {
            throw new SyntaxError("candidate priority " + priority + " is out of range");
        }
        if (port < 0 || port > 65535) {
            throw new SyntaxError("candidate port " + port + " is out of range 0..65535");
        }
        if (foundation.isEmpty() || foundation.length() > 32) {
            throw new SyntaxError("candidate foundation must be 1 to 32 characters");
        }
    }

    /** A host candidate with no extensions: what the SFU advertises for its UDP port. */
    public static Candidate host(String foundation, String transport, long priority, String address, int port) {
        return new Candidate(foundation, 1, transport, priority, address, port, HOST, null, null, List.of());
    }

    /**
     * Parses a candidate as it arrives by trickle ICE or from an SDP line: with or
     * without {@code a=} and {@code candidate:} in front.
     *
     * @throws SdpParseException with a message for the sender when it is malformed
     */
    public static Candidate parse(String text) throws SdpParseException {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.startsWith("a=")) {
            t = t.substring(2);
        }
        if (t.startsWith("candidate:")) {
            t = t.substring("candidate:".length());
        }
        try {
            return parseValue(t);
        } catch (IllegalArgumentException e) {
            throw new SdpParseException(0, "ICE candidate '" + Tokens.shorten(text) + "': " + e.getMessage());
        }
    }

    /** Parses the text after {@code a=candidate:}. */
    static Candidate parseValue(String value) {
        List<String> f = Tokens.split(value);
        if (f.size() < 8 || !"typ".equals(f.get(6))) {
            throw new SyntaxError("candidate must be '<foundation> <component> <transport> <priority> "
                    + "<address> <port> typ <type> ...'");
        }
        if ((f.size() - 8) % 2 != 0) {
            throw new SyntaxError("candidate has an extension name without a value");
        }
        String foundation = f.get(0);
        for (int i = 0; i < foundation.length(); i++) {
            char c = foundation.charAt(i);
            // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1)
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '+' && c != '/') {
                throw new SyntaxError("candidate foundation '" + Tokens.shorten(foundation) + "' has an invalid character");
            }
        }
        int component = Tokens.parseInt(f.get(1), 1, 256, "candidate component");
        String transport = f.get(2);
        if (!Tokens.isToken(transport)) {
            throw new SyntaxError("candidate transport '" + Tokens.shorten(transport) + "' is not a token");
        }
        long priority = Tokens.parseLong(f.get(3), 0, 0xFFFFFFFFL, "candidate priority");
        String address = f.get(4);
        int port = Tokens.parseInt(f.get(5), 0, 65535, "candidate port");
        String type = f.get(7);
        if (!Tokens.isToken(type)) {
            throw new SyntaxError("candidate type '" + Tokens.shorten(type) + "' is not a token");
        }
        String raddr = null;
        Integer rport = null;
        List<Extension> ext = new ArrayList<>();
        for (int i = 8; i < f.size(); i += 2) {
            String name = f.get(i);
            String val = f.get(i + 1);
            if ("raddr".equals(name) && raddr == null && ext.isEmpty()) {
                raddr = val;
            } else if ("rport".equals(name) && rport == null && ext.isEmpty()) {
                rport = Tokens.parseInt(val, 0, 65535, "candidate rport");
            } else {
                ext.add(new Extension(name, val));
            }
        }
        return new Candidate(foundation, component, transport, priority, address, port, type, raddr, rport, ext);
    }

    /** True for UDP candidates (the transport token is case-insensitive). */
    public boolean isUdp() {
        return "udp".equals(transport.toLowerCase(Locale.ROOT));
    }

    /** The value of an extension, e.g. {@code tcptype} (RFC 6544 §4.5), or null. */
    public String extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equals(name)) {
                return e.value();
            }
        }
        return null;
    }

    /** The text after {@code a=candidate:}. */
    public String attributeValue() {
        StringBuilder sb = new StringBuilder(96);
        sb.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        for (Extension e : extensions) {
            sb.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return sb.toString();
    }
}
