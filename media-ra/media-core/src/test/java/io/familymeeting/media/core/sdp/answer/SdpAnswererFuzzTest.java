package io.familymeeting.media.core.sdp.answer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.Fixtures;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.Setup;
import io.familymeeting.media.core.testutil.FuzzChecks;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link SdpAnswerer} with what the engine gives it: the
 * first input byte picks the role, the codecs (the defaults, or a camera room's H.264 profile and
 * audio codec first), the setup for actpass and the candidates; the rest is the offer's text.
 * Viewers get a send stream on every receiving audio or video section, as {@code room.Admission}
 * gives them. Invariants: only {@link SdpNegotiationException} escapes, with a short message; the
 * answer's text parses and writes back to the same text; it has the offer's sections in the offer's
 * order, accepted ones in its BUNDLE group and in {@link NegotiatedSession#media()}, rejected ones
 * with port 0; negotiated payload types are the offer's, header extension ids unique, and the SFU
 * only sends where it was given a stream (never to a presenter).
 */
class SdpAnswererFuzzTest {
    private static final List<CodecPreferences> CODECS = List.of(
            CodecPreferences.DEFAULT,
            withDefaults(SupportedCodec.h264("42e01f"), SupportedCodec.opus()),
            withDefaults(SupportedCodec.h264("640c1f"), new SupportedCodec(MediaKind.AUDIO, "PCMU", 8000, 1, null)),
            CodecPreferences.of(SupportedCodec.vp8()));
    private static final Fingerprint LOCAL_FINGERPRINT = Fingerprint.of("sha-256", new byte[32]);
    private static final Candidate IPV4 = Candidate.host("1", "udp", 2130706431L, "127.0.0.1", 10000);
    private static final Candidate IPV6 = Candidate.host("2", "udp", 2130706175L, "::1", 10000);

    private final SdpAnswerer answerer = new SdpAnswerer();

    /** Every fixture offer once per role, with the other options cycling. */
    static Stream<byte[]> offers() {
        List<byte[]> seeds = new ArrayList<>();
        int option = 0;
        for (String name : Fixtures.ALL) {
            byte[] text = Fixtures.text(name).getBytes(StandardCharsets.UTF_8);
            for (int role = 0; role < 2; role++) {
                byte[] seed = new byte[text.length + 1];
                seed[0] = (byte) (role | (option++ << 1));
                System.arraycopy(text, 0, seed, 1, text.length);
                seeds.add(seed);
            }
        }
        return seeds.stream();
    }

    @MethodSource("offers")
    @FuzzTest
    void answer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int options = input[0] & 0xFF;
        SessionDescription offer;
        try {
            offer = SdpParser.parse(new String(input, 1, input.length - 1, StandardCharsets.UTF_8));
        } catch (SdpParseException e) {
            return; // the parser's own fuzz test covers this
        }
        ParticipantRole role = (options & 1) == 0 ? ParticipantRole.PRESENTER : ParticipantRole.VIEWER;
        Map<String, SendStream> sends = role == ParticipantRole.VIEWER ? sendStreams(offer) : Map.of();
        AnswerRequest request = AnswerRequest.builder(offer, role)
                .codecs(CODECS.get((options >> 1) & 3))
                .actpassSetup((options & 8) == 0 ? Setup.PASSIVE : Setup.ACTIVE)
                .candidates((options & 16) == 0 ? List.of(IPV4) : List.of(IPV4, IPV6))
                .iceCredentials("sfu1", "abcdefghijklmnopqrstuvwx")
                .fingerprint(LOCAL_FINGERPRINT)
                .sendStreams(sends)
                .origin(4242, 1 + (options >> 5))
                .build();
        Answer answer;
        try {
            answer = answerer.answer(request);
        } catch (SdpNegotiationException e) {
            FuzzChecks.userMessage(e);
            return;
        }
        check(offer, role, sends, answer);
    }

    private static void check(SessionDescription offer, ParticipantRole role, Map<String, SendStream> sends,
                              Answer answer) {
        String text = answer.sdpText();
        try {
            FuzzChecks.same("answer text after parse and write", text, SdpParser.parse(text).toSdp());
        } catch (SdpParseException e) {
            throw new AssertionError("the answer does not parse: " + e.getMessage() + "\n" + text, e);
        }
        NegotiatedSession neg = answer.negotiated();
        List<MediaDescription> offered = offer.media();
        List<MediaDescription> answered = answer.sdp().media();
        FuzzChecks.same("number of sections", offered.size(), answered.size());
        FuzzChecks.same("accepted plus rejected sections", offered.size(), neg.media().size() + neg.rejected().size());
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            MediaDescription o = offered.get(i);
            MediaDescription a = answered.get(i);
            FuzzChecks.same("media type of section " + i, o.media(), a.media());
            FuzzChecks.same("mid of section " + i, o.mid(), a.mid());
            if (a.port() != 0) {
                accepted.add(a.mid());
            }
        }
        FuzzChecks.check(!accepted.isEmpty(), "an answer without an accepted section");
        FuzzChecks.same("BUNDLE group", accepted, neg.bundleMids());
        FuzzChecks.same("answer's BUNDLE group", accepted,
                answer.sdp().bundleGroup().orElseThrow(() -> new AssertionError("no BUNDLE group")).mids());
        for (int i = 0; i < neg.media().size(); i++) {
            NegotiatedMedia m = neg.media().get(i);
            FuzzChecks.same("negotiated mid " + i, accepted.get(i), m.mid());
            checkMedia(offer.mediaByMid(m.mid()).orElseThrow(), m, role, sends);
        }
    }

    private static void checkMedia(MediaDescription offered, NegotiatedMedia m, ParticipantRole role,
                                   Map<String, SendStream> sends) {
        FuzzChecks.check(!m.codecs().isEmpty(), "accepted section " + m.mid() + " without a codec");
        Set<Integer> pts = new HashSet<>();
        for (NegotiatedCodec c : m.codecs()) {
            FuzzChecks.check(offered.payloadFormat(c.payloadType()).isPresent(),
                    "payload type " + c.payloadType() + " was not offered in " + m.mid());
            FuzzChecks.check(pts.add(c.payloadType()), "payload type " + c.payloadType() + " twice");
            if (c.rtxPayloadType() != null) {
                FuzzChecks.check(offered.payloadFormat(c.rtxPayloadType()).isPresent(),
                        "RTX payload type " + c.rtxPayloadType() + " was not offered in " + m.mid());
                FuzzChecks.check(pts.add(c.rtxPayloadType()), "RTX payload type " + c.rtxPayloadType() + " twice");
            }
        }
        Set<Integer> ids = new HashSet<>(m.headerExtensions().values());
        FuzzChecks.same("distinct header extension ids in " + m.mid(), m.headerExtensions().size(), ids.size());
        if (m.localSend() != null) {
            FuzzChecks.check(role == ParticipantRole.VIEWER, "the SFU sends to a presenter on " + m.mid());
            FuzzChecks.check(m.direction().sends(), "a send stream on a section that does not send: " + m.mid());
            FuzzChecks.same("send SSRC of " + m.mid(), sends.get(m.mid()).ssrc(), m.localSend().ssrc());
        } else {
            FuzzChecks.check(!m.direction().sends(), "section " + m.mid() + " sends without a stream");
        }
    }

    /** One SSRC (and RTX SSRC for video) per receiving audio or video section, as the engine's admission gives. */
    private static Map<String, SendStream> sendStreams(SessionDescription offer) {
        Map<String, SendStream> sends = new LinkedHashMap<>();
        long ssrc = 1000;
        for (MediaDescription m : offer.media()) {
            boolean audio = MediaDescription.AUDIO.equals(m.media());
            if (m.mid() == null || m.isRejected() || !m.effectiveDirection().receives()
                    || (!audio && !MediaDescription.VIDEO.equals(m.media()))) {
                continue;
            }
            sends.put(m.mid(), new SendStream(ssrc, audio ? null : ssrc + 1, "family-meeting",
                    (audio ? "audio" : "video") + sends.size(), "family-meeting-sfu"));
            ssrc += 2;
        }
        return sends;
    }

    private static CodecPreferences withDefaults(SupportedCodec... first) {
        List<SupportedCodec> all = new ArrayList<>(Arrays.asList(first));
        all.addAll(CodecPreferences.DEFAULT.codecs());
        return new CodecPreferences(all);
    }
}
