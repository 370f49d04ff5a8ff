package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.TrackKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transport, Session, URLs, requests, authentication and a real camera SDP (GStreamer's). */
class RtspHeadersTest {
    static final String GSTREAMER_SDP = """
            v=0\r
            o=- 15467007503427784063 1 IN IP4 127.0.0.1\r
            s=Session streamed with GStreamer\r
            i=rtsp-server\r
            t=0 0\r
            a=tool:GStreamer\r
            a=type:broadcast\r
            a=control:*\r
            a=range:npt=now-\r
            m=video 0 RTP/AVP 96\r
            c=IN IP4 0.0.0.0\r
            b=AS:614\r
            a=rtpmap:96 H264/90000\r
            a=framerate:30\r
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADdoFB+wFqDAwNSgAAAMACAAAAwHkeKFV,aM48gA==;profile-level-id=42c00d;level-asymmetry-allowed=1\r
            a=control:stream=0\r
            a=ts-refclk:local\r
            a=mediaclk:sender\r
            a=ssrc:526975824 cname:user140318660@host-b2cad00d\r
            m=audio 0 RTP/AVP 0\r
            c=IN IP4 0.0.0.0\r
            b=AS:64\r
            a=rtpmap:0 PCMU/8000\r
            a=control:stream=1\r
            """;

    @Test
    void transportRequestsAndReplies() {
        assertThat(TransportHeader.interleaved(2).requestValue()).isEqualTo("RTP/AVP/TCP;unicast;interleaved=2-3");
        assertThat(TransportHeader.udp(5000, 5001).requestValue()).isEqualTo("RTP/AVP;unicast;client_port=5000-5001");
        assertThat(TransportHeader.parseReply("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1F6A0B5D;mode=\"PLAY\""))
                .isEqualTo(new TransportHeader(true, 0, 1, 0x1F6A0B5DL));
        assertThat(TransportHeader.parseReply("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971"))
                .isEqualTo(new TransportHeader(false, 6970, 6971, -1));
        assertThat(TransportHeader.parseReply("RTP/AVP;unicast;server_port=7000")).isEqualTo(new TransportHeader(false, 7000, 7001, -1));
        assertThat(TransportHeader.parseReply("RTP/AVP;unicast;server_port=x-y")).isNull();
        assertThat(TransportHeader.parseReply(null)).isNull();
    }

    @Test
    void sessionHeader() {
        assertThat(SessionHeader.parse("47112344;timeout=30")).isEqualTo(new SessionHeader("47112344", 30));
        assertThat(SessionHeader.parse("abc")).isEqualTo(new SessionHeader("abc", 60));
        assertThat(SessionHeader.parse("abc;timeout=x")).isEqualTo(new SessionHeader("abc", 60));
        assertThat(SessionHeader.parse("")).isNull();
    }

    @Test
    void urlsLoseTheirCredentials() {
        RtspUrl u = RtspUrl.parse("rtsp://admin:p%40ss@192.0.2.10/Streaming/Channels/101?transport=tcp");
        assertThat(u.host()).isEqualTo("192.0.2.10");
        assertThat(u.port()).isEqualTo(554);
        assertThat(u.uri()).isEqualTo("rtsp://192.0.2.10/Streaming/Channels/101?transport=tcp");
        assertThat(u.user()).isEqualTo("admin");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(RtspUrl.parse("rtsp://127.0.0.1:8554/cam").uri()).isEqualTo("rtsp://127.0.0.1:8554/cam");
        assertThatThrownBy(() -> RtspUrl.parse("http://cam/")).isInstanceOf(IllegalArgumentException.class);
        // Fuzzing finding (RtspStreamFuzzTest): the message quotes the URL printably, not the URI parser's echo.
        assertThatThrownBy(() -> RtspUrl.parse("rtsp://127.0.0.1:8554/\ram/c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a URL (Illegal character in path at index 22): rtsp://127.0.0.1:8554/?am/c");
        assertThatThrownBy(() -> RtspUrl.parse("rtsp:///nohost")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RtspUrl.resolveControl("rtsp://h/cam/", "stream=0")).isEqualTo("rtsp://h/cam/stream=0");
        assertThat(RtspUrl.resolveControl("rtsp://h/cam", "trackID=1")).isEqualTo("rtsp://h/cam/trackID=1");
        assertThat(RtspUrl.resolveControl("rtsp://h/cam", "rtsp://h/other")).isEqualTo("rtsp://h/other");
        assertThat(RtspUrl.resolveControl("rtsp://h/cam", "*")).isEqualTo("rtsp://h/cam");
    }

    @Test
    void requestBytes() {
        RtspRequest r = new RtspRequest("SETUP", "rtsp://h/cam/stream=0", 3,
                new RtspHeaders().add("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertThat(new String(r.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(
                "SETUP rtsp://h/cam/stream=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"
                        + "User-Agent: family-meeting-sfu\r\n\r\n");
    }

    @Test
    void digestResponseOfRfc2617Section35() {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life" → 6629fae49393a05397450978507c4ef1
        assertThat(Authenticator.digestResponse("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void digestResponseOfRfc7616Section391Sha256() {
        // RFC 7616 §3.9.1 (SHA-256): 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1
        assertThat(Authenticator.digestResponse("SHA-256", "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
                "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void challengesArePickedAndAnswered() {
        Authenticator a = new Authenticator("user", "pw");
        assertThat(a.authorization("DESCRIBE", "rtsp://h/")).isNull();
        assertThat(a.onChallenge(java.util.List.of("Basic realm=\"x\"",
                "Digest realm=\"cam\", nonce=\"n1\", qop=\"auth\", opaque=\"op\""))).isTrue();
        String h = a.authorization("DESCRIBE", "rtsp://h/");
        assertThat(h).startsWith("Digest username=\"user\", realm=\"cam\", nonce=\"n1\", uri=\"rtsp://h/\"")
                .contains("qop=auth, nc=00000001", "opaque=\"op\"");
        assertThat(a.authorization("SETUP", "rtsp://h/")).contains("nc=00000002");

        Authenticator noQop = new Authenticator("user", "pw");
        noQop.onChallenge(java.util.List.of("Digest realm=\"cam\", nonce=\"n1\""));
        assertThat(noQop.authorization("DESCRIBE", "rtsp://h/")).contains("response=\""
                + Authenticator.digestResponse("MD5", "user", "cam", "pw", "DESCRIBE", "rtsp://h/", "n1", null, null) + "\"");

        Authenticator basic = new Authenticator("Aladdin", "open sesame");
        basic.onChallenge(java.util.List.of("Basic realm=\"WallyWorld\""));
        // RFC 7617 §2 example
        assertThat(basic.authorization("DESCRIBE", "rtsp://h/")).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

        assertThat(new Authenticator(null, null).onChallenge(java.util.List.of("Basic realm=\"x\""))).isFalse();
        assertThat(new Authenticator("u", "p").onChallenge(java.util.List.of("Negotiate abc"))).isFalse();
    }

    @Test
    void gstreamerDescribeIsReadWithTheSdpModel() throws Exception {
        CameraDescription d = CameraDescription.parse(GSTREAMER_SDP, "rtsp://127.0.0.1:8554/h264pcmu/");
        assertThat(d.video().kind()).isEqualTo(TrackKind.VIDEO);
        assertThat(d.video().control()).isEqualTo("rtsp://127.0.0.1:8554/h264pcmu/stream=0");
        assertThat(d.video().supported()).isTrue();
        assertThat(d.video().describe()).isEqualTo("H264 42c00d");
        assertThat(d.audio().control()).isEqualTo("rtsp://127.0.0.1:8554/h264pcmu/stream=1");
        assertThat(d.audio().describe()).isEqualTo("PCMU/8000");
        assertThat(d.summary()).isEqualTo("H264 42c00d + PCMU/8000");
    }

    @Test
    void unsupportedCodecsAreMarked() throws Exception {
        String h265 = GSTREAMER_SDP.replace("H264/90000", "H265/90000").replace("a=rtpmap:0 PCMU/8000",
                "a=rtpmap:0 MPEG4-GENERIC/48000/2");
        CameraDescription d = CameraDescription.parse(h265, "rtsp://h/x");
        assertThat(d.video().supported()).isFalse();
        assertThat(d.audio().supported()).isFalse();
        assertThat(d.summary()).isEqualTo("unsupported H265/90000 + unsupported MPEG4-GENERIC/48000/2");
        String mjpeg = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=control:track1\r\n";
        CameraDescription j = CameraDescription.parse(mjpeg, "rtsp://h/x");
        assertThat(j.video().encoding()).isEqualTo("JPEG");
        assertThat(j.video().supported()).isFalse();
        assertThat(j.video().control()).isEqualTo("rtsp://h/x/track1");
    }
}
