package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One media section: an {@code m=} line and the lines after it up to the next
 * {@code m=} (RFC 8866 §5.14), with the attributes WebRTC uses typed. Attributes this
 * package does not type stay in {@link #otherAttributes()} in their original order.
 * Immutable; change it through {@link #toBuilder()}.
 *
 * @param media            media type: audio, video, application...
 * @param port             0 means the section is rejected or disabled (RFC 8829 §5.3.1)
 * @param portCount        the {@code /<number of ports>} of the m= line, or null
 * @param proto            transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats          the format list of the m= line (payload types for RTP)
 * @param otherLines       {@code i=}, {@code b=}, {@code k=} lines of this section
 * @param connection       the section's {@code c=} line, or null
 * @param mid              {@code a=mid} (RFC 5888 §4), or null
 * @param direction        the direction attribute, or null when absent (means sendrecv)
 * @param rtcpMux          {@code a=rtcp-mux} (RFC 5761 §5.1.1)
 * @param rtcpRsize        {@code a=rtcp-rsize} (RFC 5506 §5)
 * @param iceUfrag         {@code a=ice-ufrag} (RFC 8839 §5.4), or null
 * @param icePwd           {@code a=ice-pwd} (RFC 8839 §5.4), or null
 * @param iceOptions       {@code a=ice-options} tokens (RFC 8839 §5.6)
 * @param candidates       {@code a=candidate} lines (RFC 8839 §5.1)
 * @param endOfCandidates  {@code a=end-of-candidates} (RFC 8840)
 * @param fingerprints     {@code a=fingerprint} lines (RFC 8122 §5)
 * @param setup            {@code a=setup} (RFC 4145 §4), or null
 * @param msids            {@code a=msid} lines (RFC 8830 §2)
 * @param extMaps          {@code a=extmap} lines (RFC 8285 §8)
 * @param payloadFormats   rtpmap/fmtp/rtcp-fb grouped by payload type, in m= line order
 * @param wildcardFeedback {@code a=rtcp-fb:*} lines (RFC 4585 §4.2)
 * @param ssrcGroups       {@code a=ssrc-group} lines (RFC 5576 §4.2)
 * @param ssrcs            {@code a=ssrc} lines (RFC 5576 §4.1)
 * @param rids             {@code a=rid} lines (RFC 8851)
 * @param simulcast        {@code a=simulcast} (RFC 8853), or null
 * @param sctpPort         {@code a=sctp-port} (RFC 8841 §5), or null
 * @param maxMessageSize   {@code a=max-message-size} (RFC 8841 §6), or null
 * @param otherAttributes  every other attribute, in order
 */
public record MediaDescription(
        String media, int port, Integer portCount, String proto, List<String> formats,
        List<SdpLine> otherLines, Connection connection, String mid, Direction direction,
        boolean rtcpMux, boolean rtcpRsize, String iceUfrag, String icePwd, List<String> iceOptions,
        List<Candidate> candidates, boolean endOfCandidates, List<Fingerprint> fingerprints, Setup setup,
        List<Msid> msids, List<ExtMap> extMaps, List<PayloadFormat> payloadFormats,
        List<RtcpFeedback> wildcardFeedback, List<SsrcGroup> ssrcGroups, List<SsrcAttribute> ssrcs,
        List<Rid> rids, Simulcast simulcast, Integer sctpPort, Long maxMessageSize,
        List<Attribute> otherAttributes) {

    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String APPLICATION = "application";

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(proto, "proto");
        if (port < 0 || port > 65535) {
            throw new SyntaxError("port " + port + " is out of range 0..65535");
        }
        formats = List.copyOf(formats);
        otherLines = SdpLine.inGrammarOrder(otherLines, SdpLine.MEDIA_ORDER);
        iceOptions = List.copyOf(iceOptions);
        candidates = List.copyOf(candidates);
        fingerprints = List.copyOf(fingerprints);
        msids = List.copyOf(msids);
        extMaps = List.copyOf(extMaps);
        payloadFormats = List.copyOf(payloadFormats);
        wildcardFeedback = List.copyOf(wildcardFeedback);
        ssrcGroups = List.copyOf(ssrcGroups);
        ssrcs = List.copyOf(ssrcs);
        rids = List.copyOf(rids);
        otherAttributes = List.copyOf(otherAttributes);
    }

    /** The direction, with the RFC 8866 §6.7 default of sendrecv. */
    public Direction effectiveDirection() {
        return direction == null ? Direction.SENDRECV : direction;
    }

    /** Port 0: rejected in an answer, or disabled in an offer (RFC 3264 §6, §8.2). */
    public boolean isRejected() {
        return port == 0;
    }

    /** Whether the protocol carries RTP (its proto names RTP/AVP family, RFC 8866 §5.14). */
    public boolean isRtp() {
        return proto.contains("RTP/");
    }

    public Optional<PayloadFormat> payloadFormat(int payloadType) {
        for (PayloadFormat f : payloadFormats) {
            if (f.payloadType() == payloadType) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The values of one untyped attribute, in order. */
    public List<String> otherAttributeValues(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : otherAttributes) {
            if (a.name().equals(name)) {
                out.add(a.value());
            }
        }
        return out;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String media, int port, String proto) {
        return new Builder(media, port, proto);
    }

    /** Mutable builder; every list setter copies. */
    public static final class Builder {
        private String media;
        private int port;
        private Integer portCount;
        private String proto;
        private List<String> formats = new ArrayList<>();
        private List<SdpLine> otherLines = new ArrayList<>();
        private Connection connection;
        private String mid;
        private Direction direction;
        private boolean rtcpMux;
        private boolean rtcpRsize;
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = new ArrayList<>();
        private List<Candidate> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private List<Msid> msids = new ArrayList<>();
        private List<ExtMap> extMaps = new ArrayList<>();
        private List<PayloadFormat> payloadFormats = new ArrayList<>();
        private List<RtcpFeedback> wildcardFeedback = new ArrayList<>();
        private List<SsrcGroup> ssrcGroups = new ArrayList<>();
        private List<SsrcAttribute> ssrcs = new ArrayList<>();
        private List<Rid> rids = new ArrayList<>();
        private Simulcast simulcast;
        private Integer sctpPort;
        private Long maxMessageSize;
        private List<Attribute> otherAttributes = new ArrayList<>();

        private Builder(String media, int port, String proto) {
            this.media = media;
            this.port = port;
            this.proto = proto;
        }

        private Builder(MediaDescription m) {
            media = m.media;
            port = m.port;
            portCount = m.portCount;
            proto = m.proto;
            formats = new ArrayList<>(m.formats);
            otherLines = new ArrayList<>(m.otherLines);
            connection = m.connection;
            mid = m.mid;
            direction = m.direction;
            rtcpMux = m.rtcpMux;
            rtcpRsize = m.rtcpRsize;
            iceUfrag = m.iceUfrag;
            icePwd = m.icePwd;
            iceOptions = new ArrayList<>(m.iceOptions);
            candidates = new ArrayList<>(m.candidates);
            endOfCandidates = m.endOfCandidates;
            fingerprints = new ArrayList<>(m.fingerprints);
            setup = m.setup;
            msids = new ArrayList<>(m.msids);
            extMaps = new ArrayList<>(m.extMaps);
            payloadFormats = new ArrayList<>(m.payloadFormats);
            wildcardFeedback = new ArrayList<>(m.wildcardFeedback);
            ssrcGroups = new ArrayList<>(m.ssrcGroups);
            ssrcs = new ArrayList<>(m.ssrcs);
            rids = new ArrayList<>(m.rids);
            simulcast = m.simulcast;
            sctpPort = m.sctpPort;
            maxMessageSize = m.maxMessageSize;
            otherAttributes = new ArrayList<>(m.otherAttributes);
        }

        public Builder media(String v) { media = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder portCount(Integer v) { portCount = v; return this; }
        public Builder proto(String v) { proto = v; return this; }
        public Builder formats(List<String> v) { formats = new ArrayList<>(v); return this; }
        public Builder otherLines(List<SdpLine> v) { otherLines = new ArrayList<>(v); return this; }
        public Builder connection(Connection v) { connection = v; return this; }
        public Builder mid(String v) { mid = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder rtcpMux(boolean v) { rtcpMux = v; return this; }
        public Builder rtcpRsize(boolean v) { rtcpRsize = v; return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = new ArrayList<>(v); return this; }
        public Builder candidates(List<Candidate> v) { candidates = new ArrayList<>(v); return this; }
        public Builder endOfCandidates(boolean v) { endOfCandidates = v; return this; }
        public Builder fingerprints(List<Fingerprint> v) { fingerprints = new ArrayList<>(v); return this; }
        public Builder setup(Setup v) { setup = v; return this; }
        public Builder msids(List<Msid> v) { msids = new ArrayList<>(v); return this; }
        public Builder extMaps(List<ExtMap> v) { extMaps = new ArrayList<>(v); return this; }
        public Builder payloadFormats(List<PayloadFormat> v) { payloadFormats = new ArrayList<>(v); return this; }
        public Builder wildcardFeedback(List<RtcpFeedback> v) { wildcardFeedback = new ArrayList<>(v); return this; }
        public Builder ssrcGroups(List<SsrcGroup> v) { ssrcGroups = new ArrayList<>(v); return this; }
        public Builder ssrcs(List<SsrcAttribute> v) { ssrcs = new ArrayList<>(v); return this; }
        public Builder rids(List<Rid> v) { rids = new ArrayList<>(v); return this; }
        public Builder simulcast(Simulcast v) { simulcast = v; return this; }
        public Builder sctpPort(Integer v) { sctpPort = v; return this; }
        public Builder maxMessageSize(Long v) { maxMessageSize = v; return this; }
        public Builder otherAttributes(List<Attribute> v) { otherAttributes = new ArrayList<>(v); return this; }

        public Builder addFormat(String v) { formats.add(v); return this; }
        public Builder addOtherLine(SdpLine v) { otherLines.add(v); return this; }
        public Builder addCandidate(Candidate v) { candidates.add(v); return this; }
        public Builder addFingerprint(Fingerprint v) { fingerprints.add(v); return this; }
        public Builder addIceOptions(List<String> v) { iceOptions.addAll(v); return this; }
        public Builder addMsid(Msid v) { msids.add(v); return this; }
        public Builder addExtMap(ExtMap v) { extMaps.add(v); return this; }
        public Builder addPayloadFormat(PayloadFormat v) { payloadFormats.add(v); return this; }
        public Builder addWildcardFeedback(RtcpFeedback v) { wildcardFeedback.add(v); return this; }
        public Builder addSsrcGroup(SsrcGroup v) { ssrcGroups.add(v); return this; }
        public Builder addSsrc(SsrcAttribute v) { ssrcs.add(v); return this; }
        public Builder addRid(Rid v) { rids.add(v); return this; }
        public Builder addOtherAttribute(Attribute v) { otherAttributes.add(v); return this; }

        String mid() { return mid; }
        Direction direction() { return direction; }
        String iceUfrag() { return iceUfrag; }
        String icePwd() { return icePwd; }
        Setup setup() { return setup; }
        Simulcast simulcast() { return simulcast; }
        Integer sctpPort() { return sctpPort; }
        Long maxMessageSize() { return maxMessageSize; }
        Connection connection() { return connection; }
        String proto() { return proto; }
        List<String> formats() { return formats; }

        public MediaDescription build() {
            return new MediaDescription(media, port, portCount, proto, formats, otherLines, connection, mid,
                    direction, rtcpMux, rtcpRsize, iceUfrag, icePwd, iceOptions, candidates, endOfCandidates,
                    fingerprints, setup, msids, extMaps, payloadFormats, wildcardFeedback, ssrcGroups, ssrcs,
                    rids, simulcast, sctpPort, maxMessageSize, otherAttributes);
        }
    }
}
