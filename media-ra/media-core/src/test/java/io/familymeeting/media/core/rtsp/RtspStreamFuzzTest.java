package io.familymeeting.media.core.rtsp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of what a camera sends on the RTSP control connection, read
 * as the camera session reads it: {@link RtspStreamParser} (responses, requests from the camera,
 * interleaved frames), and in each message the headers the client interprets ({@link
 * SessionHeader}, {@link TransportHeader}, {@code WWW-Authenticate} through {@link Authenticator},
 * {@code Content-Base} through {@link RtspUrl}) and the DESCRIBE body ({@link CameraDescription}).
 * Invariants: the parser throws only {@link RtspProtocolException} and the body of a DESCRIBE
 * only {@link SdpParseException}, with short messages; the same bytes give the same items
 * whether they arrive at once, byte by byte or in 7-byte pieces; frames lie in the parser's
 * buffer and a message's body has its Content-Length; no field holds a CR, LF or NUL (RFC 9110
 * §5.5); header readers throw nothing; the Authorization the client would send holds no line break.
 */
class RtspStreamFuzzTest {
    private static final String OPTIONS_OK = "RTSP/1.0 200 OK\r\nCSeq: 1\r\n"
            + "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, GET_PARAMETER\r\n\r\n";
    private static final String CHALLENGE = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
            + "WWW-Authenticate: Digest realm=\"cam\", nonce=\"0a4f113b\", qop=\"auth\", algorithm=SHA-256\r\n"
            + "WWW-Authenticate: Basic realm=\"cam\"\r\n\r\n";
    private static final String SETUP_OK = "RTSP/1.0 200 OK\r\nCSeq: 4\r\n"
            + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1F6A0B5D;mode=\"PLAY\"\r\n"
            + "Session: 47112344;timeout=30\r\n\r\n";
    private static final String KEEP_ALIVE = "GET_PARAMETER rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 9\r\n\r\n";

    static Stream<byte[]> streams() {
        String describe = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Type: application/sdp\r\n"
                + "Content-Base: rtsp://127.0.0.1:8554/cam/\r\nContent-Length: "
                + RtspHeadersTest.GSTREAMER_SDP.length() + "\r\n\r\n" + RtspHeadersTest.GSTREAMER_SDP;
        byte[] frames = Hex.bytes("24 00 00 0c 80 60 00 01 00 00 00 00 11 22 33 44  24 01 00 00");
        return Stream.of(ascii(OPTIONS_OK), ascii(CHALLENGE), ascii(describe), ascii(SETUP_OK),
                concat(ascii(SETUP_OK), frames, ascii(KEEP_ALIVE), frames),
                ascii(RtspStreamParserTest.DESCRIBE_OK + OPTIONS_OK));
    }

    @MethodSource("streams")
    @FuzzTest
    void readControlConnection(byte[] stream) {
        List<String> whole = read(stream, stream.length);
        FuzzChecks.same("items read byte by byte", whole, read(stream, 1));
        FuzzChecks.same("items read in 7-byte pieces", whole, read(stream, 7));
    }

    /** The items (and the error that ended the stream, if any) when {@code stream} arrives in pieces. */
    private static List<String> read(byte[] stream, int piece) {
        RtspStreamParser parser = new RtspStreamParser();
        Recorder recorder = new Recorder();
        try {
            for (int at = 0; at < stream.length; at += piece) {
                int n = Math.min(piece, stream.length - at);
                FuzzChecks.check(parser.feed(stream, at, n), "the parser has no room for " + n + " bytes");
                while (parser.next(recorder)) {
                    FuzzChecks.check(parser.buffered() >= 0, "negative buffered bytes");
                }
            }
        } catch (RtspProtocolException e) {
            FuzzChecks.userMessage(e);
            recorder.items.add("error: " + e.getMessage());
        }
        return recorder.items;
    }

    private static final class Recorder implements RtspStreamParser.Handler {
        final List<String> items = new ArrayList<>();

        @Override
        public void onFrame(int channel, byte[] buf, int off, int len) {
            FuzzChecks.inside(off, len, buf.length, "interleaved frame");
            FuzzChecks.check(channel >= 0 && channel < 256 && len <= 0xFFFF, "frame header");
            items.add("$" + channel + ":" + Hex.hex(buf, off, len));
        }

        @Override
        public void onMessage(RtspResponse m) {
            FuzzChecks.check(m.isRequest() ? m.status() == 0 : m.status() >= 100 && m.status() <= 599, "status " + m);
            FuzzChecks.same("body length", Math.max(0, m.headers().getInt("Content-Length", 0)), m.body().length);
            StringBuilder fields = new StringBuilder();
            m.headers().appendTo(fields);
            String text = fields.toString().replace("\r\n", "\n");
            FuzzChecks.check(text.indexOf('\r') < 0 && text.indexOf('\0') < 0
                    && text.chars().filter(c -> c == '\n').count() == m.headers().size(), "a CR, LF or NUL in a field");
            interpret(m);
            items.add(m + " " + m.cseq() + " " + m.headers() + " " + Hex.hex(m.body(), 0, m.body().length));
        }
    }

    /** What the camera session reads of a message. */
    private static void interpret(RtspResponse m) {
        SessionHeader session = SessionHeader.parse(m.headers().get("Session"));
        if (session != null) {
            FuzzChecks.check(session.timeoutSeconds() > 0, "session timeout " + session.timeoutSeconds());
        }
        TransportHeader.parseReply(m.headers().get("Transport"));
        Authenticator auth = new Authenticator("admin", "secret");
        if (auth.onChallenge(m.headers().all("WWW-Authenticate"))) {
            String authorization = auth.authorization("DESCRIBE", "rtsp://127.0.0.1:8554/cam");
            FuzzChecks.check(authorization != null && authorization.indexOf('\r') < 0 && authorization.indexOf('\n') < 0,
                    "Authorization header with a line break: " + authorization);
        }
        String base = m.headers().get("Content-Base");
        if (base != null) {
            try {
                RtspUrl.parse(base);
            } catch (IllegalArgumentException e) {
                FuzzChecks.userMessage(e);
            }
        }
        if (m.body().length > 0) {
            try {
                CameraDescription.parse(m.bodyText(), base == null ? "rtsp://127.0.0.1:8554/cam" : base).summary();
            } catch (SdpParseException e) {
                FuzzChecks.userMessage(e);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
