package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 2326 §7 responses and §10.12 interleaved frames, whole, split, truncated and oversized. */
class RtspStreamParserTest {
    static final String DESCRIBE_OK = "RTSP/1.0 200 OK\r\n"
            + "CSeq: 2\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Base: rtsp://127.0.0.1:8554/cam/\r\n"
            + "Content-Length: 11\r\n"
            + "\r\n"
            + "v=0\r\no=- \r\n";

    private final List<String> items = new ArrayList<>();
    private final List<RtspResponse> messages = new ArrayList<>();
    private final RtspStreamParser parser = new RtspStreamParser();
    private final RtspStreamParser.Handler handler = new RtspStreamParser.Handler() {
        @Override
        public void onFrame(int channel, byte[] buf, int off, int len) {
            items.add("$" + channel + ":" + Hex.hex(buf, off, len));
        }

        @Override
        public void onMessage(RtspResponse message) {
            messages.add(message);
            items.add(message.toString());
        }
    };

    private void feed(byte[] b) throws RtspProtocolException {
        assertThat(parser.feed(b, 0, b.length)).isTrue();
        while (parser.next(handler)) {
            // drain
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void responseWithBody() throws Exception {
        feed(ascii(DESCRIBE_OK));
        assertThat(messages).hasSize(1);
        RtspResponse r = messages.get(0);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.cseq()).isEqualTo(2);
        assertThat(r.headers().get("content-base")).isEqualTo("rtsp://127.0.0.1:8554/cam/");
        assertThat(r.bodyText()).isEqualTo("v=0\r\no=- \r\n");
        assertThat(parser.buffered()).isZero();
    }

    @Test
    void interleavedFramesBetweenMessages() throws Exception {
        feed(Hex.bytes("""
                24 00 00 04 80 60 00 01   # '$', channel 0, length 4, data
                24 01 00 00               # channel 1, empty frame
                """));
        feed(ascii("RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 1234;timeout=60\r\n\r\n"));
        feed(Hex.bytes("24 02 00 02 ab cd"));
        assertThat(items).containsExactly("$0:80600001", "$1:", "200 OK", "$2:abcd");
        assertThat(SessionHeader.parse(messages.get(0).headers().get("Session")))
                .isEqualTo(new SessionHeader("1234", 60));
    }

    @Test
    void everySplitPointGivesTheSameItems() throws Exception {
        byte[] frame = Hex.bytes("24 00 00 03 01 02 03");
        byte[] message = ascii(DESCRIBE_OK);
        byte[] all = new byte[frame.length + message.length + frame.length];
        System.arraycopy(frame, 0, all, 0, frame.length);
        System.arraycopy(message, 0, all, frame.length, message.length);
        System.arraycopy(frame, 0, all, frame.length + message.length, frame.length);
        for (int split = 0; split <= all.length; split++) {
            items.clear();
            RtspStreamParser p = new RtspStreamParser();
            p.feed(all, 0, split);
            while (p.next(handler)) {
                // drain
            }
            p.feed(all, split, all.length - split);
            while (p.next(handler)) {
                // drain
            }
            assertThat(items).as("split at %d", split).containsExactly("$0:010203", "200 OK", "$0:010203");
        }
    }

    @Test
    void truncatedInputWaitsForMore() throws Exception {
        feed(Hex.bytes("24 00 05"));
        feed(ascii(""));
        assertThat(items).isEmpty();
        RtspStreamParser p = new RtspStreamParser();
        byte[] head = ascii("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 10\r\n\r\nv=0");
        p.feed(head, 0, head.length);
        assertThat(p.next(handler)).isFalse();
        assertThat(p.buffered()).isEqualTo(head.length);
    }

    @Test
    void foldedHeadersAndBareLineFeeds() throws Exception {
        feed(ascii("RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: Digest realm=\"cam\",\n  nonce=\"abc\"\n"
                + "WWW-Authenticate: Basic realm=\"cam\"\n\n"));
        RtspResponse r = messages.get(0);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().all("www-authenticate")).containsExactly("Digest realm=\"cam\", nonce=\"abc\"",
                "Basic realm=\"cam\"");
    }

    @Test
    void serverRequestsAreRecognized() throws Exception {
        feed(ascii("GET_PARAMETER rtsp://cam/ RTSP/1.0\r\nCSeq: 9\r\n\r\n"));
        assertThat(messages.get(0).isRequest()).isTrue();
        assertThat(messages.get(0).requestMethod()).isEqualTo("GET_PARAMETER");
        assertThat(messages.get(0).cseq()).isEqualTo(9);
    }

