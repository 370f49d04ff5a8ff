package io.familymeeting.media.core.sdp;

import io.familymeeting.media.api.MediaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Malformed input: each case fails with SdpParseException naming the line and the fault. */
class SdpParserErrorTest {
    private static final String HEAD = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\n";

    private static SdpParseException fail(String sdp) {
        return catchThrowableOfType(SdpParseException.class, () -> SdpParser.parse(sdp));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // body after HEAD | expected line number | expected text
            "x=1|5|not an SDP line type",
            "garbage|5|not of the form",
            "a=setup:sideways|5|setup must be active",
            "a=group|5|needs a value",
            "a=ice-ufrag:ab|5|4 to 256",
            "a=fingerprint:sha-256 zz|5|hex",
            "m=audio 9 UDP/TLS/RTP/SAVPF|5|m= must be",
            "m=audio 99999 UDP/TLS/RTP/SAVPF 111|5|port 99999 is out of range",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 abc|5|payload type 'abc' is not a number",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 111|5|listed twice",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=mid:0\\na=mid:1|7|second a=mid",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=sendonly\\na=recvonly|7|second direction attribute",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=rtpmap:111 opus|6|rtpmap must be",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=rtpmap:111 opus/48000/2\\na=rtpmap:111 opus/48000/2|7|second rtpmap",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=candidate:1 1 udp 1 1.2.3.4 99999 typ host|6|candidate port 99999",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=extmap:0 urn:x|6|extmap id",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=ssrc:abc cname:x|6|ssrc 'abc' is not a number",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\na=simulcast:send a\\na=simulcast:send b|7|second a=simulcast",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\\nt=0 0|6|only allowed before the first m= line",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\\na=sctp-port:70000|6|sctp-port",
            "c=IN IP4|5|c= must be",
            "t=0 0|5|",
    })
    void lineErrors(String body, int line, String expected) {
        String sdp = HEAD + body.replace("\\n", "\n") + "\n";
        SdpParseException e = fail(sdp);
        if (body.equals("t=0 0")) {
            // A second t= line is legal (RFC 8866 §5.9): no error.
            assertThat(e).isNull();
            return;
        }
        assertThat(e).as(body).isNotNull();
        assertThat(e.lineNumber()).isEqualTo(line);
        assertThat(e.getMessage()).startsWith("SDP line " + line + " ").contains(expected);
        assertThat(e.reason()).isEqualTo(MediaException.Reason.MALFORMED_OFFER);
    }

    @Test
    void emptyAndBlank() {
        assertThat(fail(null).getMessage()).isEqualTo("The SDP is empty.");
        assertThat(fail("").getMessage()).isEqualTo("The SDP is empty.");
        assertThat(fail(" \r\n\n").getMessage()).isEqualTo("The SDP is empty.");
    }

    @Test
    void notAnSdpAtAll() {
        assertThat(fail("{\"type\":\"offer\",\"sdp\":\"v=0...\"}").getMessage())
                .startsWith("This is not an SDP: it must start with the line 'v=0'");
        assertThat(fail("<html><body>502 Bad Gateway</body></html>").lineNumber()).isEqualTo(1);
        assertThat(fail("v=1\no=- 1 1 IN IP4 0.0.0.0\n").getMessage()).contains("v=0");
        assertThat(fail("\u0000\u0001\u0002binary").getMessage()).startsWith("This is not an SDP");
    }

    @Test
    void sizeLimit() {
        String big = HEAD + "a=x:" + "y".repeat(SdpParser.MAX_LENGTH) + "\n";
        SdpParseException e = fail(big);
        assertThat(e.getMessage()).contains("the limit is 65536");
        assertThat(e.lineNumber()).isZero();
    }

    @Test
    void tooManyMediaSections() {
        String sdp = HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\n".repeat(SdpParser.MAX_MEDIA + 1);
        assertThat(fail(sdp).getMessage()).contains("more than " + SdpParser.MAX_MEDIA + " media sections");
    }

    @Test
    void missingMandatoryLines() {
        assertThat(fail("v=0\ns=-\nt=0 0\n").getMessage()).contains("o= line must come right after v=0");
        assertThat(fail("v=0\n").getMessage()).contains("no o= line");
        assertThat(fail("v=0\no=- 1 1 IN IP4 0.0.0.0\nt=0 0\n").getMessage()).contains("no s= line");
        assertThat(fail("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\n").getMessage()).contains("no t= line");
        assertThat(fail("v=0\no=- 1 IN IP4 0.0.0.0\n").getMessage()).contains("o= must have 6 fields");
    }

    @Test
    void truncatedOfferStillParsesUpToTheCut() throws Exception {
        // A cut at a line boundary is a valid, shorter SDP; the answerer decides whether it is usable.
        String full = Fixtures.text("chromium-156-presenter.sdp");
        String cut = full.substring(0, full.indexOf("m=video"));
        assertThat(SdpParser.parse(cut).media()).hasSize(1);
        // A cut inside a typed attribute is reported with its line.
        String mid = full.substring(0, full.indexOf("a=fingerprint") + 20);
        assertThatThrownBy(() -> SdpParser.parse(mid)).isInstanceOf(SdpParseException.class)
                .hasMessageContaining("fingerprint");
    }

    @Test
    void controlCharactersAreRejectedAndNotEchoed() {
        SdpParseException e = fail(HEAD + "a=x:\u0007bell\n");
        assertThat(e.getMessage()).contains("control character").doesNotContain("\u0007");
    }

    @Test
    void longLinesAreShortenedInMessages() {
        SdpParseException e = fail(HEAD + "a=setup:" + "z".repeat(5000) + "\n");
        assertThat(e.getMessage().length()).isLessThan(300);
    }
}
