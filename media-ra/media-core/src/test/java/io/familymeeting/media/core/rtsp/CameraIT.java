package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IP cameras into rooms, end to end: GStreamer's RTSP server on 127.0.0.1 (rtsp_server.py)
 * as the camera, the engine ingesting it over TCP or UDP, and headless Chromium as the viewer
 * decoding the camera's H.264 and receiving its audio (PCMU, PCMA, Opus). Also the instant
 * start (GOP cache), reconnect after the server restarts without a new offer, keep-alives
 * holding a session that would time out, the reconnect backoff, on-demand pulling, every
 * failure's state and message, and the target rules (a loopback camera refused unless its
 * network is listed).
 */
@ExtendWith(LoopbackOnly.class)
class CameraIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Closer closer = new Closer();
    private static CameraFixture fixture;
    private static GstRtspServer gst;
    private static HarnessServer harness;
    private static HarnessPeer page;

    @BeforeAll
    static void start() throws Exception {
        fixture = closer.add(new CameraFixture());
        gst = closer.add(GstRtspServer.launch());
        harness = closer.add(HarnessServer.start());
        page = closer.add(HarnessPeer.open(harness));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static CameraConfig config(String url, CameraConfig.Transport transport) {
        return CameraConfig.of(url).withTransport(transport).withTimeouts(2_000, 5_000, 4_000, 4_000);
    }

    private static HarnessConnection joinViewer(String room, String name) throws Exception {
        HarnessConnection c = page.connection(name);
        String offer = c.makeViewerOffer();
        c.applyAnswer(fixture.engine.answer(new OfferRequest(room, name, name, ParticipantRole.VIEWER, offer)));
        return c;
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"/h264pcmu,TCP", "/h264pcmu,UDP", "/h264pcma,UDP", "/h264opus,TCP", "/h264opus,UDP"})
    void viewerDecodesTheCameraAndReceivesItsAudio(String mount, CameraConfig.Transport transport) throws Exception {
        String room = "room" + mount.replace('/', '-') + "-" + transport;
        fixture.engine.addCamera(room, "cam", config(gst.url(mount), transport));
        CameraSnapshot playing = fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
        assertThat(playing.videoCodec()).isEqualTo("H264 42c00d");
        assertThat(playing.audioCodec()).isEqualTo(Map.of("/h264pcmu", "PCMU/8000", "/h264pcma", "PCMA/8000",
                "/h264opus", "OPUS/48000/2").get(mount));

        HarnessConnection viewer = joinViewer(room, "viewer" + mount.replace('/', '-') + transport);
        try {
            PeerStats first = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
            PeerStats later = viewer.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 30
                    && s.audio().packetsReceived() > 50, TIMEOUT);
            assertThat(later.video().get(0).frameWidth()).isEqualTo(320);
            CameraSnapshot s = fixture.camera(room, "cam");
            assertThat(s.fps()).isBetween(20.0, 40.0);
            assertThat(s.bitrateBps()).isPositive();
            assertThat(s.viewers()).isEqualTo(1);
        } finally {
            viewer.close();
            fixture.engine.removeCamera(room, "cam");
        }
        assertThat(fixture.engine.camera(room, "cam")).isEmpty();
        assertThat(fixture.engine.isHealthy()).isTrue();
    }

    /** A key frame every 5 s: a viewer who joins 1 s after one must not wait for the next. */
    @Test
    void viewerJoiningMidGopSeesAPictureAtOnce() throws Exception {
        String room = "room-gop";
        fixture.engine.addCamera(room, "cam", config(gst.url("/h264gop"), CameraConfig.Transport.TCP));
        fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
        Camera camera = fixture.engine.cameraSource(room, "cam").orElseThrow();
        // Wait for a new GOP to begin (the cache shrinks), then one more second into it.
        int size = camera.gopCacheSize();
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (camera.gopCacheSize() >= size && System.nanoTime() < deadline) {
            size = Math.max(size, camera.gopCacheSize());
            Thread.sleep(20);
        }
        Thread.sleep(1000);
        assertThat(camera.gopCacheSize()).as("packets cached since the last key frame").isGreaterThan(30);

        long t0 = System.nanoTime();
        HarnessConnection viewer = joinViewer(room, "viewer-gop");
        long answered = System.nanoTime();
        long connectedAt = -1;
        PeerStats s = viewer.stats();
        while (s.totalFramesDecoded() == 0 && System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
            if (connectedAt < 0 && s.connected()) {
                connectedAt = System.nanoTime();
            }
            Thread.sleep(20);
            s = viewer.stats();
        }
        long firstFrame = System.nanoTime();
        double fromOffer = (firstFrame - t0) / 1e6;
        double fromAnswer = (firstFrame - answered) / 1e6;
        double fromConnected = connectedAt < 0 ? 0 : (firstFrame - connectedAt) / 1e6;
        System.out.printf("RTSP instant start: first frame %.0f ms after the offer was made, %.0f ms after the answer was"
                + " applied, %.0f ms after the transport connected%n", fromOffer, fromAnswer, fromConnected);
        try {
            assertThat(s.totalFramesDecoded()).isPositive();
            // The next key frame is about 4 s away: only the GOP cache gives a picture this fast.
            assertThat(fromAnswer).as("ms from answer to first decoded frame").isLessThan(2_000);
            measureGlassToGlass(camera, "viewer-gop");
        } finally {
            viewer.close();
            fixture.engine.removeCamera(room, "cam");
        }
    }

    /**
     * Camera capture (its RTCP sender reports' NTP clock, the same machine's clock here) to the
     * viewer's expected display time of that picture (requestVideoFrameCallback metadata).
     */
    @SuppressWarnings("unchecked")
    private static void measureGlassToGlass(Camera camera, String viewerName) throws Exception {
        page.browser().execute("const v = document.querySelector('video[data-connection=\"" + viewerName + "\"]');"
                + "window.__frames = []; const cb = (now, md) => { window.__frames.push([md.rtpTimestamp,"
                + " performance.timeOrigin + md.expectedDisplayTime]); if (window.__frames.length < 150)"
                + " v.requestVideoFrameCallback(cb); }; v.requestVideoFrameCallback(cb);");
        Thread.sleep(3000);
        List<Object> frames = (List<Object>) page.browser().execute("return window.__frames;");
        List<Double> delays = new ArrayList<>();
        for (Object f : frames) {
            List<Object> pair = (List<Object>) f;
            long rtp = ((Number) pair.get(0)).longValue();
            double shown = ((Number) pair.get(1)).doubleValue();
            long captured = camera.captureWallMillis(rtp);
            if (captured > 0) {
                delays.add(shown - captured);
            }
        }
        if (delays.isEmpty()) {
            System.out.println("RTSP glass-to-glass: no estimate (no sender report or no frame callbacks; "
                    + frames.size() + " frames)");
            return;
        }
        delays.sort(Double::compare);
        System.out.printf("RTSP glass-to-glass estimate over %d frames: median %.0f ms, p90 %.0f ms"
                        + " (camera capture -> viewer display; camera->SFU part %.0f ms)%n", delays.size(),
                delays.get(delays.size() / 2), delays.get(delays.size() * 9 / 10), camera.ingestDelayMillis());
    }

    @Test
    void serverRestartGoesRetryingThenPlayingAndTheViewerContinues() throws Exception {
        try (GstRtspServer own = GstRtspServer.launch()) {
            String room = "room-restart";
            fixture.engine.addCamera(room, "cam", config(own.url("/h264pcmu"), CameraConfig.Transport.TCP));
            fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
            HarnessConnection viewer = joinViewer(room, "viewer-restart");
            try {
                viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
                own.stop();
                CameraSnapshot retrying = fixture.awaitState(room, "cam", CameraState.RETRYING, Duration.ofSeconds(10));
                System.out.println("RTSP restart: " + retrying.message());
                long before = viewer.stats().totalFramesDecoded();
                Thread.sleep(1500);
                own.start();
                fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
                PeerStats after = viewer.awaitStats(s -> s.totalFramesDecoded() > before + 60 && s.connected(), TIMEOUT);
                assertThat(after.video()).hasSize(1);
                assertThat(fixture.cameraEvents("cam")).anyMatch(e -> e.startsWith("RETRYING: "));
            } finally {
                viewer.close();
                fixture.engine.removeCamera(room, "cam");
            }
        }
    }

    /**
     * A camera whose sessions expire after 3 s without a request (RFC 2326 §12.37: the
     * Session header's timeout), over UDP, where no RTCP from the client keeps it alive
     * either: the keep-alive requests (every half timeout) hold the session, so it plays on
     * through several timeouts without a reconnect.
     */
    @Test
    void keepAlivesHoldASessionThatWouldTimeOut() throws Exception {
        try (GstRtspServer strict = GstRtspServer.launch("--session-timeout", "3")) {
            String room = "room-keepalive";
            fixture.engine.addCamera(room, "cam", config(strict.url("/h264pcmu"), CameraConfig.Transport.UDP));
            fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
            int requestsAtPlay = keepAlives(strict).size();
            Thread.sleep(10_000);
            CameraSnapshot s = fixture.camera(room, "cam");
            List<String> all = keepAlives(strict);
            List<String> keepAlives = all.subList(requestsAtPlay, all.size());
            System.out.println("RTSP keep-alive: " + keepAlives.size() + " requests in 10 s of a 3 s session timeout: "
                    + keepAlives);
            fixture.engine.removeCamera(room, "cam");
            assertThat(strict.output()).as("sessions the server timed out").noneMatch(l -> l.startsWith("EXPIRED"));
            assertThat(keepAlives).as("keep-alive requests while playing").hasSizeGreaterThanOrEqualTo(4);
            assertThat(s.state()).isEqualTo(CameraState.PLAYING);
            assertThat(s.fps()).isPositive();
            assertThat(fixture.cameraEvents("cam")).noneMatch(e -> e.startsWith("RETRYING"));
        }
    }

    private static List<String> keepAlives(GstRtspServer server) {
        return server.output().stream().filter(l -> l.startsWith("REQUEST ")).toList();
    }

    /**
     * A server that closes every connection at once: the camera retries after 500 ms, then
     * waits twice as long after each failed attempt, up to the longest backoff (2 s here).
     */
    @Test
    void reconnectAttemptsBackOffExponentiallyUpToTheLongestWait() throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Long> attempts = new CopyOnWriteArrayList<>();
            acceptInBackground(closing, s -> {
                attempts.add(System.nanoTime());
                s.close();
            });
            fixture.engine.addCamera("room-backoff", "cam",
                    config("rtsp://127.0.0.1:" + closing.getLocalPort() + "/x", CameraConfig.Transport.TCP)
                            .withTimeouts(2_000, 2_000, 4_000, 2_000));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (attempts.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            CameraSnapshot s = fixture.camera("room-backoff", "cam");
            fixture.engine.removeCamera("room-backoff", "cam");
            assertThat(attempts).as("connection attempts").hasSizeGreaterThanOrEqualTo(6);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                gaps.add((attempts.get(i) - attempts.get(i - 1)) / 1_000_000);
            }
            System.out.println("RTSP reconnect backoff: ms between attempts " + gaps + " (" + s.message() + ")");
            assertThat(s.state()).isEqualTo(CameraState.RETRYING);
            // 500, 1000, 2000, then the longest wait (2000) again: never less, and no longer doubling.
            long[] backoff = {500, 1000, 2000, 2000, 2000};
            for (int i = 0; i < backoff.length; i++) {
                assertThat(gaps.get(i)).as("wait before attempt %d", i + 2).isGreaterThanOrEqualTo(backoff[i] * 9 / 10);
            }
            assertThat(gaps.subList(3, 5)).as("capped at the longest wait").allMatch(g -> g < 2 * 2000);
        }
    }

    @Test
    void onDemandPullsOnlyWhileSomeoneWatches() throws Exception {
        String room = "room-demand";
        fixture.engine.addCamera(room, "cam", config(gst.url("/h264pcmu"), CameraConfig.Transport.UDP)
                .withMode(CameraConfig.Mode.ON_DEMAND).withIdleLinger(500));
        CameraSnapshot idle = fixture.awaitState(room, "cam", CameraState.IDLE, TIMEOUT);
        assertThat(idle.message()).contains("H264 42c00d + PCMU/8000");
        HarnessConnection viewer = joinViewer(room, "viewer-demand");
        try {
            fixture.awaitState(room, "cam", CameraState.PLAYING, TIMEOUT);
            viewer.awaitStats(s -> s.totalFramesDecoded() > 10, TIMEOUT);
        } finally {
            viewer.close();
            fixture.engine.closeParticipant(room, "viewer-demand");
        }
        fixture.awaitState(room, "cam", CameraState.IDLE, Duration.ofSeconds(10));
        fixture.engine.removeCamera(room, "cam");
    }

    /**
     * The engine with the target rules alone (no CAMERA_ALLOWED_NETWORKS): a camera on
     * loopback is an error naming the rule, and the server behind the URL sees no connection.
     */
    @Test
    void aLoopbackCameraIsRefusedUnlessItsNetworkIsListed() throws Exception {
        try (CameraFixture strict = new CameraFixture("");
             ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            strict.engine.addCamera("room-rules", "cam", config(gst.url("/h264pcmu"), CameraConfig.Transport.TCP));
            strict.engine.addCamera("room-rules", "port", config("rtsp://127.0.0.1:" + listener.getLocalPort() + "/x",
                    CameraConfig.Transport.TCP));
            CameraSnapshot s = strict.awaitState("room-rules", "cam", CameraState.ERROR, Duration.ofSeconds(10));
            strict.awaitState("room-rules", "port", CameraState.ERROR, Duration.ofSeconds(10));
            assertThat(s.message()).isEqualTo("127.0.0.1 is a loopback address; list it in CAMERA_ALLOWED_NETWORKS to allow it");
            listener.setSoTimeout(500);
            assertThatThrownBy(listener::accept).as("a connection to the refused camera")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void wrongUrlIsAnError() throws Exception {
        fixture.engine.addCamera("room-e1", "cam", config(gst.url("/nosuchstream"), CameraConfig.Transport.TCP));
        CameraSnapshot s = fixture.awaitState("room-e1", "cam", CameraState.ERROR, Duration.ofSeconds(10));
        assertThat(s.message()).contains("no stream at", "404");
        fixture.engine.removeCamera("room-e1", "cam");
    }

    @Test
    void nobodyListeningIsRetrying() throws Exception {
        int port = GstRtspServer.freeTcpPort();
        fixture.engine.addCamera("room-e2", "cam", config("rtsp://127.0.0.1:" + port + "/x", CameraConfig.Transport.TCP));
        CameraSnapshot s = fixture.awaitState("room-e2", "cam", CameraState.RETRYING, Duration.ofSeconds(10));
        assertThat(s.message()).contains("connection refused");
        fixture.engine.removeCamera("room-e2", "cam");
    }

    @Test
    void silentServerIsRetryingWithinTheResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            acceptInBackground(silent, accepted::add);
            long t0 = System.nanoTime();
            fixture.engine.addCamera("room-e3", "cam",
                    config("rtsp://127.0.0.1:" + silent.getLocalPort() + "/x", CameraConfig.Transport.TCP)
                            .withTimeouts(2_000, 2_000, 4_000, 4_000));
            CameraSnapshot s = fixture.awaitState("room-e3", "cam", CameraState.RETRYING, Duration.ofSeconds(10));
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("RTSP silent server: '%s' after %.0f ms%n", s.message(), ms);
            assertThat(s.message()).contains("no response to OPTIONS within 2000 ms");
            assertThat(ms).isLessThan(5_000);
            fixture.engine.removeCamera("room-e3", "cam");
            for (Socket a : accepted) {
                a.close();
            }
        }
    }

    /** What a test server does with each connection it accepts. */
    private interface OnAccept {
        void accepted(Socket socket) throws java.io.IOException;
    }

    /** Accepts connections on a daemon thread until the socket is closed. */
    private static void acceptInBackground(ServerSocket server, OnAccept onAccept) {
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    onAccept.accepted(server.accept());
                }
            } catch (java.io.IOException e) {
                // closed
            }
        }, "test-rtsp-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Test
    void unsupportedCodecsAreErrorsAndAacAudioIsSkipped() throws Exception {
        fixture.engine.addCamera("room-e4", "h265", config(gst.url("/h265"), CameraConfig.Transport.TCP));
        fixture.engine.addCamera("room-e4", "mjpeg", config(gst.url("/mjpeg"), CameraConfig.Transport.UDP));
        fixture.engine.addCamera("room-e5", "aac", config(gst.url("/h264aac"), CameraConfig.Transport.TCP));
        CameraSnapshot h265 = fixture.awaitState("room-e4", "h265", CameraState.ERROR, Duration.ofSeconds(15));
        CameraSnapshot mjpeg = fixture.awaitState("room-e4", "mjpeg", CameraState.ERROR, Duration.ofSeconds(15));
        assertThat(h265.message()).contains("unsupported codec", "H265");
        assertThat(mjpeg.message()).contains("unsupported codec", "JPEG");
        CameraSnapshot aac = fixture.await("room-e5", "aac", s -> s.state() == CameraState.PLAYING && s.fps() > 0,
                TIMEOUT);
        assertThat(aac.audioCodec()).startsWith("unsupported: MPEG4-GENERIC");
        assertThat(aac.message()).contains("audio not forwarded");
        fixture.engine.removeCamera("room-e4", "h265");
        fixture.engine.removeCamera("room-e4", "mjpeg");
        fixture.engine.removeCamera("room-e5", "aac");
        assertThat(fixture.engine.isHealthy()).isTrue();
    }

    @Test
    void credentialsDigestAndBasic() throws Exception {
        for (String method : new String[] {"digest", "basic"}) {
            try (GstRtspServer secured = GstRtspServer.launch("--auth", method, "viewer", "s3cret")) {
                String room = "room-auth-" + method;
                fixture.engine.addCamera(room, "wrong", config(secured.url("/h264pcmu"), CameraConfig.Transport.TCP)
                        .withCredentials("viewer", "wrong"));
                fixture.engine.addCamera(room, "none", config(secured.url("/h264pcmu"), CameraConfig.Transport.TCP));
                fixture.engine.addCamera(room, "right", config(secured.url("/h264pcmu")
                        .replace("rtsp://", "rtsp://viewer:s3cret@"), CameraConfig.Transport.TCP));
                CameraSnapshot wrong = fixture.awaitState(room, "wrong", CameraState.ERROR, Duration.ofSeconds(10));
                CameraSnapshot none = fixture.awaitState(room, "none", CameraState.ERROR, Duration.ofSeconds(10));
                CameraSnapshot right = fixture.awaitState(room, "right", CameraState.PLAYING, TIMEOUT);
                assertThat(wrong.message()).contains("refused the credentials", "401");
                assertThat(none.message()).contains("needs credentials");
                assertThat(right.url()).doesNotContain("s3cret");
                for (String id : new String[] {"wrong", "none", "right"}) {
                    fixture.engine.removeCamera(room, id);
                }
            }
        }
    }
}