    private void parseFresh(byte[] b) throws RtspProtocolException {
        RtspStreamParser p = new RtspStreamParser();
        p.feed(b, 0, b.length);
        while (p.next(handler)) {
            // drain
        }
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> parseFresh(Hex.bytes("00 01 02 03"))).isInstanceOf(RtspProtocolException.class)
                .hasMessageContaining("0x00");
        assertThatThrownBy(() -> parseFresh(ascii("HTTP/1.1 200 OK\r\n\r\n"))).isInstanceOf(RtspProtocolException.class)
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 2x0 OK\r\n\r\n"))).isInstanceOf(RtspProtocolException.class)
                .hasMessageContaining("status");
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 200 OK\r\nno colon here\r\n\r\n")))
                .isInstanceOf(RtspProtocolException.class).hasMessageContaining("header line");
        assertThat(items).isEmpty();
    }

    /** Fuzzing finding (RtspStreamFuzzTest): the excerpt in an error message is printable. */
    @Test
    void errorMessagesShowNoControlCharacters() {
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 200 OK\r\nCSeq: 2\r\n4444S\u0001\u0001orized\r\n\r\n")))
                .isInstanceOf(RtspProtocolException.class)
                .hasMessage("malformed header line: 4444S??orized");
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 2\u001b0 OK\r\n\r\n")))
                .isInstanceOf(RtspProtocolException.class).hasMessage("malformed status code: RTSP/1.0 2?0 OK");
    }

    /**
     * Fuzzing finding (RtspStreamFuzzTest): a bare CR or a NUL inside a field becomes a space
     * (RFC 9110 §5.5), so a value the client sends back (Session, Content-Base) holds no line break.
     */
    @Test
    void bareCarriageReturnsAndNulsInFieldsBecomeSpaces() throws Exception {
        feed(ascii("RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 1234\rTEARDOWN x RTSP/1.0\r\n"
                + "Content-Base: rtsp://127.0.0.1:8554/\ram/\u0000c\r\n\r\n"));
        RtspResponse r = messages.get(0);
        assertThat(r.headers().get("Session")).isEqualTo("1234 TEARDOWN x RTSP/1.0");
        assertThat(r.headers().get("Content-Base")).isEqualTo("rtsp://127.0.0.1:8554/ am/ c");
    }

    @Test
    void oversizedHeadIsRefused() {
        StringBuilder sb = new StringBuilder("RTSP/1.0 200 OK\r\n");
        while (sb.length() <= RtspStreamParser.MAX_HEAD_BYTES) {
            sb.append("X-Padding: ").append("a".repeat(100)).append("\r\n");
        }
        assertThatThrownBy(() -> feed(ascii(sb.toString()))).isInstanceOf(RtspProtocolException.class)
                .hasMessageContaining("head longer");
    }

    @Test
    void oversizedBodyIsRefused() {
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 10000000\r\n\r\n")))
                .isInstanceOf(RtspProtocolException.class).hasMessageContaining("over the limit");
        assertThatThrownBy(() -> parseFresh(ascii("RTSP/1.0 200 OK\r\nContent-Length: -5\r\n\r\n")))
                .isInstanceOf(RtspProtocolException.class);
    }

    @Test
    void largestInterleavedFrameFits() throws Exception {
        byte[] frame = new byte[4 + 0xFFFF];
        frame[0] = '$';
        frame[1] = 7;
        frame[2] = (byte) 0xFF;
        frame[3] = (byte) 0xFF;
        feed(frame);
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).startsWith("$7:");
        assertThat(items.get(0).length()).isEqualTo(3 + 2 * 0xFFFF);
    }

    @Test
    void randomBytesEitherParseOrFailCleanly() {
        Random r = new Random(2326);
        for (int i = 0; i < 5_000; i++) {
            RtspStreamParser p = new RtspStreamParser();
            byte[] junk = new byte[r.nextInt(200)];
            r.nextBytes(junk);
            if (r.nextBoolean() && junk.length > 0) {
                junk[0] = (byte) (r.nextBoolean() ? '$' : 'R');
            }
            p.feed(junk, 0, junk.length);
            try {
                while (p.next(handler)) {
                    // drain
                }
            } catch (RtspProtocolException expected) {
                // fine: refused, not crashed
            }
        }
    }
}
