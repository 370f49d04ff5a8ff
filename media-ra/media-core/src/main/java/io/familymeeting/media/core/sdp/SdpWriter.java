package io.familymeeting.media.core.sdp;

/**
 * Writes a {@link SessionDescription} as SDP text: CRLF line ends (RFC 8866 §5), lines
 * in the order RFC 8866 §5 prescribes, attributes in the order JSEP implementations use
 * (transport, then RTP parameters, then sources), untyped attributes last in their
 * original order. It does not validate: a model built in code is written as it is.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    private final StringBuilder out = new StringBuilder(4096);

    private SdpWriter() {
    }

    public static String write(SessionDescription s) {
        SdpWriter w = new SdpWriter();
        w.session(s);
        for (MediaDescription m : s.media()) {
            w.media(m);
        }
        return w.out.toString();
    }

    private void line(char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }

    private void attr(String name) {
        out.append("a=").append(name).append(CRLF);
    }

    private void attr(String name, Object value) {
        out.append("a=").append(name).append(':').append(value).append(CRLF);
    }

    private void others(java.util.List<SdpLine> lines, String types) {
        for (SdpLine l : lines) {
            if (types.indexOf(l.type()) >= 0) {
                line(l.type(), l.value());
            }
        }
    }

    private void session(SessionDescription s) {
        line('v', "0");
        line('o', s.origin().toString());
        line('s', s.sessionName());
        others(s.otherLines(), "iuep");
        if (s.connection() != null) {
            line('c', s.connection().toString());
        }
        others(s.otherLines(), "b");
        line('t', s.timing().toString());
        others(s.otherLines(), "tr");
        others(s.otherLines(), "zk");
        for (Group g : s.groups()) {
            attr("group", g.value());
        }
        if (s.extmapAllowMixed()) {
            attr("extmap-allow-mixed");
        }
        if (s.msidSemantic() != null) {
            // Chromium writes "msid-semantic: WMS"; the space is allowed by its parser and Firefox's.
            attr("msid-semantic", " " + s.msidSemantic().value());
        }
        if (s.iceLite()) {
            attr("ice-lite");
        }
        if (!s.iceOptions().isEmpty()) {
            attr("ice-options", String.join(" ", s.iceOptions()));
        }
        if (s.iceUfrag() != null) {
            attr("ice-ufrag", s.iceUfrag());
        }
        if (s.icePwd() != null) {
            attr("ice-pwd", s.icePwd());
        }
        for (Fingerprint f : s.fingerprints()) {
            attr("fingerprint", f.attributeValue());
        }
        if (s.setup() != null) {
            attr("setup", s.setup().value());
        }
        for (ExtMap e : s.extMaps()) {
            attr("extmap", e.attributeValue());
        }
        for (Attribute a : s.otherAttributes()) {
            attr(a.text());
        }
    }

    /** One media section: m= line, then transport, RTP parameters, sources, data channel, the rest. */
    private void media(MediaDescription m) {
        mediaLine(m);
        others(m.otherLines(), "i");
        if (m.connection() != null) {
            line('c', m.connection().toString());
        }
        others(m.otherLines(), "bk");
        mediaTransport(m);
        rtpParameters(m);
        sources(m);
        if (m.sctpPort() != null) {
            attr("sctp-port", m.sctpPort());
        }
        if (m.maxMessageSize() != null) {
            attr("max-message-size", m.maxMessageSize());
        }
        for (Attribute a : m.otherAttributes()) {
            attr(a.text());
        }
    }

    /** {@code m=<media> <port>[/<count>] <proto> <fmt> ...} (RFC 8866 §5.14). */
    private void mediaLine(MediaDescription m) {
        StringBuilder ml = new StringBuilder(m.media()).append(' ').append(m.port());
        if (m.portCount() != null) {
            ml.append('/').append(m.portCount());
        }
        ml.append(' ').append(m.proto());
        for (String f : m.formats()) {
            ml.append(' ').append(f);
        }
        line('m', ml.toString());
    }

    /** Candidates, ICE credentials and options, DTLS fingerprint and setup. */
    private void mediaTransport(MediaDescription m) {
        for (Candidate c : m.candidates()) {
            attr("candidate", c.attributeValue());
        }
        if (m.endOfCandidates()) {
            attr("end-of-candidates");
        }
        if (m.iceUfrag() != null) {
            attr("ice-ufrag", m.iceUfrag());
        }
        if (m.icePwd() != null) {
            attr("ice-pwd", m.icePwd());
        }
        if (!m.iceOptions().isEmpty()) {
            attr("ice-options", String.join(" ", m.iceOptions()));
        }
        for (Fingerprint f : m.fingerprints()) {
            attr("fingerprint", f.attributeValue());
        }
        if (m.setup() != null) {
            attr("setup", m.setup().value());
        }
    }

    /** mid, header extensions, direction, msid, rtcp-mux/rsize, then each payload type's lines. */
    private void rtpParameters(MediaDescription m) {
        if (m.mid() != null) {
            attr("mid", m.mid());
        }
        for (ExtMap e : m.extMaps()) {
            attr("extmap", e.attributeValue());
        }
        if (m.direction() != null) {
            attr(m.direction().attributeName());
        }
        for (Msid msid : m.msids()) {
            attr("msid", msid.value());
        }
        if (m.rtcpMux()) {
            attr("rtcp-mux");
        }
        if (m.rtcpRsize()) {
            attr("rtcp-rsize");
        }
        for (RtcpFeedback fb : m.wildcardFeedback()) {
            attr("rtcp-fb", "* " + fb.value());
        }
        for (PayloadFormat p : m.payloadFormats()) {
            if (p.rtpMap() != null) {
                attr("rtpmap", p.payloadType() + " " + p.rtpMap().value());
            }
            for (RtcpFeedback fb : p.feedback()) {
                attr("rtcp-fb", p.payloadType() + " " + fb.value());
            }
            if (p.fmtp() != null) {
                attr("fmtp", p.payloadType() + " " + p.fmtp());
            }
        }
    }

    /** ssrc-group, ssrc, rid and simulcast lines. */
    private void sources(MediaDescription m) {
        for (SsrcGroup g : m.ssrcGroups()) {
            attr("ssrc-group", g.attributeValue());
        }
        for (SsrcAttribute a : m.ssrcs()) {
            attr("ssrc", a.attributeValue());
        }
        for (Rid r : m.rids()) {
            attr("rid", r.attributeValue());
        }
        if (m.simulcast() != null) {
            attr("simulcast", m.simulcast().attributeValue());
        }
    }
}
