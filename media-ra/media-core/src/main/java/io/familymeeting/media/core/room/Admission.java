package io.familymeeting.media.core.room;

import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.dtls.DtlsFingerprint;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.ice.IceCandidateInfo;
import io.familymeeting.media.core.ice.IceCandidateType;
import io.familymeeting.media.core.ice.IceTransport;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.answer.Answer;
import io.familymeeting.media.core.sdp.answer.AnswerRequest;
import io.familymeeting.media.core.sdp.answer.CodecPreferences;
import io.familymeeting.media.core.sdp.answer.NegotiatedMedia;
import io.familymeeting.media.core.sdp.answer.NegotiatedSession;
import io.familymeeting.media.core.sdp.answer.SdpAnswerer;
import io.familymeeting.media.core.sdp.answer.SdpNegotiationException;
import io.familymeeting.media.core.sdp.answer.SendStream;
import io.familymeeting.media.core.transport.WebRtcTransport;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Admits a participant: parses its offer, opens its transport on the shared media port,
 * writes the answer, prepares DTLS, and creates its producers (presenter) or consumers (viewer).
 * Every refusal is a {@link MediaException} whose message is meant for the participant.
 *
 * <p>Within the {@link Budgets}: an offer with more m-lines than allowed is refused; sections
 * beyond the slots of a kind are answered rejected (port 0); a new participant takes a seat in
 * its room and one in the engine ({@link Seats}), refused when either is full, and gives them
 * back through {@link EngineContext#removed}. A renegotiation takes no seat.
 */
final class Admission {
    private static final Logger LOG = Logger.getLogger(Admission.class.getName());
    /** The stream id (msid) viewers see for everything the room sends them. */
    static final String STREAM_ID = "family-meeting";

    private final MediaPort mediaPort;
    private final DtlsCertificate certificate;
    private final IceTransportConfig iceConfig;
    private final EngineContext context;
    private final Budgets budgets;
    /** The engine's seats; each room has its own ({@link Room#seats()}). */
    private final Seats engineSeats;
    private final SdpAnswerer answerer = new SdpAnswerer();
    private final SecureRandom random = new SecureRandom();
    /** The answers' o= session id (RFC 8866 §5.2): one per engine start. */
    private final long sessionId = random.nextLong() & Long.MAX_VALUE;

    Admission(MediaPort mediaPort, DtlsCertificate certificate, IceTransportConfig iceConfig, Budgets budgets,
              Seats engineSeats, EngineContext context) {
        this.mediaPort = mediaPort;
        this.certificate = certificate;
        this.iceConfig = iceConfig;
        this.budgets = budgets;
        this.engineSeats = engineSeats;
        this.context = context;
    }

    /** The participant and the answer to send back; the participant is started by the caller. */
    record Admitted(Participant participant, String answerSdp, NegotiatedSession negotiated) {
    }

    Admitted admit(Room room, OfferRequest offer) throws MediaException {
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(offer.sdp());
        } catch (SdpParseException e) {
            throw new MediaException(MediaException.Reason.MALFORMED_OFFER, "malformed offer: " + e.getMessage(), e);
        }
        checkMlines(parsed);
        Participant existing = room.participant(offer.participantId());
        if (existing != null && existing.role() == offer.role() && existing.isAlive()) {
            Admitted renegotiated = renegotiate(existing, parsed);
            if (renegotiated != null) {
                return renegotiated;
            }
        }
        // A participant that replaces one of the same id takes its seats: the one replaced gives them back.
        takeSeats(room, existing != null);
        try {
            return admitNew(room, offer, parsed);
        } catch (MediaException | RuntimeException e) {
            giveSeats(room);
            throw e;
        }
    }

    /** An offer with more m-lines than {@link Budgets#mlinesPerOffer()} is refused before anything is built. */
    private void checkMlines(SessionDescription offer) throws MediaException {
        int n = offer.media().size();
        if (n > budgets.mlinesPerOffer()) {
            throw new MediaException(MediaException.Reason.LIMIT_REACHED, "The offer has " + n
                    + " media sections (m= lines); this server accepts at most " + budgets.mlinesPerOffer()
                    + " in one offer (MEDIA_MAX_MLINES) and uses at most " + budgets.audioSlots() + " audio and "
                    + budgets.videoSlots() + " video of them.");
        }
    }

    private void takeSeats(Room room, boolean replacing) throws MediaException {
        if (replacing) {
            room.seats().take();
            engineSeats.take();
            return;
        }
        if (!room.seats().tryTake(budgets.participantsPerRoom())) {
            throw new MediaException(MediaException.Reason.LIMIT_REACHED, "The room is full: it has "
                    + budgets.participantsPerRoom() + " participants, the most this server allows in one room"
                    + " (MEDIA_MAX_ROOM_PARTICIPANTS).");
        }
        if (!engineSeats.tryTake(budgets.participants())) {
            room.seats().give();
            throw new MediaException(MediaException.Reason.LIMIT_REACHED, "This server is full: it serves "
                    + budgets.participants() + " participants, the most it allows (MEDIA_MAX_PARTICIPANTS);"
                    + " try again later.");
        }
    }

    /** Gives back the seats a participant held (it left, or its admission failed). */
    void giveSeats(Room room) {
        room.seats().give();
        engineSeats.give();
    }

    /**
     * A new participant (or one replacing a participant of the same id). Adding it to the room
     * is the last step: when this throws, nothing of it is left in the room or on the port.
     */
    private Admitted admitNew(Room room, OfferRequest offer, SessionDescription parsed) throws MediaException {
        WebRtcTransport transport;
        try {
            transport = WebRtcTransport.open(mediaPort, iceConfig, certificate, context, offer.role());
        } catch (IOException e) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "media port unavailable: " + e.getMessage(), e);
        }
        Participant p;
        Answer answer;
        try {
            IceTransport ice = transport.ice();
            Map<String, SendStream> sends = sendStreams(parsed, offer.role(), Map.of());
            answer = answerer.answer(request(parsed, offer.role(), ice.localUfrag(), ice.localPassword(),
                    ice.localCandidates(), sends, 1, room));
            NegotiatedSession neg = answer.negotiated();
            DtlsRole dtlsRole = neg.localDtlsRole() == NegotiatedSession.DtlsRole.CLIENT ? DtlsRole.CLIENT : DtlsRole.SERVER;
            List<DtlsFingerprint> fingerprints = new ArrayList<>();
            for (Fingerprint f : neg.remoteFingerprints()) {
                if (DtlsFingerprint.isSupported(f.algorithm())) {
                    fingerprints.add(DtlsFingerprint.of(f.algorithm(), f.bytes()));
                }
            }
            if (fingerprints.isEmpty()) {
                throw new MediaException(MediaException.Reason.NO_USABLE_MEDIA,
                        "the offer has no DTLS fingerprint with a supported hash (sha-256, sha-1, sha-384, sha-512)");
            }
            transport.prepareDtls(dtlsRole, fingerprints);
            p = new Participant(room, offer.participantId(), offer.displayName(), offer.role(), transport,
                    context);
            transport.attach(p);
            p.setNegotiation(new Participant.Negotiation(neg.remoteIceUfrag(), answeredOnly(sends, neg), 1));
            p.updateTracks(tracks(neg, offer.role(), true), tracks(neg, offer.role(), false), context.nowMillis());
            p.markConnecting();
            List<IceCandidateInfo> remote = new ArrayList<>();
            for (Candidate c : neg.remoteCandidates()) {
                IceCandidateInfo info = toIce(c);
                if (info != null) {
                    remote.add(info);
                }
            }
            // Before the room sees it: ICE cannot connect before the answer reaches the peer.
            transport.connect(neg.remoteIceUfrag(), neg.remoteIcePwd(), remote);
        } catch (SdpNegotiationException e) {
            transport.close();
            throw new MediaException(MediaException.Reason.NO_USABLE_MEDIA, e.getMessage(), e);
        } catch (MediaException e) {
            transport.close();
            throw e;
        } catch (RuntimeException e) {
            transport.close();
            throw new MediaException(MediaException.Reason.MALFORMED_OFFER, "the offer could not be answered: " + e.getMessage(), e);
        }
        room.add(p);
        return new Admitted(p, answer.sdpText(), answer.negotiated());
    }

    /**
     * A new offer from a participant whose transport is up and who did not restart ICE
     * (same ufrag, JSEP renegotiation, RFC 8829 §5.2.1): keep ICE, DTLS and SRTP, keep the
     * SSRCs already sent on each mid, and update the tracks. Returns null when the offer
     * restarts ICE (a new ufrag): the caller then replaces the participant.
     */
    private Admitted renegotiate(Participant p, SessionDescription parsed) throws MediaException {
        Participant.Negotiation previous = p.negotiation();
        Map<String, SendStream> sends = sendStreams(parsed, p.role(), previous.sendStreams());
        long version = previous.sessionVersion() + 1;
        IceTransport ice = p.transport().ice();
        Answer answer;
        try {
            answer = answerer.answer(request(parsed, p.role(), ice.localUfrag(), ice.localPassword(),
                    ice.localCandidates(), sends, version, p.room()));
        } catch (SdpNegotiationException e) {
            throw new MediaException(MediaException.Reason.NO_USABLE_MEDIA, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MediaException(MediaException.Reason.MALFORMED_OFFER, "the offer could not be answered: " + e.getMessage(), e);
        }
        NegotiatedSession neg = answer.negotiated();
        if (!neg.remoteIceUfrag().equals(previous.remoteIceUfrag())) {
            return null;
        }
        p.setNegotiation(new Participant.Negotiation(neg.remoteIceUfrag(), answeredOnly(sends, neg), version));
        p.updateTracks(tracks(neg, p.role(), true), tracks(neg, p.role(), false), context.nowMillis());
        LOG.fine(() -> "renegotiated " + p.room().id() + "/" + p.id() + " (version " + version + ")");
        return new Admitted(p, answer.sdpText(), neg);
    }

    /** The send streams of the sections the answer accepted (those beyond the slots were rejected). */
    private static Map<String, SendStream> answeredOnly(Map<String, SendStream> sends, NegotiatedSession neg) {
        Map<String, SendStream> kept = new LinkedHashMap<>();
        for (NegotiatedMedia m : neg.media()) {
            SendStream s = sends.get(m.mid());
            if (s != null) {
                kept.put(m.mid(), s);
            }
        }
        return kept;
    }

    private static List<TrackDescription> tracks(NegotiatedSession neg, ParticipantRole role, boolean incoming) {
        List<TrackDescription> out = new ArrayList<>();
        for (NegotiatedMedia m : neg.media()) {
            TrackDescription t = incoming
                    ? (role == ParticipantRole.PRESENTER ? TrackFactory.incoming(m) : null)
                    : (role == ParticipantRole.VIEWER ? TrackFactory.outgoing(m) : null);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * What the SFU sends on each receiving m-line of a viewer's offer: one SSRC (and an RTX
     * SSRC for video) per mid, kept from {@code previous} for mids that were already there.
     */
    private Map<String, SendStream> sendStreams(SessionDescription offer, ParticipantRole role,
                                                Map<String, SendStream> previous) {
        Map<String, SendStream> sends = new LinkedHashMap<>();
        if (role != ParticipantRole.VIEWER) {
            return sends;
        }
        int audio = 0;
        int video = 0;
        for (MediaDescription m : offer.media()) {
            if (m.mid() == null || m.isRejected() || !m.effectiveDirection().receives()) {
                continue;
            }
            boolean isAudio = MediaDescription.AUDIO.equals(m.media());
            if (!isAudio && !MediaDescription.VIDEO.equals(m.media())) {
                continue;
            }
            String trackId = isAudio ? "audio" + audio++ : "video" + video++;
            SendStream kept = previous.get(m.mid());
            if (kept != null) {
                sends.put(m.mid(), kept);
            } else {
                long ssrc = random.nextInt() & 0xFFFFFFFFL;
                Long rtx = isAudio ? null : random.nextInt() & 0xFFFFFFFFL;
                sends.put(m.mid(), new SendStream(ssrc, rtx, STREAM_ID, trackId, WebRtcTransport.CNAME));
            }
        }
        return sends;
    }

    private AnswerRequest request(SessionDescription offer, ParticipantRole role, String ufrag, String pwd,
                                  List<IceCandidateInfo> localCandidates, Map<String, SendStream> sends,
                                  long version, Room room) {
        List<Candidate> candidates = new ArrayList<>();
        for (IceCandidateInfo c : localCandidates) {
            candidates.add(new Candidate(c.foundation(), c.component(), c.transport().toLowerCase(), c.priority(),
                    c.address(), c.port(), c.type().sdpName(), c.relatedAddress(),
                    c.relatedAddress() == null ? null : c.relatedPort(), List.of()));
        }
        // A camera in the room asks viewers for the codec (and H.264 profile) it carries.
        CodecPreferences prefs = role == ParticipantRole.VIEWER ? room.viewerCodecs(offer) : null;
        return AnswerRequest.builder(offer, role)
                .codecs(prefs == null ? CodecPreferences.DEFAULT : prefs)
                .iceCredentials(ufrag, pwd)
                .candidates(candidates)
                .fingerprint(Fingerprint.of("sha-256", certificate.fingerprint().value()))
                .sendStreams(sends)
                .origin(sessionId, version)
                .maxTracks(budgets.slots())
                .build();
    }

    private static IceCandidateInfo toIce(Candidate c) {
        if (!c.isUdp() || c.address().endsWith(".local")) {
            return null; // TCP candidates and unresolved mDNS names cannot reach our UDP port
        }
        try {
            return new IceCandidateInfo(c.foundation(), c.component(), "udp", c.priority(), c.address(), c.port(),
                    IceCandidateType.fromSdpName(c.type()), c.relatedAddress(),
                    c.relatedPort() == null ? -1 : c.relatedPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
