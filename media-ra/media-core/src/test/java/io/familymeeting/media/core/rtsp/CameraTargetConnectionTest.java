package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.net.NetworkBlock;
import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.room.EngineContext;
import io.familymeeting.media.core.room.Participant;
import io.familymeeting.testsupport.Listeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a camera's connections go, against servers on loopback: a refused target is never
 * connected to (a listener there sees no connection) and its state names the rule; listed in
 * the allowed networks it is; every reconnect checks the target again (a name that resolves
 * elsewhere the second time is refused then); a redirect is checked like the URL itself; and
 * the credentials go only to the host and port they were configured for: a redirect to
 * another port gets none, a redirect to another path of the same server gets them.
 */
class CameraTargetConnectionTest {
    private static final String SDP = """
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=camera
            t=0 0
            a=control:*
            m=video 0 RTP/AVP 96
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAH9oB,aM48gA==
            a=control:stream=0
            """;
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("viewer:s3cret".getBytes(StandardCharsets.UTF_8));

    private final List<AutoCloseable> open = new ArrayList<>();
    private final CameraIngest ingest = new CameraIngest("cam", System::currentTimeMillis, new CameraIngest.Listener() {
        @Override
        public void producersChanged(long nowMillis) {
        }

        @Override
        public void firstMedia(long nowMillis) {
        }
    });
    private final List<CameraDescription> described = new CopyOnWriteArrayList<>();
    private final CameraSession.Control control = new CameraSession.Control() {
        @Override
        public boolean stopped() {
            return false;
        }

        @Override
        public boolean wanted() {
            return true;
        }

        @Override
        public void described(CameraDescription d) {
            described.add(d);
        }
    };

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        open.add(c);
        return c;
    }

    private static CameraConfig config(String url) {
        return CameraConfig.of(url).withTimeouts(2_000, 2_000, 4_000, 1_000);
    }

    private static CameraTargets allowing(String blocks) {
        return CameraTargets.of(NetworkBlock.parseList(blocks), List.of());
    }

    private CameraSession session(CameraConfig config, CameraTargets targets) {
        return new CameraSession(config, RtspUrl.parse(config.url()), targets, System::currentTimeMillis, ingest, control);
    }

    @Test
    void aLoopbackCameraIsRefusedWithTheRuleAndNeverConnectedTo() throws Exception {
        ServerSocket listener = closeLater(new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1")));
        CameraConfig config = config("rtsp://127.0.0.1:" + listener.getLocalPort() + "/stream");
        assertThatThrownBy(() -> session(config, CameraTargets.defaults()).probe())
                .isInstanceOf(CameraFailure.class)
                .hasMessage("127.0.0.1 is a loopback address; list it in CAMERA_ALLOWED_NETWORKS to allow it");
        assertThat(Listeners.connectionAttempted(listener, Duration.ofMillis(200))).as("a connection to the refused target").isFalse();
    }

    @Test
    void aListedNetworkIsConnectedTo() throws Exception {
        ScriptedRtspServer camera = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"),
                r -> r.method().equals("DESCRIBE") ? "RTSP/1.0 200 OK\nContent-Type: application/sdp\n\n" + SDP
                        : "RTSP/1.0 200 OK\nPublic: OPTIONS, DESCRIBE"));
        session(config(camera.url("/stream")), allowing("127.0.0.1/32")).probe();
        assertThat(camera.requests()).extracting(ScriptedRtspServer.Request::method).containsExactly("OPTIONS", "DESCRIBE");
        assertThat(described).hasSize(1);
    }

    @Test
    void everyReconnectChecksTheTargetAgain() throws Exception {
        // A camera that closes each connection at once: the loop reconnects after 500 ms.
        ServerSocket closing = closeLater(new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1")));
        AtomicInteger accepted = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    closing.accept().close();
                    accepted.incrementAndGet();
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        // DNS answers 127.0.0.1 (allowed) the first time, then 127.0.0.2 (not listed).
        AtomicInteger lookups = new AtomicInteger();
        CameraTargets targets = new CameraTargets(NetworkBlock.parseList("127.0.0.1/32"), List::of, host -> {
            if (!host.equals("camera.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(lookups.incrementAndGet() == 1 ? "127.0.0.1" : "127.0.0.2")};
        });
        List<String> states = new CopyOnWriteArrayList<>();
        CameraStatus status = new CameraStatus("room", "cam", new RecordingContext(states));
        CameraLoop loop = new CameraLoop("room/cam", config("rtsp://camera.test:" + closing.getLocalPort() + "/x")
                        .withTimeouts(2_000, 2_000, 4_000, 5_000),
                targets, System::currentTimeMillis, status, ingest);
        Thread runner = new Thread(loop::run, "camera-loop-test");
        runner.setDaemon(true);
        runner.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (status.state() != CameraState.ERROR && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            loop.stop(2_000);
        }
        assertThat(status.state()).as("states " + states).isEqualTo(CameraState.ERROR);
        assertThat(status.message()).isEqualTo("camera.test resolves to 127.0.0.2, a loopback address;"
                + " list it in CAMERA_ALLOWED_NETWORKS to allow it");
        assertThat(states).anyMatch(s -> s.startsWith("RETRYING: "));
        assertThat(lookups.get()).as("a lookup per connection attempt").isEqualTo(2);
        assertThat(accepted.get()).as("connections: only the first attempt's").isEqualTo(1);
    }

    @Test
    void aRedirectToAnotherPortGetsNoCredentials() throws Exception {
        ScriptedRtspServer other = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"),
                r -> "RTSP/1.0 401 Unauthorized\nWWW-Authenticate: Basic realm=\"other\""));
        ScriptedRtspServer camera = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"), r -> {
            if (r.method().equals("OPTIONS")) {
                return "RTSP/1.0 200 OK\nPublic: OPTIONS, DESCRIBE";
            }
            return r.header("Authorization") == null ? "RTSP/1.0 401 Unauthorized\nWWW-Authenticate: Basic realm=\"cam\""
                    : "RTSP/1.0 302 Moved Temporarily\nLocation: " + other.url("/elsewhere");
        }));
        CameraConfig config = config(camera.url("/stream")).withCredentials("viewer", "s3cret");

        assertThatThrownBy(() -> session(config, allowing("127.0.0.1/32")).probe())
                .isInstanceOf(CameraFailure.class)
                .hasMessageContaining("the camera redirected to 127.0.0.1:" + other.port() + ", which asks for credentials;"
                        + " they are only sent to 127.0.0.1:" + camera.port());
        assertThat(camera.requests()).as("the configured camera gets them")
                .anyMatch(r -> r.method().equals("DESCRIBE") && BASIC.equals(r.header("Authorization")));
        assertThat(other.requests()).as("the redirect target was asked").isNotEmpty()
                .allMatch(r -> r.header("Authorization") == null);
        assertThat(other.requests().get(0).uri()).isEqualTo(other.url("/elsewhere"));
    }

    @Test
    void aRedirectWithinTheSameServerKeepsTheCredentials() throws Exception {
        ScriptedRtspServer camera = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"), r -> {
            if (r.method().equals("OPTIONS")) {
                return "RTSP/1.0 200 OK\nPublic: OPTIONS, DESCRIBE";
            }
            if (r.header("Authorization") == null) {
                return "RTSP/1.0 401 Unauthorized\nWWW-Authenticate: Basic realm=\"cam\"";
            }
            return r.uri().endsWith("/old") ? "RTSP/1.0 301 Moved Permanently\nLocation: /new"
                    : "RTSP/1.0 200 OK\nContent-Type: application/sdp\n\n" + SDP;
        }));
        session(config(camera.url("/old")).withCredentials("viewer", "s3cret"), allowing("127.0.0.1/32")).probe();
        assertThat(described).hasSize(1);
        assertThat(camera.connections()).as("a new connection for the redirect").isEqualTo(2);
        assertThat(camera.requests()).anyMatch(r -> r.method().equals("DESCRIBE") && r.uri().equals(camera.url("/new"))
                && BASIC.equals(r.header("Authorization")));
    }

    @Test
    void aRedirectIsCheckedLikeTheUrl() throws Exception {
        ServerSocket refused = closeLater(new ServerSocket(0, 10, InetAddress.getByName("127.0.0.2")));
        ScriptedRtspServer camera = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"),
                r -> r.method().equals("OPTIONS") ? "RTSP/1.0 200 OK\nPublic: OPTIONS, DESCRIBE"
                        : "RTSP/1.0 302 Found\nLocation: rtsp://127.0.0.2:" + refused.getLocalPort() + "/internal"));
        assertThatThrownBy(() -> session(config(camera.url("/stream")), allowing("127.0.0.1/32")).probe())
                .isInstanceOf(CameraFailure.class)
                .hasMessage("127.0.0.2 is a loopback address; list it in CAMERA_ALLOWED_NETWORKS to allow it");
        assertThat(Listeners.connectionAttempted(refused, Duration.ofMillis(200))).as("a connection to the refused redirect target").isFalse();
    }

    @Test
    void redirectsAreFollowedAFewTimesOnly() throws Exception {
        ScriptedRtspServer camera = closeLater(new ScriptedRtspServer(InetAddress.getByName("127.0.0.1"),
                r -> "RTSP/1.0 302 Found\nLocation: " + r.uri() + "x"));
        assertThatThrownBy(() -> session(config(camera.url("/loop")), allowing("127.0.0.1/32")).probe())
                .isInstanceOf(CameraFailure.class)
                .hasMessageContaining("the camera redirected more than " + CameraSession.MAX_REDIRECTS + " times");
        assertThat(camera.connections()).isEqualTo(CameraSession.MAX_REDIRECTS + 1);
    }

    /** Records the camera's state events; the engine's other duties are not used by a camera's loop. */
    private record RecordingContext(List<String> states) implements EngineContext {
        @Override
        public void emit(MediaEvent.Type type, String roomId, String participantId, String detail) {
            states.add(detail);
        }

        @Override
        public void removed(Participant participant) {
            throw new UnsupportedOperationException("a camera is not a participant");
        }

        @Override
        public Executor executor() {
            throw new UnsupportedOperationException("a camera's loop runs on the thread it is given");
        }

        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void claimAddress(java.net.InetAddress address) {
            throw new UnsupportedOperationException("a camera claims no participant's address");
        }

        @Override
        public void releaseAddress(java.net.InetAddress address) {
            throw new UnsupportedOperationException("a camera claims no participant's address");
        }
    }
}
