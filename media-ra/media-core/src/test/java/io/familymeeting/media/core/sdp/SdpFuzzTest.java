package io.familymeeting.media.core.sdp;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.answer.AnswerRequest;
import io.familymeeting.media.core.sdp.answer.SdpAnswerer;
import io.familymeeting.media.core.sdp.answer.SdpNegotiationException;
import io.familymeeting.media.core.sdp.answer.SendStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of the fixtures (truncation, character and line edits, hostile
 * values). The parser may only throw {@link SdpParseException}, the answerer only
 * {@link SdpNegotiationException}; whatever parses must survive a write/parse round trip.
 */
class SdpFuzzTest {
    private static final int ROUNDS_PER_FIXTURE = 400;
    private static final String[] HOSTILE = {
            "", " ", "0", "-1", "127", "128", "65536", "4294967296", "99999999999999999999", "a=", "::", "/",
            "~", ";", ",", "=", "*", "\t", "\u0000", "\u00e9", "\ud83d\ude00", "candidate:", "typ", "raddr",
            "pt=", "send", "recv", "apt=96", "profile-level-id=zzzzzz", "packetization-mode=1", "42e01f",
            "sha-256", "AB:CD", "BUNDLE", "x".repeat(300)};
    private static final String[] EXTRA_LINES = {
            "a=mid:", "a=mid:0", "a=group:BUNDLE", "a=group:BUNDLE 9 9", "a=setup:holdconn", "a=ice-lite",
            "a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8/0", "a=fmtp:96", "a=rtcp-fb:* nack", "a=rtcp-fb:96",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:15/sendonly x", "a=ssrc-group:FID 1",
            "a=ssrc-group:SIM 1 2 3", "a=ssrc:1 cname:x", "a=rid:q send pt=96", "a=rid:q recv",
            "a=simulcast:send q;~h recv f", "a=simulcast:", "a=sctp-port:5000", "a=max-message-size:1",
            "a=candidate:1 1 udp 1 1.1.1.1 1 typ host", "a=end-of-candidates", "a=fingerprint:sha-1 00",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "m=audio 0 UDP/TLS/RTP/SAVPF 0", "c=IN IP6 ::1", "b=AS:30", "t=1 2", "k=prompt", "z=0 0", "v=0"};

    private final SdpAnswerer answerer = new SdpAnswerer();

    @Test
    void mutatedOffersOnlyFailWithTheDocumentedExceptions() {
        long seed = Long.getLong("sdp.fuzz.seed", 0x5D9F0FFEL);
        Random rnd = new Random(seed);
        int parsed = 0;
        int answered = 0;
        for (String name : Fixtures.ALL) {
            String original = Fixtures.text(name);
            for (int i = 0; i < ROUNDS_PER_FIXTURE; i++) {
                String mutant = mutate(original, rnd);
                try {
                    SessionDescription s = SdpParser.parse(mutant);
                    parsed++;
                    if (!SdpParser.parse(s.toSdp()).equals(s)) {
                        throw new AssertionError("round trip changed the model");
                    }
                    for (ParticipantRole role : ParticipantRole.values()) {
                        try {
                            answerer.answer(request(s, role));
                            answered++;
                        } catch (SdpNegotiationException expected) {
                            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                                throw new AssertionError("blank negotiation message");
                            }
                        }
                    }
                } catch (SdpParseException expected) {
                    String msg = expected.getMessage();
                    if (msg == null || msg.isBlank() || msg.length() > 400) {
                        throw new AssertionError("bad parse message: " + msg);
                    }
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("seed " + seed + ", fixture " + name + ", round " + i
                            + " failed with " + e + " on:\n" + mutant, e);
                }
            }
        }
        // The mutations must leave enough valid offers to exercise the answerer too.
        assertThat(parsed).isGreaterThan(Fixtures.ALL.size() * ROUNDS_PER_FIXTURE / 4);
        assertThat(answered).isGreaterThan(Fixtures.ALL.size() * ROUNDS_PER_FIXTURE / 10);
    }

    @Test
    void randomBytesAreRejectedCleanly() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            char[] c = new char[rnd.nextInt(200)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) rnd.nextInt(i % 2 == 0 ? 128 : 0x10000);
            }
            String text = (i % 3 == 0 ? "v=0\n" : "") + new String(c);
            try {
                SdpParser.parse(text);
            } catch (SdpParseException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void mutatedCandidatesOnlyFailWithSdpParseException() {
        Random rnd = new Random(11);
        String base = "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.1 rport 46154 generation 0";
        for (int i = 0; i < 3000; i++) {
            String mutant = mutateChars(base, rnd, 1 + rnd.nextInt(4));
            try {
                Candidate c = Candidate.parse(mutant);
                assertThat(Candidate.parse(c.attributeValue())).isEqualTo(c);
            } catch (SdpParseException expected) {
                assertThat(expected.getMessage()).startsWith("ICE candidate '");
            }
        }
    }

    private static AnswerRequest request(SessionDescription offer, ParticipantRole role) {
        return AnswerRequest.builder(offer, role).iceCredentials("sfu1", "abcdefghijklmnopqrstuvwx")
                .candidates(List.of(Candidate.host("1", "udp", 1, "127.0.0.1", 10000)))
                .fingerprint(Fingerprint.of("sha-256", new byte[32]))
                .sendStream("0", new SendStream(1, 2L, "s", "t0", "c"))
                .sendStream("1", new SendStream(3, 4L, "s", "t1", "c"))
                .build();
    }

    private static String mutate(String sdp, Random rnd) {
        List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r\n", -1)));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = rnd.nextInt(lines.size());
            switch (rnd.nextInt(9)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(rnd.nextInt(lines.size())));
                case 2 -> lines.set(at, mutateChars(lines.get(at), rnd, 1 + rnd.nextInt(3)));
                case 3 -> lines.set(at, replaceToken(lines.get(at), rnd));
                case 4 -> lines.add(at, EXTRA_LINES[rnd.nextInt(EXTRA_LINES.length)]);
                case 5 -> {
                    String l = lines.get(at);
                    lines.set(at, l.substring(0, rnd.nextInt(l.length() + 1)));
                }
                case 6 -> {
                    int other = rnd.nextInt(lines.size());
                    String tmp = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, tmp);
                }
                case 7 -> {
                    String joined = String.join("\r\n", lines);
                    return joined.substring(0, rnd.nextInt(joined.length() + 1));
                }
                default -> lines.set(at, lines.get(at).replace(' ', rnd.nextBoolean() ? '\t' : ' ') + " ");
            }
        }
        return String.join(rnd.nextInt(10) == 0 ? "\n" : "\r\n", lines);
    }

    private static String replaceToken(String line, Random rnd) {
        String[] parts = line.split("((?<=[ :;=/,])|(?=[ :;=/,]))");
        if (parts.length == 0) {
            return line;
        }
        parts[rnd.nextInt(parts.length)] = HOSTILE[rnd.nextInt(HOSTILE.length)];
        return String.join("", parts);
    }

    private static String mutateChars(String s, Random rnd, int n) {
        StringBuilder sb = new StringBuilder(s);
        for (int i = 0; i < n; i++) {
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
            char c = (char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : 0x20 + rnd.nextInt(0x5f));
            switch (rnd.nextInt(3)) {
                case 0 -> sb.insert(at, c);
                case 1 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, c);
                    }
                }
                default -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
            }
        }
        return sb.toString();
    }
}
