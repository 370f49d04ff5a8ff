package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.api.MediaException.Reason;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Direction;
import io.familymeeting.media.core.sdp.ExtMap;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.Group;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.MsidSemantic;
import io.familymeeting.media.core.sdp.Origin;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.Setup;
import io.familymeeting.media.core.sdp.Tokens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Builds the SFU's answer to a browser's offer (RFC 3264 §6, JSEP RFC 8829 §5.3.1) and
 * describes the result as a {@link NegotiatedSession}. The SFU only answers; it is a full
 * ICE agent (no {@code a=ice-lite}), all media share one BUNDLE transport (RFC 8843) with
 * rtcp-mux, and media is DTLS-SRTP (RFC 5764).
 *
 * <p>Rules: every offered m= line appears in the answer in the same order; lines the
 * SFU cannot use (no common codec, data channels, other transports, no rtcp-mux, not in
 * the BUNDLE group, disabled, beyond {@link AnswerRequest#maxTracks()}) are rejected with port 0
 * (RFC 3264 §6: neither side sends media on a rejected stream). Directions mirror the offer, with
 * sendrecv meaning "receive" for a presenter and "send" for a viewer; the SFU only
 * declares sending on a section when the request gives a {@link SendStream} for its mid,
 * else that section is inactive. rid simulcast is answered with recv rids.
 *
 * <p>It does not allocate ports, SSRCs or credentials (the request brings them), and it
 * keeps no state: renegotiation is simply a new answer with a higher session version.
 */
public final class SdpAnswerer {
    /** Transports with DTLS-SRTP and RTCP feedback (RFC 5764 §8, RFC 8829). */
    private static final Set<String> SUPPORTED_PROTOS = Set.of("UDP/TLS/RTP/SAVPF", "TCP/TLS/RTP/SAVPF", "RTP/SAVPF");
    /** RFC 8843 §6: a bundle-only section has port 0 in the offer but is not disabled. */
    private static final String BUNDLE_ONLY = "bundle-only";
    /** ice-options token of Trickle ICE (RFC 8838, RFC 8840). */
    static final String TRICKLE = "trickle";

    /**
     * Answers an offer.
     *
     * @throws SdpNegotiationException with a message for the offerer when nothing is usable
     *                                 or transport parameters are missing
     */
    public Answer answer(AnswerRequest req) throws SdpNegotiationException {
        SessionDescription offer = req.offer();
        if (offer.media().isEmpty()) {
            throw new SdpNegotiationException(Reason.NO_USABLE_MEDIA,
                    "The offer has no media sections (m= lines): there is nothing to send or receive.");
        }
        checkMids(offer);

        List<String> offeredBundle = offer.bundleGroup().map(Group::mids).orElse(null);
        List<RejectedMedia> rejected = new ArrayList<>();
        List<Plan> plans = plan(req, offeredBundle, rejected);
        MediaDescription transport = transportSection(offer, offeredBundle, plans);
        RemoteTransport remote = remoteTransport(offer, transport);
        Setup localSetup = localSetup(remote.setup(), req.actpassSetup());
        Set<String> bundledMids = offeredBundle == null ? Set.of(transport.mid()) : new HashSet<>(offeredBundle);

        AnswerSectionBuilder builder = new AnswerSectionBuilder(req, localSetup,
                offer.iceOptions().contains(TRICKLE) || transport.iceOptions().contains(TRICKLE),
                clashingExtensionIds(offer, bundledMids));
        Sections sections = sections(plans, builder);
        SessionDescription sdp = SessionDescription.builder(new Origin("-", Long.toString(req.sessionId()),
                        Long.toString(req.sessionVersion()), "IN", "IP4", "0.0.0.0"))
                .addGroup(new Group(Group.BUNDLE, sections.bundle))
                .extmapAllowMixed(offer.extmapAllowMixed())
                .msidSemantic(new MsidSemantic("WMS", List.copyOf(sections.streamIds)))
                .media(sections.media)
                .build();
        NegotiatedSession session = new NegotiatedSession(req.role(), remote.iceUfrag(), remote.icePwd(),
                offer.iceLite(), bundledCandidates(offer, bundledMids), bundledEndOfCandidates(offer, bundledMids),
                remote.fingerprints(), remote.setup(), localSetup, req.localIceUfrag(), req.localIcePwd(),
                sections.bundle, sections.negotiated, rejected);
        return new Answer(sdp, session);
    }

    // ------------------------------------------------------------------ steps

    /** An offered section and its codecs, or null codecs when the answer rejects it. */
    private record Plan(MediaDescription offered, List<CodecNegotiator.Choice> codecs) {
    }

    /** What to do with each offered section, in offer order: its codecs, or rejected (added to {@code rejected}). */
    private static List<Plan> plan(AnswerRequest req, List<String> offeredBundle, List<RejectedMedia> rejected)
            throws SdpNegotiationException {
        SessionDescription offer = req.offer();
        List<Plan> plans = new ArrayList<>();
        boolean acceptedOne = false;
        int[] carrying = new int[MediaKind.values().length];
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            String why = rejectReason(m, offeredBundle, acceptedOne);
            List<CodecNegotiator.Choice> codecs = List.of();
            if (why == null) {
                MediaKind kind = MediaKind.fromSdpName(m.media()).orElseThrow();
                codecs = CodecNegotiator.negotiate(m, kind, req.codecs());
                if (codecs.isEmpty()) {
                    why = "no codec in common (offered " + String.join(", ", CodecNegotiator.describeOffered(m))
                            + "; this server forwards " + req.codecs().forKind(kind) + ")";
                } else if (carriesMedia(m, req.role())) {
                    int max = kind == MediaKind.AUDIO ? req.maxTracks().audio() : req.maxTracks().video();
                    if (carrying[kind.ordinal()] >= max) {
                        why = "this server carries at most " + max + " " + kind.sdpName()
                                + " track(s) per participant; this section is not used";
                    } else {
                        carrying[kind.ordinal()]++;
                    }
                }
            }
            if (why != null) {
                rejected.add(new RejectedMedia(i, m.mid(), m.media(), why));
                plans.add(new Plan(m, null));
            } else {
                acceptedOne = true;
                plans.add(new Plan(m, codecs));
            }
        }
        if (!acceptedOne) {
            throw new SdpNegotiationException(Reason.NO_USABLE_MEDIA, nothingUsableMessage(offer, req.codecs()));
        }
        return plans;
    }

    /** Whether the section would carry media: to a viewer (it receives), from a presenter (it sends). */
    private static boolean carriesMedia(MediaDescription m, ParticipantRole role) {
        Direction d = m.effectiveDirection();
        return role == ParticipantRole.VIEWER ? d.receives() : d.sends();
    }

    /** The offerer's ICE credentials, DTLS fingerprints and setup: from the transport section, else session level. */
    private record RemoteTransport(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, Setup setup) {
    }

    private static RemoteTransport remoteTransport(SessionDescription offer, MediaDescription transport)
            throws SdpNegotiationException {
        String ufrag = transport.iceUfrag() != null ? transport.iceUfrag() : offer.iceUfrag();
        String pwd = transport.icePwd() != null ? transport.icePwd() : offer.icePwd();
        if (ufrag == null || pwd == null) {
            throw new SdpNegotiationException(Reason.MALFORMED_OFFER,
                    "The offer has no ICE credentials (a=ice-ufrag and a=ice-pwd, RFC 8839 §5.4).");
        }
        List<Fingerprint> fingerprints = !transport.fingerprints().isEmpty()
                ? transport.fingerprints() : offer.fingerprints();
        if (fingerprints.isEmpty()) {
            throw new SdpNegotiationException(Reason.MALFORMED_OFFER, "The offer has no DTLS certificate fingerprint"
                    + " (a=fingerprint, RFC 8122); this server only accepts encrypted media (DTLS-SRTP).");
        }
        Setup setup = transport.setup() != null ? transport.setup() : offer.setup();
        return new RemoteTransport(ufrag, pwd, fingerprints, setup);
    }

    /** The offer's candidates of the bundled sections, without repeats. */
    private static List<Candidate> bundledCandidates(SessionDescription offer, Set<String> bundledMids) {
        List<Candidate> candidates = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (bundledMids.contains(m.mid())) {
                for (Candidate c : m.candidates()) {
                    if (!candidates.contains(c)) {
                        candidates.add(c);
                    }
                }
            }
        }
        return candidates;
    }

    /** Whether a bundled section of the offer says end-of-candidates (RFC 8840). */
    private static boolean bundledEndOfCandidates(SessionDescription offer, Set<String> bundledMids) {
        for (MediaDescription m : offer.media()) {
            if (bundledMids.contains(m.mid()) && m.endOfCandidates()) {
                return true;
            }
        }
        return false;
    }

    /** The answer's media sections in offer order, and what they add up to. */
    private static final class Sections {
        final List<MediaDescription> media = new ArrayList<>();
        final List<NegotiatedMedia> negotiated = new ArrayList<>();
        /** The accepted mids: the answer's BUNDLE group. */
        final List<String> bundle = new ArrayList<>();
        /** The MediaStream ids the SFU sends, for a=msid-semantic. */
        final Set<String> streamIds = new LinkedHashSet<>();
    }

    private static Sections sections(List<Plan> plans, AnswerSectionBuilder builder) {
        Sections out = new Sections();
        for (Plan p : plans) {
            if (p.codecs == null) {
                out.media.add(AnswerSectionBuilder.rejected(p.offered));
                continue;
            }
            AnswerSectionBuilder.Accepted a = builder.accepted(p.offered, p.codecs);
            out.media.add(a.section());
            out.negotiated.add(a.negotiated());
            out.bundle.add(p.offered.mid());
            if (a.negotiated().localSend() != null) {
                out.streamIds.add(a.negotiated().localSend().streamId());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ validation

    private static void checkMids(SessionDescription offer) throws SdpNegotiationException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.mid() == null) {
                throw new SdpNegotiationException(Reason.MALFORMED_OFFER, "Media section " + (i + 1) + " (m="
                        + Tokens.shorten(m.media()) + ") has no a=mid; WebRTC offers need one (RFC 8829).");
            }
            if (!seen.add(m.mid())) {
                throw new SdpNegotiationException(Reason.MALFORMED_OFFER, "Two media sections have the same a=mid:"
                        + Tokens.shorten(m.mid()) + " (RFC 5888 §4 requires them to be unique).");
            }
        }
    }

    /** Why a section is rejected before looking at codecs, or null. */
    private static String rejectReason(MediaDescription m, List<String> offeredBundle, boolean acceptedOne) {
        if (MediaKind.fromSdpName(m.media()).isEmpty()) {
            return MediaDescription.APPLICATION.equals(m.media())
                    ? "data channels are not supported by this server"
                    : "media type '" + Tokens.shorten(m.media()) + "' is not supported";
        }
        if (!SUPPORTED_PROTOS.contains(m.proto())) {
            return "transport " + Tokens.shorten(m.proto()) + " is not supported (UDP/TLS/RTP/SAVPF is)";
        }
        if (m.isRejected() && m.otherAttributeValues(BUNDLE_ONLY).isEmpty()) {
            return "disabled in the offer (port 0)";
        }
        if (offeredBundle != null && !offeredBundle.contains(m.mid())) {
            return "not in the offer's BUNDLE group; this server uses one transport for all media (RFC 8843)";
        }
        if (offeredBundle == null && acceptedOne) {
            return "the offer has no BUNDLE group, so only its first usable section can be answered";
        }
        if (!m.rtcpMux()) {
            return "no a=rtcp-mux; this server multiplexes RTP and RTCP on one port (RFC 5761)";
        }
        return null;
    }

    private static String nothingUsableMessage(SessionDescription offer, CodecPreferences prefs) {
        StringJoiner offered = new StringJoiner("; ");
        for (MediaDescription m : offer.media()) {
            if (MediaKind.fromSdpName(m.media()).isPresent()) {
                offered.add(Tokens.shorten(m.media()) + " [" + String.join(", ", CodecNegotiator.describeOffered(m)) + "]");
            } else {
                offered.add(Tokens.shorten(m.media()) + " (not supported)");
            }
        }
        return "The offer has no audio or video section with a codec this server forwards: offered "
                + offered + "; this server forwards " + prefs.codecs() + ".";
    }

    /**
     * Header extension ids that the offer binds to different URIs in different sections of
     * its BUNDLE group. A BUNDLE group is one RTP session (RFC 8843 §9.1) and receivers parse
     * extensions with one id table for the whole transport (aiortc does), so such an id cannot
     * be used in either section: the answer leaves those extensions out.
     */
    static Set<Integer> clashingExtensionIds(SessionDescription offer, Set<String> bundledMids) {
        Map<Integer, String> uriById = new HashMap<>();
        Set<Integer> clashing = new HashSet<>();
        for (ExtMap e : offer.extMaps()) {
            uriById.putIfAbsent(e.id(), e.uri());
        }
        for (MediaDescription m : offer.media()) {
            if (!bundledMids.contains(m.mid())) {
                continue;
            }
            for (ExtMap e : m.extMaps()) {
                String known = uriById.putIfAbsent(e.id(), e.uri());
                if (known != null && !known.equals(e.uri())) {
                    clashing.add(e.id());
                }
            }
        }
        return clashing;
    }

    /** RFC 8842 §5 / RFC 4145 §4: the answer's setup mirrors the offer's. */
    private static Setup localSetup(Setup remote, Setup forActpass) throws SdpNegotiationException {
        if (remote == null || remote == Setup.ACTPASS) {
            // RFC 8842 §5 requires actpass in offers; treat a missing one the same way.
            return forActpass;
        }
        return switch (remote) {
            case ACTIVE -> Setup.PASSIVE;
            case PASSIVE -> Setup.ACTIVE;
            default -> throw new SdpNegotiationException(Reason.MALFORMED_OFFER,
                    "The offer says a=setup:holdconn; a DTLS connection is needed to send media (RFC 8842 §5).");
        };
    }

    /** The offer's bundle-tagged section (first mid of its BUNDLE group, RFC 8843), or the first accepted. */
    private static MediaDescription transportSection(SessionDescription offer, List<String> bundle, List<Plan> plans) {
        if (bundle != null && !bundle.isEmpty()) {
            MediaDescription tagged = offer.mediaByMid(bundle.get(0)).orElse(null);
            if (tagged != null) {
                return tagged;
            }
        }
        for (Plan p : plans) {
            if (p.codecs != null) {
                return p.offered;
            }
        }
        throw new IllegalStateException("no accepted section");
    }
}
