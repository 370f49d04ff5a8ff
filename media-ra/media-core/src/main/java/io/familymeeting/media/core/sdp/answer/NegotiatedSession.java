package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.Setup;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of answering one offer, in the terms the engine works with: transport
 * parameters (ICE, DTLS) of both sides and each accepted media section. Immutable.
 *
 * @param role                  the participant's role the answer was built for
 * @param remoteIceUfrag        offerer's ICE username fragment (RFC 8839 §5.4)
 * @param remoteIcePwd          offerer's ICE password
 * @param remoteIceLite         the offerer is an ICE lite agent (then the SFU controls, RFC 8445 §6.1.1)
 * @param remoteCandidates      candidates in the offer (of the bundled transport)
 * @param remoteEndOfCandidates the offer said end-of-candidates (RFC 8840)
 * @param remoteFingerprints    the offerer's certificate fingerprints (RFC 8122 §5)
 * @param remoteSetup           the offerer's a=setup (null if absent)
 * @param localSetup            the answer's a=setup: ACTIVE or PASSIVE
 * @param localIceUfrag         the SFU's ufrag written in the answer
 * @param localIcePwd           the SFU's password written in the answer
 * @param bundleMids            the answer's BUNDLE group; the first is the bundle tag (RFC 8843)
 * @param media                 accepted sections in offer order
 * @param rejected              rejected sections in offer order
 */
public record NegotiatedSession(ParticipantRole role, String remoteIceUfrag, String remoteIcePwd,
                                boolean remoteIceLite, List<Candidate> remoteCandidates,
                                boolean remoteEndOfCandidates, List<Fingerprint> remoteFingerprints,
                                Setup remoteSetup, Setup localSetup, String localIceUfrag, String localIcePwd,
                                List<String> bundleMids, List<NegotiatedMedia> media,
                                List<RejectedMedia> rejected) {

    /** DTLS role of the SFU: {@code a=setup:active} is the client (RFC 4145 §4, RFC 8842 §5). */
    public enum DtlsRole { CLIENT, SERVER }

    public NegotiatedSession {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(remoteIceUfrag, "remoteIceUfrag");
        Objects.requireNonNull(remoteIcePwd, "remoteIcePwd");
        Objects.requireNonNull(localSetup, "localSetup");
        remoteCandidates = List.copyOf(remoteCandidates);
        remoteFingerprints = List.copyOf(remoteFingerprints);
        bundleMids = List.copyOf(bundleMids);
        media = List.copyOf(media);
        rejected = List.copyOf(rejected);
    }

    public DtlsRole localDtlsRole() {
        return localSetup == Setup.ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
    }

    /**
     * The SFU is a full ICE agent and the answerer, so it is controlled, unless the
     * offerer is ICE lite (RFC 8445 §6.1.1).
     */
    public boolean iceControlling() {
        return remoteIceLite;
    }

    public NegotiatedMedia mediaByMid(String mid) {
        for (NegotiatedMedia m : media) {
            if (m.mid().equals(mid)) {
                return m;
            }
        }
        return null;
    }
}
