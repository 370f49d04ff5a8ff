package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fixtures;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.util.PacketDemux;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of what the engine itself reads of a remote peer's ICE
 * input before ice4j does (ice4j parses STUN itself): the first-byte demultiplexing of a
 * datagram on the media port ({@link PacketDemux}, RFC 7983), and a trickled or offered
 * candidate ({@code a=candidate}, RFC 8839 §5.1) on its way to the ICE agent as the engine
 * converts it (room.Rooms, room.Admission): {@link Candidate}, {@link IceCandidateInfo},
 * {@link IceCandidateType}, {@link IpLiteral}. Invariants: a datagram is at most one of STUN,
 * DTLS, RTP/RTCP, and a class is only claimed when its fixed header fits; a candidate parses
 * back from its own text; only {@link SdpParseException} or IllegalArgumentException (the
 * documented refusals) escape, with short messages; an address taken as an IP literal holds
 * nothing but literal characters (so no name is ever looked up).
 */
class RemoteInputFuzzTest {

    static Stream<byte[]> inputs() {
        Stream<String> candidates = Fixtures.ALL.stream().flatMap(name -> Fixtures.text(name).lines())
                .filter(line -> line.startsWith("a=candidate:"));
        Stream<String> datagrams = Stream.of(
                "000100082112a442000102030405060708090a0b00060004abcd", // STUN Binding request, USERNAME
                "16fefd0000000000000000000d010000", // DTLS handshake record header
                "806f1a2b00003a981122334401020304", // RTP
                "81c9000700000001"); // RTCP RR
        return Stream.concat(candidates.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                datagrams.map(h -> HexFormat.of().parseHex(h)));
    }

    @MethodSource("inputs")
    @FuzzTest
    void datagramAndCandidate(byte[] input) {
        demultiplex(input);
        String text = new String(input, StandardCharsets.UTF_8);
        // As room.Rooms takes a trickled candidate: with or without "a=" and "candidate:".
        if (text.startsWith("a=")) {
            text = text.substring(2);
        }
        if (text.startsWith("candidate:")) {
            text = text.substring("candidate:".length());
        }
        Candidate c;
        try {
            c = Candidate.parse(text);
        } catch (SdpParseException e) {
            FuzzChecks.userMessage(e);
            return;
        }
        try {
            FuzzChecks.same("candidate after write and parse", c, Candidate.parse(c.attributeValue()));
        } catch (SdpParseException e) {
            throw new AssertionError("a candidate's own text does not parse: " + c.attributeValue(), e);
        }
        if (!c.isUdp() || c.address().endsWith(".local")) {
            return;
        }
        IceCandidateInfo info;
        try {
            info = new IceCandidateInfo(c.foundation(), c.component(), "udp", c.priority(), c.address(), c.port(),
                    IceCandidateType.fromSdpName(c.type()), c.relatedAddress(),
                    c.relatedPort() == null ? -1 : c.relatedPort());
        } catch (IllegalArgumentException e) {
            FuzzChecks.userMessage(e);
            return;
        }
        literal(info.address());
        if (info.relatedAddress() != null) {
            literal(info.relatedAddress());
        }
    }

    private static void demultiplex(byte[] b) {
        int len = b.length;
        boolean stun = PacketDemux.isStun(b, 0, len);
        boolean dtls = PacketDemux.isDtls(b, 0, len);
        boolean media = PacketDemux.isRtpOrRtcp(b, 0, len);
        boolean rtcp = PacketDemux.isRtcp(b, 0, len);
        boolean rtp = PacketDemux.isRtp(b, 0, len);
        FuzzChecks.check((stun ? 1 : 0) + (dtls ? 1 : 0) + (media ? 1 : 0) <= 1, "a datagram of two classes");
        FuzzChecks.check(!stun || len >= PacketDemux.STUN_HEADER_LENGTH, "STUN shorter than its header");
        FuzzChecks.check(!dtls || len >= PacketDemux.DTLS_RECORD_HEADER_LENGTH, "DTLS shorter than its header");
        FuzzChecks.check(!media || len >= PacketDemux.RTCP_MIN_LENGTH, "RTP/RTCP shorter than 8 bytes");
        FuzzChecks.check(!rtcp || (media && !rtp), "RTCP outside the RTP/RTCP range, or also RTP");
        FuzzChecks.check(!rtp || (media && len >= PacketDemux.RTP_MIN_LENGTH), "RTP shorter than its header");
    }

    /** An address IpLiteral accepts is written with literal characters only. */
    private static void literal(String address) {
        InetAddress a = IpLiteral.parse(address);
        if (a == null) {
            return;
        }
        for (int i = 0; i < address.length(); i++) {
            char ch = address.charAt(i);
            boolean ok = Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':' || ch == '%' || ch == '[' || ch == ']';
            FuzzChecks.check(ok, "'" + address + "' taken as an IP literal");
        }
    }
}
