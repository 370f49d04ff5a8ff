package io.familymeeting.media.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole SDP document (RFC 8866 §5) as WebRTC uses it (RFC 8829): session-level lines
 * and attributes, typed where WebRTC gives them meaning, then the media sections.
 * Unknown attributes and untyped lines are kept so that a parsed description writes back
 * with the same content. Immutable; {@link #parse} reads text, {@link #toSdp} writes it.
 * It does not check cross-line rules (BUNDLE membership, credentials...): the answerer does.
 *
 * @param origin          {@code o=} (RFC 8866 §5.2)
 * @param sessionName     {@code s=} (RFC 8866 §5.3); WebRTC writes "-"
 * @param connection      session-level {@code c=}, or null
 * @param timing          the first {@code t=} line (RFC 8866 §5.9)
 * @param otherLines      untyped session lines ({@code i= u= e= p= b= r= z= k=} and extra {@code t=})
 * @param groups          {@code a=group} lines (RFC 5888)
 * @param iceOptions      session {@code a=ice-options} tokens (RFC 8839 §5.6)
 * @param iceLite         {@code a=ice-lite} (RFC 8839 §5.3)
 * @param iceUfrag        session {@code a=ice-ufrag}, or null
 * @param icePwd          session {@code a=ice-pwd}, or null
 * @param fingerprints    session {@code a=fingerprint} lines (Firefox puts them here)
 * @param setup           session {@code a=setup}, or null
 * @param msidSemantic    {@code a=msid-semantic}, or null
 * @param extmapAllowMixed {@code a=extmap-allow-mixed} (RFC 8285 §6)
 * @param extMaps         session-level {@code a=extmap} lines
 * @param otherAttributes other session attributes, in order
 * @param media           media sections, in order
 */
public record SessionDescription(
        Origin origin, String sessionName, Connection connection, Timing timing, List<SdpLine> otherLines,
        List<Group> groups, List<String> iceOptions, boolean iceLite, String iceUfrag, String icePwd,
        List<Fingerprint> fingerprints, Setup setup, MsidSemantic msidSemantic, boolean extmapAllowMixed,
        List<ExtMap> extMaps, List<Attribute> otherAttributes, List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(timing, "timing");
        otherLines = SdpLine.inGrammarOrder(otherLines, SdpLine.SESSION_ORDER);
        groups = List.copyOf(groups);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        extMaps = List.copyOf(extMaps);
        otherAttributes = List.copyOf(otherAttributes);
        media = List.copyOf(media);
    }

    /** Parses SDP text; see {@link SdpParser}. */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** Writes this description as SDP text with CRLF line ends; see {@link SdpWriter}. */
    public String toSdp() {
        return SdpWriter.write(this);
    }

    /** The first {@code a=group:BUNDLE}, if any (RFC 8843). */
    public Optional<Group> bundleGroup() {
        return groups.stream().filter(Group::isBundle).findFirst();
    }

    /** The media section with this mid, if any. */
    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> mid.equals(m.mid())).findFirst();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** Mutable builder; every list setter copies. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private Connection connection;
        private Timing timing = Timing.UNBOUNDED;
        private List<SdpLine> otherLines = new ArrayList<>();
        private List<Group> groups = new ArrayList<>();
        private List<String> iceOptions = new ArrayList<>();
        private boolean iceLite;
        private String iceUfrag;
        private String icePwd;
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private MsidSemantic msidSemantic;
        private boolean extmapAllowMixed;
        private List<ExtMap> extMaps = new ArrayList<>();
        private List<Attribute> otherAttributes = new ArrayList<>();
        private List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = origin;
        }

        private Builder(SessionDescription s) {
            origin = s.origin;
            sessionName = s.sessionName;
            connection = s.connection;
            timing = s.timing;
            otherLines = new ArrayList<>(s.otherLines);
            groups = new ArrayList<>(s.groups);
            iceOptions = new ArrayList<>(s.iceOptions);
            iceLite = s.iceLite;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            fingerprints = new ArrayList<>(s.fingerprints);
            setup = s.setup;
            msidSemantic = s.msidSemantic;
            extmapAllowMixed = s.extmapAllowMixed;
            extMaps = new ArrayList<>(s.extMaps);
            otherAttributes = new ArrayList<>(s.otherAttributes);
            media = new ArrayList<>(s.media);
        }

        public Builder origin(Origin v) { origin = v; return this; }
        public Builder sessionName(String v) { sessionName = v; return this; }
        public Builder connection(Connection v) { connection = v; return this; }
        public Builder timing(Timing v) { timing = v; return this; }
        public Builder otherLines(List<SdpLine> v) { otherLines = new ArrayList<>(v); return this; }
        public Builder groups(List<Group> v) { groups = new ArrayList<>(v); return this; }
        public Builder iceOptions(List<String> v) { iceOptions = new ArrayList<>(v); return this; }
        public Builder iceLite(boolean v) { iceLite = v; return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder fingerprints(List<Fingerprint> v) { fingerprints = new ArrayList<>(v); return this; }
        public Builder setup(Setup v) { setup = v; return this; }
        public Builder msidSemantic(MsidSemantic v) { msidSemantic = v; return this; }
        public Builder extmapAllowMixed(boolean v) { extmapAllowMixed = v; return this; }
        public Builder extMaps(List<ExtMap> v) { extMaps = new ArrayList<>(v); return this; }
        public Builder otherAttributes(List<Attribute> v) { otherAttributes = new ArrayList<>(v); return this; }
        public Builder media(List<MediaDescription> v) { media = new ArrayList<>(v); return this; }

        public Builder addOtherLine(SdpLine v) { otherLines.add(v); return this; }
        public Builder addGroup(Group v) { groups.add(v); return this; }
        public Builder addIceOptions(List<String> v) { iceOptions.addAll(v); return this; }
        public Builder addFingerprint(Fingerprint v) { fingerprints.add(v); return this; }
        public Builder addExtMap(ExtMap v) { extMaps.add(v); return this; }
        public Builder addOtherAttribute(Attribute v) { otherAttributes.add(v); return this; }
        public Builder addMedia(MediaDescription v) { media.add(v); return this; }

        Origin origin() { return origin; }
        String iceUfrag() { return iceUfrag; }
        String icePwd() { return icePwd; }
        Setup setup() { return setup; }
        MsidSemantic msidSemantic() { return msidSemantic; }
        Connection connection() { return connection; }

        public SessionDescription build() {
            return new SessionDescription(origin, sessionName, connection, timing, otherLines, groups, iceOptions,
                    iceLite, iceUfrag, icePwd, fingerprints, setup, msidSemantic, extmapAllowMixed, extMaps,
                    otherAttributes, media);
        }
    }
}
