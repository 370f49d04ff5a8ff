package io.familymeeting.media.core.sdp;

import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SdpParserTest {

    static List<String> fixtures() {
        return Fixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTripKeepsTheModel(String name) throws Exception {
        SessionDescription first = Fixtures.parse(name);
        String written = first.toSdp();
        SessionDescription second = SdpParser.parse(written);
        assertThat(second).isEqualTo(first);
        // writing is deterministic, so a second trip is byte-identical
        assertThat(second.toSdp()).isEqualTo(written);
        assertThat(written).endsWith("\r\n").doesNotContain("\n\n");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void roundTripKeepsEveryLineOfTheOffer(String name) {
        // Same multiset of lines: the writer may reorder attributes but loses none.
        List<String> original = normalizedLines(Fixtures.text(name));
        List<String> written = normalizedLines(Fixtures.parse(name).toSdp());
        assertThat(written).containsExactlyInAnyOrderElementsOf(original);
    }

    private static List<String> normalizedLines(String sdp) {
        return sdp.lines().filter(l -> !l.isEmpty())
                .map(l -> l.replace("a=msid-semantic: ", "a=msid-semantic:"))
                .sorted().toList();
    }

    /**
     * Long fuzz run finding (SdpParserFuzzTest): untyped lines out of the grammar's order (a k=
     * between i= lines) came back in another order after write and parse. The model keeps them in
     * the order the writer writes, a repeated t= with its r= lines.
     */
    @Test
    void untypedLinesOutOfOrderRoundTripThroughTheWriter() throws Exception {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ni=one\r\nk=prompt\r\ni=two\r\n"
                + "t=0 0\r\nz=0 0\r\nt=1 2\r\nr=7d 1h 0 25h\r\nb=AS:1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nk=clear:x\r\ni=audio\r\n";
        SessionDescription parsed = SdpParser.parse(sdp);
        assertThat(parsed.otherLines()).extracting(SdpLine::toString)
                .containsExactly("i=one", "i=two", "b=AS:1", "t=1 2", "r=7d 1h 0 25h", "z=0 0", "k=prompt");
        assertThat(parsed.media().get(0).otherLines()).extracting(SdpLine::toString).containsExactly("i=audio", "k=clear:x");
        SessionDescription again = SdpParser.parse(parsed.toSdp());
        assertThat(again).isEqualTo(parsed);
        assertThat(again.toSdp()).isEqualTo(parsed.toSdp());
    }

    @Test
    void chromiumPresenterOffer() {
        SessionDescription s = Fixtures.parse("chromium-156-presenter.sdp");
        assertThat(s.origin().username()).isEqualTo("-");
        assertThat(s.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(s.bundleGroup()).get().extracting(Group::mids).isEqualTo(List.of("0", "1"));
        assertThat(s.extmapAllowMixed()).isTrue();
        assertThat(s.msidSemantic().semantic()).isEqualTo("WMS");
        assertThat(s.media()).hasSize(2);

        MediaDescription audio = s.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.iceUfrag()).hasSize(4);
        assertThat(audio.icePwd()).hasSize(24);
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(audio.setup()).isEqualTo(Setup.ACTPASS);
        assertThat(audio.fingerprints()).singleElement().satisfies(f -> {
            assertThat(f.algorithm()).isEqualTo("sha-256");
            assertThat(f.bytes()).hasSize(32);
        });
        assertThat(audio.candidates()).hasSize(2);
        Candidate udp = audio.candidates().get(0);
        assertThat(udp.isUdp()).isTrue();
        assertThat(udp.address()).isEqualTo("127.0.0.1");
        assertThat(udp.port()).isEqualTo(audio.port());
        assertThat(udp.type()).isEqualTo(Candidate.HOST);
        assertThat(udp.extension("generation")).isEqualTo("0");
        assertThat(audio.candidates().get(1).extension("tcptype")).isEqualTo("active");
        PayloadFormat opus = audio.payloadFormat(111).orElseThrow();
        assertThat(opus.rtpMap()).isEqualTo(new RtpMap("opus", 48000, 2));
        assertThat(opus.fmtpParameters()).containsEntry("minptime", "10").containsEntry("useinbandfec", "1");
        assertThat(opus.feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(audio.payloadFormat(0).orElseThrow().encodingName()).isEqualTo("PCMU");
        assertThat(audio.extMaps()).extracting(ExtMap::uri).contains(HeaderExtensions.SSRC_AUDIO_LEVEL);
        assertThat(audio.otherAttributeValues("rtcp")).containsExactly("9 IN IP4 0.0.0.0");
        assertThat(audio.otherAttributeValues("rtcp-xr")).containsExactly("rcvr-rtt=all");
        assertThat(audio.msids()).singleElement().satisfies(m -> assertThat(m.trackId()).isNotNull());
        assertThat(audio.ssrcs()).extracting(SsrcAttribute::attribute).containsExactly("cname", "msid");

        MediaDescription video = s.media().get(1);
        assertThat(video.formats()).hasSize(video.payloadFormats().size());
        assertThat(video.ssrcGroups()).singleElement().satisfies(g -> {
            assertThat(g.semantics()).isEqualTo(SsrcGroup.FID);
            assertThat(g.ssrcs()).hasSize(2);
        });
        PayloadFormat h264 = video.payloadFormat(108).orElseThrow();
        assertThat(h264.fmtpParameters()).containsEntry("profile-level-id", "42e01f")
                .containsEntry("packetization-mode", "1");
        assertThat(h264.feedback()).contains(RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR, RtcpFeedback.GOOG_REMB);
        assertThat(video.payloadFormat(97).orElseThrow().fmtp()).isEqualTo("apt=96");
    }

    @Test
    void chromiumSimulcastOffer() {
        MediaDescription video = Fixtures.parse("chromium-156-simulcast.sdp").media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.rids()).extracting(Rid::id).containsExactly("q", "h", "f");
        assertThat(video.rids()).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Rid.Stream.SEND));
        assertThat(video.simulcast().send()).hasSize(3);
        assertThat(video.simulcast().recv()).isEmpty();
        assertThat(video.simulcast().attributeValue()).isEqualTo("send q;h;f");
        assertThat(video.ssrcs()).isEmpty();
    }

    @Test
    void chromiumDataChannelSection() {
        MediaDescription app = Fixtures.parse("chromium-156-datachannel.sdp").media().get(2);
        assertThat(app.media()).isEqualTo(MediaDescription.APPLICATION);
        assertThat(app.proto()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(app.formats()).containsExactly("webrtc-datachannel");
        assertThat(app.payloadFormats()).isEmpty();
        assertThat(app.sctpPort()).isEqualTo(5000);
        assertThat(app.maxMessageSize()).isEqualTo(262144L);
    }

    @Test
    void firefoxOfferHasSessionLevelFingerprintAndDirectionalExtmap() {
        SessionDescription s = Fixtures.parse("firefox-128-presenter.sdp");
        assertThat(s.fingerprints()).hasSize(1);
        assertThat(s.media().get(0).fingerprints()).isEmpty();
        assertThat(s.msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of("*")));
        assertThat(s.iceOptions()).containsExactly("trickle");
        MediaDescription audio = s.media().get(0);
        assertThat(audio.endOfCandidates()).isTrue();
        assertThat(audio.candidates().get(0).transport()).isEqualTo("UDP");
        assertThat(audio.extMaps()).contains(new ExtMap(2, Direction.RECVONLY,
                "urn:ietf:params:rtp-hdrext:csrc-audio-level", null));
        assertThat(audio.payloadFormat(101).orElseThrow().fmtp()).isEqualTo("0-15");
        assertThat(audio.payloadFormat(9).orElseThrow().rtpMap().channels()).isEqualTo(1);
    }

    @Test
    void safariOfferHasMdnsCandidate() {
        Candidate c = Fixtures.parse("safari-17-presenter.sdp").media().get(0).candidates().get(0);
        assertThat(c.address()).endsWith(".local");
        assertThat(c.extension("network-cost")).isEqualTo("999");
    }

    /** RFC 8866 §5 example: every line typed or kept, written back byte for byte. */
    @Test
    void rfc8866ExampleWritesBackIdentically() throws Exception {
        String rfc = String.join("\r\n",
                "v=0",
                "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
                "s=Call to John Smith",
                "i=SDP Offer #1",
                "u=http://www.jdoe.example.com/home.html",
                "e=Jane Doe <jane@jdoe.example.com>",
                "p=+1 617 555-6011",
                "c=IN IP4 198.51.100.1",
                "t=0 0",
                "m=audio 49170 RTP/AVP 0",
                "m=audio 49180 RTP/AVP 0",
                "m=video 51372 RTP/AVP 99",
                "c=IN IP6 2001:db8::2",
                "a=rtpmap:99 h263-1998/90000") + "\r\n";
        SessionDescription s = SdpParser.parse(rfc);
        assertThat(s.origin().sessionVersion()).isEqualTo("3724394405");
        assertThat(s.sessionName()).isEqualTo("Call to John Smith");
        assertThat(s.connection().address()).isEqualTo("198.51.100.1");
        assertThat(s.media().get(2).connection()).isEqualTo(new Connection("IN", "IP6", "2001:db8::2"));
        assertThat(s.media().get(2).payloadFormat(99).orElseThrow().rtpMap().encodingName()).isEqualTo("h263-1998");
        assertThat(s.toSdp()).isEqualTo(rfc);
    }

    @Test
    void acceptsLfLineEndsAndKeepsUnknownAttributes() throws Exception {
        String sdp = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\na=x-session-thing:42\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:a\na=x-custom\na=x-value:1 2 3\na=rtpmap:111 opus/48000/2\n"
                + "a=fmtp:112 not-in-m-line\n";
        SessionDescription s = SdpParser.parse(sdp);
        assertThat(s.otherAttributes()).containsExactly(new Attribute("x-session-thing", "42"));
        assertThat(s.media().get(0).otherAttributes()).containsExactly(
                new Attribute("x-custom", null), new Attribute("x-value", "1 2 3"), new Attribute("fmtp", "112 not-in-m-line"));
        assertThat(s.toSdp()).contains("a=x-custom\r\n", "a=x-value:1 2 3\r\n", "a=x-session-thing:42\r\n",
                "a=fmtp:112 not-in-m-line\r\n");
    }
}
