package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.net.IpLiteral;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Connection;
import io.familymeeting.media.core.sdp.Direction;
import io.familymeeting.media.core.sdp.ExtMap;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.Msid;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.Rid;
import io.familymeeting.media.core.sdp.RtcpFeedback;
import io.familymeeting.media.core.sdp.Setup;
import io.familymeeting.media.core.sdp.Simulcast;
import io.familymeeting.media.core.sdp.SsrcAttribute;
import io.familymeeting.media.core.sdp.SsrcGroup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the answer's media sections for one {@link AnswerRequest}: a rejected section
 * (port 0) or an accepted one with the SFU's transport parameters, the chosen codecs,
 * kept header extensions, the direction, the SFU's sources and the simulcast answer, and
 * the matching {@link NegotiatedMedia}. It does not decide which sections are accepted
 * or check the offer's transport: {@link SdpAnswerer} does.
 */
final class AnswerSectionBuilder {
    private final AnswerRequest req;
    private final Setup localSetup;
    private final boolean trickle;
    /** Extension ids the offer uses for different URIs across the BUNDLE group: never answered. */
    private final Set<Integer> clashingExtensionIds;

    AnswerSectionBuilder(AnswerRequest req, Setup localSetup, boolean trickle, Set<Integer> clashingExtensionIds) {
        this.req = req;
        this.localSetup = localSetup;
        this.trickle = trickle;
        this.clashingExtensionIds = Set.copyOf(clashingExtensionIds);
    }

    /** One accepted section and what the engine needs about it. */
    record Accepted(MediaDescription section, NegotiatedMedia negotiated) {
    }

    /** RFC 8829 §5.3.1: a rejected section keeps media type and proto, port 0, one format. */
    static MediaDescription rejected(MediaDescription offered) {
        return MediaDescription.builder(offered.media(), 0, offered.proto())
                .formats(List.of(offered.formats().get(0)))
                .connection(Connection.placeholder())
                .mid(offered.mid())
                .build();
    }

    /**
     * An accepted section: the SFU's transport and direction, the simulcast it receives, the
     * header extensions and codecs it keeps, and the sources it sends.
     */
    Accepted accepted(MediaDescription offered, List<CodecNegotiator.Choice> choices) {
        MediaKind kind = MediaKind.fromSdpName(offered.media()).orElseThrow();
        String mid = offered.mid();
        SendStream send = req.sendStreams().get(mid);
        Direction direction = answerDirection(offered.effectiveDirection(), send != null);
        if (!direction.sends()) {
            send = null;
        }

        MediaDescription.Builder b = MediaDescription.builder(offered.media(), 9, offered.proto());
        transport(b, offered.rtcpRsize());
        b.mid(mid).direction(direction);
        SimulcastAnswer simulcast = direction.receives() ? receivedSimulcast(offered, choices) : null;
        Map<String, Integer> extIds = headerExtensions(b, offered, kind, simulcast != null);
        List<NegotiatedCodec> codecs = codecs(b, offered, choices);
        if (send != null) {
            send = sources(b, send, codecs);
        }
        if (simulcast != null) {
            b.rids(simulcast.rids()).simulcast(simulcast.simulcast());
        }

        RemoteSources remote = direction.receives() ? RemoteSourcesReader.read(offered) : null;
        NegotiatedMedia nm = new NegotiatedMedia(mid, kind, direction, codecs, extIds, offered.rtcpRsize(), remote, send);
        return new Accepted(b.build(), nm);
    }

    /**
     * The answer mirrors the offer's direction (RFC 3264 §6.1); sendrecv means "receive" for a
     * presenter and "send" for a viewer. A section the SFU has nothing to send on is inactive.
     */
    private Direction answerDirection(Direction offered, boolean hasSendStream) {
        Direction direction = switch (offered) {
            case SENDONLY -> Direction.RECVONLY;
            case RECVONLY -> Direction.SENDONLY;
            case SENDRECV -> req.role() == ParticipantRole.PRESENTER ? Direction.RECVONLY : Direction.SENDONLY;
            case INACTIVE -> Direction.INACTIVE;
        };
        return direction.sends() && !hasSendStream ? Direction.INACTIVE : direction;
    }

