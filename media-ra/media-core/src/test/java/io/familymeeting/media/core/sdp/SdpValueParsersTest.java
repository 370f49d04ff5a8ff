package io.familymeeting.media.core.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table-driven tests of the typed attribute grammars. */
class SdpValueParsersTest {

    @Test
    void candidateWithRelatedAddressAndExtensions() throws Exception {
        // RFC 8839 §5.1 shape, srflx with raddr/rport
        Candidate c = Candidate.parse("a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx "
                + "raddr 192.168.1.5 rport 46154 generation 0 ufrag EsAw network-cost 999");
        assertThat(c.foundation()).isEqualTo("842163049");
        assertThat(c.component()).isEqualTo(1);
        assertThat(c.priority()).isEqualTo(1677729535L);
        assertThat(c.type()).isEqualTo(Candidate.SRFLX);
        assertThat(c.relatedAddress()).isEqualTo("192.168.1.5");
        assertThat(c.relatedPort()).isEqualTo(46154);
        assertThat(c.extensions()).containsExactly(new Candidate.Extension("generation", "0"),
                new Candidate.Extension("ufrag", "EsAw"), new Candidate.Extension("network-cost", "999"));
        assertThat(Candidate.parse(c.attributeValue())).isEqualTo(c);
        assertThat(Candidate.parse("candidate:" + c.attributeValue())).isEqualTo(c);
    }

    @Test
    void candidateIpv6AndMaxPriority() throws Exception {
        Candidate c = Candidate.parse("1 1 UDP 4294967295 ::1 10000 typ host");
        assertThat(c.address()).isEqualTo("::1");
        assertThat(c.priority()).isEqualTo(0xFFFFFFFFL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 1 udp 100 1.2.3.4 5 host|typ",
            "1 1 udp 100 1.2.3.4 70000 typ host|port",
            "1 0 udp 100 1.2.3.4 5 typ host|component",
            "1 1 udp 4294967296 1.2.3.4 5 typ host|priority",
            "1 1 udp x 1.2.3.4 5 typ host|priority",
            "1 1 udp 100 1.2.3.4 5 typ host generation|extension name without a value",
            "f*o 1 udp 100 1.2.3.4 5 typ host|foundation",
            "1 1 udp 100|typ",
    })
    void badCandidates(String text, String expected) {
        assertThatThrownBy(() -> Candidate.parse(text)).isInstanceOf(SdpParseException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 urn:ietf:params:rtp-hdrext:sdes:mid|1||urn:ietf:params:rtp-hdrext:sdes:mid|",
            "6/recvonly http://x/playout-delay|6|RECVONLY|http://x/playout-delay|",
            "200 urn:x ext attr|200||urn:x|ext attr",
    })
    void extmap(String text, int id, Direction dir, String uri, String attrs) {
        ExtMap e = ExtMap.parse(text);
        assertThat(e).isEqualTo(new ExtMap(id, dir, uri, attrs));
        assertThat(ExtMap.parse(e.attributeValue())).isEqualTo(e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 urn:x|out of range",
            "256 urn:x|out of range",
            "1/sideways urn:x|direction",
            "1|must be",
    })
    void badExtmap(String text, String expected) {
        assertThatThrownBy(() -> ExtMap.parse(text)).hasMessageContaining(expected);
    }

