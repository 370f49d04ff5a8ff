package io.familymeeting.media.core.sdp.answer;

import com.sun.net.httpserver.HttpServer;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real check of the answerer: headless Chromium makes each offer shape, this test
 * answers it with {@link SdpAnswerer}, and Chromium must accept the answer in
 * setRemoteDescription (and, for a viewer, announce the SFU's tracks). It needs the
 * chromium binary and runs only in a loopback-only network namespace (bin/run-tests
 * makes one), so the browser can reach nothing but 127.0.0.1; elsewhere it is skipped.
 */
class ChromiumAcceptsAnswersTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RESULT = Pattern.compile("RESULT (\\S+) (.*?)\"?, source:");
    private static final String STREAM = "sfu-stream";

    @TempDir
    Path dir;

    private final Map<String, Object> negotiated = new ConcurrentHashMap<>();

    @Test
    void chromiumAcceptsEveryAnswer() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        assumeTrue(onlyLoopback(), "not in a loopback-only network namespace (run bin/run-tests)");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/answer", exchange -> {
            String mode = exchange.getRequestURI().getQuery();
            String offer = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 200;
            String body;
            try {
                Answer answer = answer(mode, offer);
                negotiated.put(mode, answer.negotiated());
                body = answer.sdpText();
            } catch (Exception e) {
                negotiated.put(mode, e);
                status = 400;
                body = e.toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Map<String, String> results = new ConcurrentHashMap<>();
        Path page = dir.resolve("answer-check.html");
        try (var in = getClass().getResourceAsStream("/sdp/answer-check.html")) {
            Files.copy(in, page);
        }
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--allow-loopback-in-peer-connection", "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr", "--v=0",
                page.toUri() + "#" + server.getAddress().getPort())
                .redirectErrorStream(true).start();
        try {
            Thread reader = new Thread(() -> readResults(chromium, results), "chromium-log");
            reader.setDaemon(true);
            reader.start();
            reader.join(TimeUnit.SECONDS.toMillis(90));
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            chromium.waitFor(10, TimeUnit.SECONDS);
            server.stop(0);
        }

        assertThat(results).containsKey("done");
        for (String mode : List.of("presenter", "sendonly", "viewer", "simulcast", "datachannel", "screenshare")) {
            assertThat(results.get(mode)).as(mode).startsWith("accepted");
            assertThat(negotiated.get(mode)).as(mode).isInstanceOf(NegotiatedSession.class);
        }
        assertThat(results.get("presenter")).contains("directions=0=sendonly,1=sendonly");
        assertThat(results.get("viewer")).contains("0=recvonly,1=recvonly", "audio:" + STREAM, "video:" + STREAM);
        assertThat(results.get("screenshare")).contains("2=sendonly");
        assertThat(results.get("datachannel")).contains("0=sendonly,1=sendonly");
        NegotiatedSession simulcast = (NegotiatedSession) negotiated.get("simulcast");
        assertThat(simulcast.mediaByMid("1").remote().rids()).containsExactly("q", "h", "f");
        assertThat(((NegotiatedSession) negotiated.get("datachannel")).rejected()).hasSize(1);
    }

    private static Answer answer(String mode, String offerText) throws Exception {
        SessionDescription offer = SdpParser.parse(offerText);
        ParticipantRole role = "viewer".equals(mode) ? ParticipantRole.VIEWER : ParticipantRole.PRESENTER;
        AnswerRequest.Builder b = AnswerRequest.builder(offer, role)
                .iceCredentials("sfu1", "abcdefghijklmnopqrstuvwx")
                .candidates(List.of(Candidate.host("1", "udp", 2130706431L, "127.0.0.1", 9)))
                .fingerprint(Fingerprint.of("sha-256", new byte[32]));
        long ssrc = 1000;
        for (MediaDescription m : offer.media()) {
            Long rtx = MediaDescription.VIDEO.equals(m.media()) ? ssrc + 500 : null;
            b.sendStream(m.mid(), new SendStream(ssrc, rtx, STREAM, "track-" + m.mid(), "sfucname"));
            ssrc++;
        }
        return new SdpAnswerer().answer(b.build());
    }

    private static void readResults(Process p, Map<String, String> results) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = RESULT.matcher(line);
                if (m.find()) {
                    results.put(m.group(1), m.group(2));
                    if (m.group(1).equals("done")) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            results.put("io-error", e.toString());
        }
    }

    private static boolean onlyLoopback() throws SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                return false;
            }
        }
        return true;
    }
}