    /** The SFU's side of the one BUNDLE transport: candidates, ICE, DTLS, rtcp-mux. */
    private void transport(MediaDescription.Builder b, boolean rtcpRsize) {
        Connection connection = Connection.placeholder();
        if (!req.localCandidates().isEmpty()) {
            Candidate first = req.localCandidates().get(0);
            // RFC 8839 §4.2: the m= port and c= address carry the default candidate
            b.port(first.port());
            if (IpLiteral.parse(first.address()) != null) {
                connection = new Connection("IN", first.address().contains(":") ? "IP6" : "IP4", first.address());
            }
            b.candidates(req.localCandidates()).endOfCandidates(true);
        }
        b.connection(connection)
                .iceUfrag(req.localIceUfrag()).icePwd(req.localIcePwd())
                .fingerprints(List.of(req.localFingerprint()))
                .setup(localSetup)
                .rtcpMux(true)
                .rtcpRsize(rtcpRsize);
        if (trickle) {
            b.iceOptions(List.of(SdpAnswerer.TRICKLE));
        }
    }

    /**
     * The header extensions the answer keeps, with the offerer's ids; returns id by URI.
     * RFC 8285 §8: session-level extmap lines apply to every media section.
     */
    private Map<String, Integer> headerExtensions(MediaDescription.Builder b, MediaDescription offered, MediaKind kind,
                                                  boolean simulcast) {
        List<ExtMap> extMaps = new ArrayList<>();
        Map<String, Integer> extIds = new LinkedHashMap<>();
        List<ExtMap> offeredExt = new ArrayList<>(offered.extMaps());
        offeredExt.addAll(req.offer().extMaps());
        for (ExtMap e : offeredExt) {
            // RFC 8285 §6: one id per URI and one URI per id; a second mapping is ignored.
            if (HeaderExtensions.supported(e.uri(), kind, simulcast) && !extIds.containsKey(e.uri())
                    && !extIds.containsValue(e.id()) && !clashingExtensionIds.contains(e.id())) {
                extMaps.add(new ExtMap(e.id(), e.direction() == null ? null : e.direction().reverse(), e.uri(), null));
                extIds.put(e.uri(), e.id());
            }
        }
        b.extMaps(extMaps);
        return extIds;
    }

    /**
     * The chosen payload formats (each followed by its RTX format) with the feedback the SFU
     * implements; wildcard feedback ({@code a=rtcp-fb:*}) counts for every codec.
     */
    private static List<NegotiatedCodec> codecs(MediaDescription.Builder b, MediaDescription offered,
                                                List<CodecNegotiator.Choice> choices) {
        List<RtcpFeedback> wildcard = CodecNegotiator.filterFeedback(offered.wildcardFeedback());
        b.wildcardFeedback(wildcard);
        List<String> formats = new ArrayList<>();
        List<PayloadFormat> payloads = new ArrayList<>();
        List<NegotiatedCodec> codecs = new ArrayList<>();
        for (CodecNegotiator.Choice c : choices) {
            PayloadFormat f = c.format();
            formats.add(Integer.toString(f.payloadType()));
            payloads.add(f);
            Integer rtxPt = null;
            if (c.rtx() != null) {
                rtxPt = c.rtx().payloadType();
                formats.add(Integer.toString(rtxPt));
                payloads.add(c.rtx());
            }
            List<RtcpFeedback> fb = new ArrayList<>(f.feedback());
            for (RtcpFeedback w : wildcard) {
                if (!fb.contains(w)) {
                    fb.add(w);
                }
            }
            codecs.add(new NegotiatedCodec(c.codec().name(), f.payloadType(), f.rtpMap().clockRate(),
                    f.rtpMap().channelCount(), f.fmtp(), rtxPt, fb));
        }
        b.formats(formats).payloadFormats(payloads);
        return codecs;
    }

