package io.familymeeting.media.core.sdp.answer;

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

    Accepted accepted(MediaDescription offered, List<CodecNegotiator.Choice> choices) {
        MediaKind kind = MediaKind.fromSdpName(offered.media()).orElseThrow();
        String mid = offered.mid();

        Direction direction = switch (offered.effectiveDirection()) {
            case SENDONLY -> Direction.RECVONLY;
            case RECVONLY -> Direction.SENDONLY;
            case SENDRECV -> req.role() == ParticipantRole.PRESENTER ? Direction.RECVONLY : Direction.SENDONLY;
            case INACTIVE -> Direction.INACTIVE;
        };
        SendStream send = req.sendStreams().get(mid);
        if (direction.sends() && send == null) {
            direction = Direction.INACTIVE;
        }
        if (!direction.sends()) {
            send = null;
        }

        MediaDescription.Builder b = MediaDescription.builder(offered.media(), 9, offered.proto());
        Connection connection = Connection.placeholder();
        if (!req.localCandidates().isEmpty()) {
            Candidate first = req.localCandidates().get(0);
            // RFC 8839 §4.2: the m= port and c= address carry the default candidate
            b.port(first.port());
            if (isIpLiteral(first.address())) {
                connection = new Connection("IN", first.address().contains(":") ? "IP6" : "IP4", first.address());
            }
            b.candidates(req.localCandidates()).endOfCandidates(true);
        }
        b.connection(connection)
                .iceUfrag(req.localIceUfrag()).icePwd(req.localIcePwd())
                .fingerprints(List.of(req.localFingerprint()))
                .setup(localSetup)
                .mid(mid)
                .direction(direction)
                .rtcpMux(true)
                .rtcpRsize(offered.rtcpRsize());
        if (trickle) {
            b.iceOptions(List.of(SdpAnswerer.TRICKLE));
        }

        // Simulcast (RFC 8853): the SFU receives the offered send streams.
        Simulcast simulcast = null;
        List<Rid> answerRids = new ArrayList<>();
        Set<Integer> chosenPts = new HashSet<>();
        for (CodecNegotiator.Choice c : choices) {
            chosenPts.add(c.format().payloadType());
        }
        if (direction.receives() && offered.simulcast() != null && !offered.simulcast().send().isEmpty()) {
            simulcast = answerSimulcast(offered, chosenPts, answerRids);
        }

        List<ExtMap> extMaps = new ArrayList<>();
        Map<String, Integer> extIds = new LinkedHashMap<>();
        // RFC 8285 §8: session-level extmap lines apply to every media section.
        List<ExtMap> offeredExt = new ArrayList<>(offered.extMaps());
        offeredExt.addAll(req.offer().extMaps());
        for (ExtMap e : offeredExt) {
            // RFC 8285 §6: one id per URI and one URI per id; a second mapping is ignored.
            if (HeaderExtensions.supported(e.uri(), kind, simulcast != null) && !extIds.containsKey(e.uri())
                    && !extIds.containsValue(e.id()) && !clashingExtensionIds.contains(e.id())) {
                extMaps.add(new ExtMap(e.id(), e.direction() == null ? null : e.direction().reverse(), e.uri(), null));
                extIds.put(e.uri(), e.id());
            }
        }
        b.extMaps(extMaps);

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

        if (send != null) {
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
        }
        if (simulcast != null) {
            b.rids(answerRids).simulcast(simulcast);
        }

        RemoteSources remote = direction.receives() ? RemoteSourcesReader.read(offered) : null;
        NegotiatedMedia nm = new NegotiatedMedia(mid, kind, direction, codecs, extIds, offered.rtcpRsize(), remote, send);
        return new Accepted(b.build(), nm);
    }

    /** The recv side of the offered simulcast: declared send rids that keep a negotiated payload type. */
    private static Simulcast answerSimulcast(MediaDescription offered, Set<Integer> chosenPts, List<Rid> outRids) {
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
        List<Simulcast.SimulcastStream> streams = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Simulcast.SimulcastStream s : offered.simulcast().send()) {
            List<Simulcast.RidRef> alts = new ArrayList<>();
            for (Simulcast.RidRef ref : s.alternatives()) {
                if (usable.containsKey(ref.rid()) && used.add(ref.rid())) {
                    alts.add(ref);
                    outRids.add(usable.get(ref.rid()));
                }
            }
            if (!alts.isEmpty()) {
                streams.add(new Simulcast.SimulcastStream(alts));
            }
        }
        if (streams.isEmpty()) {
            outRids.clear();
            return null;
        }
        return new Simulcast(List.of(), streams);
    }

    private static boolean isIpLiteral(String address) {
        if (address.contains(":")) {
            return address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