    @Test
    void ridWithPayloadTypesAndRestrictions() {
        // RFC 8851 §11 example shape
        Rid r = Rid.parse("1 send pt=97,98;max-width=1280;max-height=720");
        assertThat(r.id()).isEqualTo("1");
        assertThat(r.direction()).isEqualTo(Rid.Stream.SEND);
        assertThat(r.payloadTypes()).containsExactly(97, 98);
        assertThat(r.restrictions()).containsExactly(new Rid.Restriction("max-width", "1280"),
                new Rid.Restriction("max-height", "720"));
        assertThat(r.attributeValue()).isEqualTo("1 send pt=97,98;max-width=1280;max-height=720");
        assertThat(Rid.parse("q recv")).isEqualTo(Rid.of("q", Rid.Stream.RECV));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q|must be",
            "q sideways|send' or 'recv",
            "q! send|may only contain",
            "q send pt=|no payload type",
            "q send pt=300|out of range",
            "q send max-width=1;;|empty parameter",
    })
    void badRids(String text, String expected) {
        assertThatThrownBy(() -> Rid.parse(text)).hasMessageContaining(expected);
    }

    @Test
    void simulcastWithAlternativesAndPausedStreams() {
        // RFC 8853 §5.1 example: "send 1;~4 recv 2,3"
        Simulcast s = Simulcast.parse("send 1;~4 recv 2,3");
        assertThat(s.send()).containsExactly(
                new Simulcast.SimulcastStream(List.of(new Simulcast.RidRef("1", false))),
                new Simulcast.SimulcastStream(List.of(new Simulcast.RidRef("4", true))));
        assertThat(s.recv()).containsExactly(new Simulcast.SimulcastStream(
                List.of(new Simulcast.RidRef("2", false), new Simulcast.RidRef("3", false))));
        assertThat(s.attributeValue()).isEqualTo("send 1;~4 recv 2,3");
        assertThat(Simulcast.parse("recv a send b").attributeValue()).isEqualTo("send b recv a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "send|must be",
            "send a;;b|rid id",
            "send a send b|once each",
            "up a|direction",
    })
    void badSimulcast(String text, String expected) {
        assertThatThrownBy(() -> Simulcast.parse(text)).hasMessageContaining(expected);
    }

    @Test
    void fingerprintHexAndBytes() {
        Fingerprint f = Fingerprint.parse("SHA-256 0a:1B:ff");
        assertThat(f.algorithm()).isEqualTo("sha-256");
        assertThat(f.value()).isEqualTo("0A:1B:FF");
        assertThat(f.bytes()).containsExactly(0x0a, 0x1b, 0xff);
        assertThat(Fingerprint.of("sha-256", new byte[]{1, (byte) 0xab})).isEqualTo(new Fingerprint("sha-256", "01:AB"));
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 0A1B")).hasMessageContaining("hex");
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 0G:1B")).hasMessageContaining("hex");
        assertThatThrownBy(() -> Fingerprint.parse("sha-256")).hasMessageContaining("hash function");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42e01f|66|224|31",
            "640c1f|100|12|31",
            "4D001F|77|0|31",
    })
    void h264ProfileLevelId(String hex, int idc, int iop, int level) {
        H264ProfileLevelId p = H264ProfileLevelId.parse(hex);
        assertThat(p).isEqualTo(new H264ProfileLevelId(idc, iop, level));
        assertThat(p.hex()).isEqualToIgnoringCase(hex);
    }

    @Test
    void h264ProfileMatchingIgnoresLevelOnly() {
        H264ProfileLevelId cb31 = H264ProfileLevelId.parse("42e01f");
        assertThat(cb31.sameProfile(H264ProfileLevelId.parse("42e034"))).isTrue();
        assertThat(cb31.sameProfile(H264ProfileLevelId.parse("42001f"))).isFalse();
        assertThat(cb31.sameProfile(H264ProfileLevelId.parse("4d001f"))).isFalse();
        assertThat(H264ProfileLevelId.parse(null)).isEqualTo(H264ProfileLevelId.DEFAULT);
    }

    @Test
    void ssrcAndGroups() {
        assertThat(SsrcAttribute.parse("4294967295 msid:a b")).isEqualTo(new SsrcAttribute(0xFFFFFFFFL, "msid", "a b"));
        assertThat(SsrcAttribute.parse("1 foo")).isEqualTo(new SsrcAttribute(1, "foo", null));
        assertThat(SsrcGroup.parse("SIM 1 2 3").ssrcs()).containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> SsrcAttribute.parse("4294967296 cname:x")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SsrcGroup.parse("FID")).hasMessageContaining("ssrc-group");
    }

    @Test
    void msidStreamAndOptionalTrack() {
        assertThat(Msid.parse("stream track")).contains(new Msid("stream", "track"));
        assertThat(Msid.parse("  stream  ")).contains(new Msid("stream", null));
        assertThat(Msid.parse("")).isEmpty();
        assertThat(Msid.parse("a b c")).isEmpty();
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=msid:a b c\r\n"))
                .isInstanceOf(SdpParseException.class).hasMessageContaining("msid must be");
    }
}
