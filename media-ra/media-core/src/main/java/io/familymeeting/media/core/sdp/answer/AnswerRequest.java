package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.Setup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link SdpAnswerer} needs besides the offer: who the participant is, the
 * SFU's transport parameters, and what it sends to this participant. Build it with
 * {@link #builder(SessionDescription, ParticipantRole)}.
 *
 * @param offer            the parsed offer
 * @param role             presenter (the SFU receives its media) or viewer (the SFU sends)
 * @param localIceUfrag    the SFU's ICE ufrag for this participant (RFC 8839 §5.4: 4..256 ice-chars)
 * @param localIcePwd      the SFU's ICE password (22..256 ice-chars)
 * @param localCandidates  the SFU's candidates, written in every accepted section
 * @param localFingerprint the SFU's DTLS certificate fingerprint
 * @param actpassSetup     the answer's a=setup when the offer says actpass: PASSIVE (default,
 *                         SFU is DTLS server) or ACTIVE
 * @param sendStreams      by mid: what the SFU sends on sections where it sends
 * @param codecs           the codecs to accept, in preference order
 * @param sessionId        the answer's o= session id (keep it across renegotiations)
 * @param sessionVersion   the answer's o= version (increase it on each new answer, RFC 3264 §8)
 * @param maxTracks        at most this many audio and video sections carry media (a viewer's
 *                         receive slots, a presenter's tracks), in offer order; further ones
 *                         that could are rejected (port 0, RFC 3264 §6)
 */
public record AnswerRequest(SessionDescription offer, ParticipantRole role, String localIceUfrag,
                            String localIcePwd, List<Candidate> localCandidates, Fingerprint localFingerprint,
                            Setup actpassSetup, Map<String, SendStream> sendStreams, CodecPreferences codecs,
                            long sessionId, long sessionVersion, SlotCounts maxTracks) {

    public AnswerRequest {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(localFingerprint, "localFingerprint");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(maxTracks, "maxTracks");
        checkIce(localIceUfrag, 4, "localIceUfrag");
        checkIce(localIcePwd, 22, "localIcePwd");
        if (actpassSetup != Setup.ACTIVE && actpassSetup != Setup.PASSIVE) {
            throw new IllegalArgumentException("actpassSetup must be ACTIVE or PASSIVE");
        }
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("session id and version must not be negative");
        }
        localCandidates = List.copyOf(localCandidates);
        sendStreams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sendStreams));
    }

    private static void checkIce(String v, int min, String what) {
        Objects.requireNonNull(v, what);
        if (v.length() < min || v.length() > 256) {
            throw new IllegalArgumentException(what + " must be " + min + " to 256 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c < 0x80 && Character.isLetterOrDigit(c)) && c != '+' && c != '/') {
                throw new IllegalArgumentException(what + " may only contain letters, digits, '+' and '/'");
            }
        }
    }

    /** No limit on the sections that carry media. */
    public static final SlotCounts UNLIMITED = new SlotCounts(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public static Builder builder(SessionDescription offer, ParticipantRole role) {
        return new Builder(offer, role);
    }

    /** Builder; ICE credentials and fingerprint are required, the rest has defaults. */
    public static final class Builder {
        private final SessionDescription offer;
        private final ParticipantRole role;
        private String ufrag;
        private String pwd;
        private List<Candidate> candidates = List.of();
        private Fingerprint fingerprint;
        private Setup actpassSetup = Setup.PASSIVE;
        private final Map<String, SendStream> sendStreams = new LinkedHashMap<>();
        private CodecPreferences codecs = CodecPreferences.DEFAULT;
        private long sessionId = 1;
        private long sessionVersion = 1;
        private SlotCounts maxTracks = UNLIMITED;

        private Builder(SessionDescription offer, ParticipantRole role) {
            this.offer = offer;
            this.role = role;
        }

        public Builder iceCredentials(String ufrag, String pwd) {
            this.ufrag = ufrag;
            this.pwd = pwd;
            return this;
        }

        public Builder candidates(List<Candidate> v) { candidates = v; return this; }
        public Builder fingerprint(Fingerprint v) { fingerprint = v; return this; }
        public Builder actpassSetup(Setup v) { actpassSetup = v; return this; }
        public Builder sendStream(String mid, SendStream s) { sendStreams.put(mid, s); return this; }
        public Builder sendStreams(Map<String, SendStream> v) { sendStreams.putAll(v); return this; }
        public Builder codecs(CodecPreferences v) { codecs = v; return this; }

        public Builder origin(long id, long version) {
            sessionId = id;
            sessionVersion = version;
            return this;
        }

        /** At most this many audio and video sections carry media; the default has no limit. */
        public Builder maxTracks(SlotCounts v) { maxTracks = v; return this; }

        public AnswerRequest build() {
            return new AnswerRequest(offer, role, ufrag, pwd, candidates, fingerprint, actpassSetup, sendStreams,
                    codecs, sessionId, sessionVersion, maxTracks);
        }
    }
}
