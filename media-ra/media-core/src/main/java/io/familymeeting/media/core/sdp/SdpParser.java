package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SDP text (RFC 8866) into a {@link SessionDescription}. Accepts CRLF or LF line
 * ends and skips blank lines; otherwise follows the grammar: {@code v=0} first, then the
 * session lines, then media sections; every line {@code <letter>=<value>}; unknown line
 * types rejected (RFC 8866 §5), unknown attributes kept. Typed attributes are checked
 * against their RFC grammar. Input is bounded ({@link #MAX_LENGTH}, {@link #MAX_MEDIA}).
 * It does not judge whether the description makes sense as an offer: the answerer in
 * {@code sdp.answer} does.
 */
public final class SdpParser {
    /** Largest SDP accepted, in characters. A big Chromium offer with 20 m-lines is about 40 KiB. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** Most media sections accepted. */
    public static final int MAX_MEDIA = 64;

    private SessionDescription.Builder session;
    private boolean sawOrigin;
    private boolean sawName;
    private boolean sawTiming;
    private String sessionName = "-";
    private Timing timing;
    private final List<MediaDescription> media = new ArrayList<>();
    private MediaState current;

    private SdpParser() {
    }

    /**
     * Parses one SDP document.
     *
     * @throws SdpParseException naming the line and the fault; nothing else is thrown
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpParseException(0, "The SDP is empty.");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpParseException(0, "The SDP is " + sdp.length() + " characters long; the limit is "
                    + MAX_LENGTH + ".");
        }
        return new SdpParser().run(sdp);
    }

    private SessionDescription run(String sdp) throws SdpParseException {
        String[] lines = sdp.split("\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (first) {
                if (!line.equals("v=0")) {
                    throw new SdpParseException(lineNo, "This is not an SDP: it must start with the line 'v=0'"
                            + " (found '" + Tokens.shorten(line) + "').");
                }
                first = false;
                continue;
            }
            try {
                line(lineNo, line);
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(lineNo, "SDP line " + lineNo + " '" + Tokens.shorten(line) + "': "
                        + e.getMessage() + ".");
            }
        }
        finishMedia();
        if (session == null || !sawOrigin) {
            throw new SdpParseException(0, "The SDP has no o= line (RFC 8866 §5.2 requires one).");
        }
        if (!sawName) {
            throw new SdpParseException(0, "The SDP has no s= line (RFC 8866 §5.3 requires one).");
        }
        if (!sawTiming) {
            throw new SdpParseException(0, "The SDP has no t= line (RFC 8866 §5.9 requires one).");
        }
        return session.sessionName(sessionName).timing(timing).media(media).build();
    }

    private void line(int lineNo, String line) {
        if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
            throw new SyntaxError("is not of the form '<letter>=<value>'");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new SyntaxError("contains a control character");
            }
        }
        char type = line.charAt(0);
        String value = line.substring(2);
        if (type == 'm') {
            startMedia(value);
            return;
        }
        if (current != null) {
            mediaLine(type, value);
        } else {
            sessionLine(type, value);
        }
    }

    // ---------------------------------------------------------------- session level

    private void sessionLine(char type, String value) {
        if (type == 'o') {
            if (sawOrigin) {
                throw new SyntaxError("a second o= line");
            }
            session = SessionDescription.builder(parseOrigin(value));
            sawOrigin = true;
            return;
        }
        if (session == null) {
            throw new SyntaxError("the o= line must come right after v=0 (RFC 8866 §5)");
        }
        switch (type) {
            case 's' -> {
                if (sawName) {
                    throw new SyntaxError("a second s= line");
                }
                sawName = true;
                sessionName = value;
            }
            case 't' -> {
                if (sawTiming) {
                    session.addOtherLine(new SdpLine(type, value));
                } else {
                    List<String> t = Tokens.split(value);
                    if (t.size() != 2) {
                        throw new SyntaxError("t= must be '<start time> <stop time>'");
                    }
                    timing = new Timing(Tokens.parseLong(t.get(0), 0, Long.MAX_VALUE, "start time"),
                            Tokens.parseLong(t.get(1), 0, Long.MAX_VALUE, "stop time"));
                    sawTiming = true;
                }
            }
            case 'c' -> {
                if (session.connection() != null) {
                    throw new SyntaxError("a second session-level c= line");
                }
                session.connection(parseConnection(value));
            }
            case 'i', 'u', 'e', 'p', 'b', 'r', 'z', 'k' -> session.addOtherLine(new SdpLine(type, value));
            case 'a' -> sessionAttribute(value);
            case 'v' -> throw new SyntaxError("a second v= line");
            default -> throw new SyntaxError("'" + type + "=' is not an SDP line type (RFC 8866 §5)");
        }
    }

    /** RFC 8866 §5.2: {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}. */
    private static Origin parseOrigin(String value) {
        List<String> t = Tokens.split(value);
        if (t.size() != 6) {
            throw new SyntaxError("o= must have 6 fields: <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }
        return new Origin(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5));
    }

    private void sessionAttribute(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        switch (name) {
            case "group" -> {
                List<String> t = Tokens.split(required(name, value));
                if (t.isEmpty() || !Tokens.isToken(t.get(0))) {
                    throw new SyntaxError("group must be '<semantics> <mid> ...'");
                }
                session.addGroup(new Group(t.get(0), t.subList(1, t.size())));
            }
            case "ice-options" -> session.addIceOptions(Tokens.split(required(name, value)));
            case "ice-lite" -> session.iceLite(true);
            case "ice-ufrag" -> session.iceUfrag(once(name, session.iceUfrag(), iceCredential(name, value)));
            case "ice-pwd" -> session.icePwd(once(name, session.icePwd(), iceCredential(name, value)));
            case "fingerprint" -> session.addFingerprint(Fingerprint.parse(required(name, value)));
            case "setup" -> session.setup(once(name, session.setup(), parseSetup(value)));
            case "msid-semantic" -> {
                List<String> t = Tokens.split(required(name, value));
                if (t.isEmpty()) {
                    throw new SyntaxError("msid-semantic has no semantic");
                }
                session.msidSemantic(once(name, session.msidSemantic(),
                        new MsidSemantic(t.get(0), t.subList(1, t.size()))));
            }
            case "extmap-allow-mixed" -> session.extmapAllowMixed(true);
            case "extmap" -> session.addExtMap(ExtMap.parse(required(name, value)));
            default -> session.addOtherAttribute(new Attribute(name, value));
        }
    }

    // ---------------------------------------------------------------- media level

    /** A media section being read: its builder and its payload types by number. */
    private static final class MediaState {
        final MediaDescription.Builder builder;
        final Map<Integer, PayloadState> payloads = new LinkedHashMap<>();

        MediaState(MediaDescription.Builder builder) {
            this.builder = builder;
        }
    }

    private static final class PayloadState {
        RtpMap rtpMap;
        String fmtp;
        final List<RtcpFeedback> feedback = new ArrayList<>();
    }

    private void startMedia(String value) {
        if (session == null) {
            throw new SyntaxError("m= before the o= line");
        }
        finishMedia();
        if (media.size() >= MAX_MEDIA) {
            throw new SyntaxError("more than " + MAX_MEDIA + " media sections");
        }
        List<String> t = Tokens.split(value);
        if (t.size() < 4) {
            throw new SyntaxError("m= must be '<media> <port> <proto> <format> ...'");
        }
        if (!Tokens.isToken(t.get(0))) {
            throw new SyntaxError("media type '" + Tokens.shorten(t.get(0)) + "' is not a token");
        }
        String portText = t.get(1);
        Integer portCount = null;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            portCount = Tokens.parseInt(portText.substring(slash + 1), 1, 65535, "port count");
            portText = portText.substring(0, slash);
        }
        int port = Tokens.parseInt(portText, 0, 65535, "port");
        String proto = t.get(2);
        for (String part : proto.split("/", -1)) {
            if (!Tokens.isToken(part)) {
                throw new SyntaxError("protocol '" + Tokens.shorten(proto) + "' is malformed");
            }
        }
        MediaDescription.Builder b = MediaDescription.builder(t.get(0), port, proto).portCount(portCount)
                .formats(t.subList(3, t.size()));
        current = new MediaState(b);
        if (proto.contains("RTP/")) {
            for (String fmt : t.subList(3, t.size())) {
                int pt = Tokens.parseInt(fmt, 0, 127, "payload type");
                if (current.payloads.put(pt, new PayloadState()) != null) {
                    throw new SyntaxError("payload type " + pt + " is listed twice");
                }
            }
        }
    }

    private void finishMedia() {
        if (current == null) {
            return;
        }
        for (Map.Entry<Integer, PayloadState> e : current.payloads.entrySet()) {
            PayloadState p = e.getValue();
            current.builder.addPayloadFormat(new PayloadFormat(e.getKey(), p.rtpMap, p.fmtp, p.feedback));
        }
        media.add(current.builder.build());
        current = null;
    }

    private void mediaLine(char type, String value) {
        MediaDescription.Builder b = current.builder;
        switch (type) {
            case 'c' -> {
                if (b.connection() != null) {
                    throw new SyntaxError("a second c= line in one media section");
                }
                b.connection(parseConnection(value));
            }
            case 'i', 'b', 'k' -> b.addOtherLine(new SdpLine(type, value));
            case 'a' -> mediaAttribute(value);
            case 'v', 'o', 's', 'u', 'e', 'p', 't', 'r', 'z' ->
                    throw new SyntaxError("'" + type + "=' is only allowed before the first m= line");
            default -> throw new SyntaxError("'" + type + "=' is not an SDP line type (RFC 8866 §5)");
        }
    }

    private void mediaAttribute(String text) {
        MediaDescription.Builder b = current.builder;
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        var direction = Direction.fromAttributeName(name);
        if (direction.isPresent() && value == null) {
            if (b.direction() != null) {
                throw new SyntaxError("a second direction attribute (sendrecv, sendonly, recvonly, inactive) in the same section");
            }
            b.direction(direction.get());
            return;
        }
        switch (name) {
            case "mid" -> b.mid(once(name, b.mid(), parseMid(required(name, value))));
            case "rtcp-mux" -> b.rtcpMux(true);
            case "rtcp-rsize" -> b.rtcpRsize(true);
            case "ice-ufrag" -> b.iceUfrag(once(name, b.iceUfrag(), iceCredential(name, value)));
            case "ice-pwd" -> b.icePwd(once(name, b.icePwd(), iceCredential(name, value)));
            case "ice-options" -> b.addIceOptions(Tokens.split(required(name, value)));
            case "candidate" -> b.addCandidate(Candidate.parseValue(required(name, value)));
            case "end-of-candidates" -> b.endOfCandidates(true);
            case "fingerprint" -> b.addFingerprint(Fingerprint.parse(required(name, value)));
            case "setup" -> b.setup(once(name, b.setup(), parseSetup(value)));
            case "msid" -> b.addMsid(Msid.parse(required(name, value))
                    .orElseThrow(() -> new SyntaxError("msid must be '<stream id> [<track id>]'")));
            case "extmap" -> b.addExtMap(ExtMap.parse(required(name, value)));
            case "rtpmap", "fmtp", "rtcp-fb" -> payloadAttribute(name, required(name, value));
            case "ssrc" -> b.addSsrc(SsrcAttribute.parse(required(name, value)));
            case "ssrc-group" -> b.addSsrcGroup(SsrcGroup.parse(required(name, value)));
            case "rid" -> b.addRid(Rid.parse(required(name, value)));
            case "simulcast" -> b.simulcast(once(name, b.simulcast(), Simulcast.parse(required(name, value))));
            case "sctp-port" -> b.sctpPort(once(name, b.sctpPort(),
                    Tokens.parseInt(required(name, value).strip(), 0, 65535, "sctp-port")));
            case "max-message-size" -> b.maxMessageSize(once(name, b.maxMessageSize(),
                    Tokens.parseLong(required(name, value).strip(), 0, Long.MAX_VALUE, "max-message-size")));
            default -> b.addOtherAttribute(new Attribute(name, value));
        }
    }

    /**
     * RFC 5888 §4: mid is a token; the one-byte mid header extension holds at most 16 bytes,
     * so 32 is a generous bound that still rejects junk.
     */
    private static String parseMid(String mid) {
        if (!Tokens.isToken(mid) || mid.length() > 32) {
            throw new SyntaxError("mid '" + Tokens.shorten(mid) + "' must be a token of at most 32 characters");
        }
        return mid;
    }

    /** rtpmap, fmtp and rtcp-fb: {@code <fmt> <rest>} attached to the payload type. */
    private void payloadAttribute(String name, String value) {
        int sp = value.indexOf(' ');
        String fmt = sp < 0 ? value : value.substring(0, sp);
        String rest = sp < 0 ? "" : value.substring(sp + 1);
        if ("rtcp-fb".equals(name) && "*".equals(fmt)) {
            current.builder.addWildcardFeedback(RtcpFeedback.parse(rest));
            return;
        }
        PayloadState p = null;
        if (!current.payloads.isEmpty()) {
            int pt = Tokens.parseInt(fmt, 0, 127, name + " payload type");
            p = current.payloads.get(pt);
        }
        if (p == null) {
            // Not a payload type of this m= line (or not an RTP section): keep it as written.
            current.builder.addOtherAttribute(new Attribute(name, value));
            return;
        }
        switch (name) {
            case "rtpmap" -> {
                if (p.rtpMap != null) {
                    throw new SyntaxError("payload type " + fmt + " has a second rtpmap");
                }
                p.rtpMap = RtpMap.parse(rest.strip());
            }
            case "fmtp" -> {
                if (p.fmtp != null) {
                    throw new SyntaxError("payload type " + fmt + " has a second fmtp");
                }
                p.fmtp = rest;
            }
            default -> p.feedback.add(RtcpFeedback.parse(rest));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Connection parseConnection(String value) {
        List<String> t = Tokens.split(value);
        if (t.size() != 3) {
            throw new SyntaxError("c= must be '<nettype> <addrtype> <address>'");
        }
        return new Connection(t.get(0), t.get(1), t.get(2));
    }

    private static Setup parseSetup(String value) {
        String v = required("setup", value).strip();
        return Setup.fromValue(v).orElseThrow(() ->
                new SyntaxError("setup must be active, passive, actpass or holdconn, not '" + Tokens.shorten(v) + "'"));
    }

    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4..256, pwd 22..256 chars. */
    private static String iceCredential(String name, String value) {
        String v = required(name, value).strip();
        int min = name.equals("ice-ufrag") ? 4 : 22;
        if (v.length() < min || v.length() > 256) {
            throw new SyntaxError(name + " must be " + min + " to 256 characters long");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c < 0x80 && Character.isLetterOrDigit(c)) && c != '+' && c != '/') {
                throw new SyntaxError(name + " may only contain letters, digits, '+' and '/'");
            }
        }
        return v;
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new SyntaxError("a=" + name + " needs a value");
        }
        return value;
    }

    private static <T> T once(String name, T previous, T value) {
        if (previous != null) {
            throw new SyntaxError("a second a=" + name + " attribute in the same section");
        }
        return value;
    }
}