    /**
     * What the SFU sends on this section: msid, SSRCs with CNAME (RFC 5576) and the FID group
     * of its RTX SSRC when RTX was negotiated. Returns the stream as signalled (without RTX
     * when no codec has it).
     */
    private static SendStream sources(MediaDescription.Builder b, SendStream send, List<NegotiatedCodec> codecs) {
        boolean rtx = send.rtxSsrc() != null && codecs.stream().anyMatch(c -> c.rtxPayloadType() != null);
        if (!rtx) {
            send = send.withoutRtx();
        }
        Msid msid = new Msid(send.streamId(), send.trackId());
        b.msids(List.of(msid));
        List<Long> ssrcs = rtx ? List.of(send.ssrc(), send.rtxSsrc()) : List.of(send.ssrc());
        if (rtx) {
            b.ssrcGroups(List.of(new SsrcGroup(SsrcGroup.FID, ssrcs)));
        }
        List<SsrcAttribute> lines = new ArrayList<>();
        for (Long s : ssrcs) {
            lines.add(new SsrcAttribute(s, SsrcAttribute.CNAME, send.cname()));
            lines.add(new SsrcAttribute(s, SsrcAttribute.MSID, msid.value()));
        }
        b.ssrcs(lines);
        return send;
    }

    /** The answer's recv rids and a=simulcast for an offered rid simulcast (RFC 8853). */
    private record SimulcastAnswer(Simulcast simulcast, List<Rid> rids) {
    }

    /**
     * The simulcast the SFU receives on this section (RFC 8853): the offered send rids that
     * keep a negotiated payload type, as recv rids; null when the offer sends none or none is
     * left.
     */
    private static SimulcastAnswer receivedSimulcast(MediaDescription offered, List<CodecNegotiator.Choice> choices) {
        if (offered.simulcast() == null || offered.simulcast().send().isEmpty()) {
            return null;
        }
        Map<String, Rid> usable = usableRids(offered, choices);
        List<Rid> rids = new ArrayList<>();
        List<Simulcast.SimulcastStream> streams = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Simulcast.SimulcastStream s : offered.simulcast().send()) {
            List<Simulcast.RidRef> alts = new ArrayList<>();
            for (Simulcast.RidRef ref : s.alternatives()) {
                if (usable.containsKey(ref.rid()) && used.add(ref.rid())) {
                    alts.add(ref);
                    rids.add(usable.get(ref.rid()));
                }
            }
            if (!alts.isEmpty()) {
                streams.add(new Simulcast.SimulcastStream(alts));
            }
        }
        return streams.isEmpty() ? null : new SimulcastAnswer(new Simulcast(List.of(), streams), rids);
    }

    /** The offer's declared send rids, as the answer's recv rids, that keep a negotiated payload type. */
    private static Map<String, Rid> usableRids(MediaDescription offered, List<CodecNegotiator.Choice> choices) {
        Set<Integer> chosenPts = new HashSet<>();
        for (CodecNegotiator.Choice c : choices) {
            chosenPts.add(c.format().payloadType());
        }
        Map<String, Rid> usable = new LinkedHashMap<>();
        for (Rid r : offered.rids()) {
            if (r.direction() != Rid.Stream.SEND || usable.containsKey(r.id())) {
                continue;
            }
            List<Integer> pts = new ArrayList<>();
            for (Integer pt : r.payloadTypes()) {
                if (chosenPts.contains(pt)) {
                    pts.add(pt);
                }
            }
            if (!r.payloadTypes().isEmpty() && pts.isEmpty()) {
                continue; // RFC 8851: none of its payload types survived the answer
            }
            usable.put(r.id(), new Rid(r.id(), Rid.Stream.RECV, pts, r.restrictions()));
        }
        return usable;
    }
}
