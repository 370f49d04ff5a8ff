package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.testsupport.Closer;
import io.familymeeting.testsupport.Listeners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IP cameras on Payara Micro, end to end: the camera routes answer only an admin (here the
 * {@code ADMIN_API_KEY} bearer key): an anonymous or wrong-key PUT is refused and nothing
 * connects to its URL; a camera added through the REST API (GStreamer's RTSP server on
 * 127.0.0.1, listed in {@code CAMERA_ALLOWED_NETWORKS}) is pulled by the engine, its document
 * goes to "playing" with fps and bitrate, and a viewer on the real room page decodes its video
 * and receives its audio; a camera on a loopback address outside the allowed networks is an
 * error naming the rule, never connected to; a camera with a wrong URL shows its state and
 * message on its document; an on-demand camera without viewers stays idle; DELETE stops it.
 * The tests share one server and run in order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CameraMicroIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROOM = "camera-room";
    private static final String SECRET = "not-to-be-echoed";
    private static final String KEY = "camera-micro-it-admin-key-0123456789";
    private static final Map<String, String> ADMIN = Http.bearer(KEY);

    private static final Closer closer = new Closer();
    private static RtspCamera camera;
    private static PayaraMicro server;
    private static MeetingPage viewer;

    @BeforeAll
    static void start() {
        camera = closer.add(RtspCamera.launch());
        // 127.0.0.1 only: 127.0.0.2 (loopback too) stays refused for the rule's test.
        server = closer.add(PayaraMicro.start("camera-micro", Deployables.freeUdpPort(), Map.of(
                "ADMIN_API_KEY", KEY, "CAMERA_ALLOWED_NETWORKS", "127.0.0.1/32")));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static String cameraPath(String id) {
        return "rooms/" + ROOM + "/cameras/" + id;
    }

    @Test
    @Order(0)
    void camerasAnswerOnlyAnAdminAndARefusedPutConnectsNowhere() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            String url = "rtsp://127.0.0.1:" + target.getLocalPort() + "/probe";
            Map<String, Object> body = Map.of("url", url, "user", "scanner", "password", SECRET);
            List<Http.Reply> refused = List.of(
                    Http.put(server.api(cameraPath("scan")), body),
                    Http.put(server.api(cameraPath("scan")), body, Http.bearer(KEY + "x")),
                    Http.put(server.api(cameraPath("scan")), body, Map.of("Authorization", "Basic " + KEY)),
                    Http.get(server.api("rooms/" + ROOM + "/cameras")),
                    Http.get(server.api(cameraPath("scan"))),
                    Http.delete(server.api(cameraPath("scan"))));
            for (Http.Reply r : refused) {
                assertThat(r.status()).as(r.body()).isEqualTo(401);
                assertThat(r.body()).contains("managed by the operator").doesNotContain("127.0.0.1").doesNotContain("scanner")
                        .doesNotContain(SECRET);
            }
            assertThat(Listeners.connectionAttempted(target, Duration.ofSeconds(3))).as("a connection to the URL of a refused PUT").isFalse();
            assertThat(Http.get(server.api(cameraPath("scan")), ADMIN).status()).as("nothing was written").isEqualTo(404);
            assertThat(Http.get(server.api("rooms/" + ROOM + "/cameras"), ADMIN).body()).isEqualTo("[]");
        }
    }

    @Test
    @Order(1)
    void aCameraAddedThroughRestPlaysAndAViewerSeesAndHearsIt() {
        long t0 = System.nanoTime();
        Http.Reply put = Http.put(server.api(cameraPath("front")), Map.of("url", camera.url("/h264pcmu"),
                "transport", "tcp", "mode", "always-on", "user", "admin", "password", SECRET), ADMIN);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(SECRET);
        assertThat(put.json()).containsEntry("hasPassword", true).containsEntry("transport", "tcp");

        Map<String, Object> playing = awaitCamera("front", d -> "playing".equals(d.get("state")), TIMEOUT);
        long playingMillis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Object> measured = awaitCamera("front", d -> number(d, "fps") > 0 && number(d, "bitrateBps") > 0,
                Duration.ofSeconds(15));
        System.out.printf("[numbers] camera PUT to state playing: %d ms; document then: fps %s, bitrateBps %s, %s + %s%n",
                playingMillis, measured.get("fps"), measured.get("bitrateBps"), measured.get("videoCodec"),
                measured.get("audioCodec"));
        assertThat(playing.get("error")).isEqualTo("");
        assertThat(measured.get("videoCodec")).isEqualTo("H264 42c00d");
        assertThat(measured.get("audioCodec")).isEqualTo("PCMU/8000");
        assertThat(number(measured, "fps")).isBetween(15.0, 45.0);

        long launched = System.nanoTime();
        viewer = closer.add(MeetingPage.join(server, ROOM, "Viewer", "viewer"));
        long opened = System.nanoTime();
        PeerStats connected = viewer.awaitStats(PeerStats::connected, TIMEOUT);
        long connectedAt = System.nanoTime();
        PeerStats first = viewer.awaitStats(s -> s.totalFramesDecoded() > 0, Duration.ofSeconds(10));
        long firstFrameAt = System.nanoTime();
        System.out.printf("[numbers] camera viewer: first decoded frame %d ms after Chromium was launched, %d ms after"
                        + " the room page loaded, %d ms after the connection was up%n", (firstFrameAt - launched) / 1_000_000,
                (firstFrameAt - opened) / 1_000_000, (firstFrameAt - connectedAt) / 1_000_000);
        assertThat(connected.connected()).isTrue();
        PeerStats later = viewer.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 30
                && s.audio().packetsReceived() > 50, TIMEOUT);
        assertThat(later.video().get(0).frameWidth()).isEqualTo(320);
        assertThat(Http.get(server.api("rooms/" + ROOM + "/cameras"), ADMIN).body()).doesNotContain(SECRET);
    }

    @Test
    @Order(2)
    void aCameraOnALoopbackAddressOutsideTheAllowedNetworksIsRefusedByTheRule() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.2"))) {
            Http.Reply put = Http.put(server.api(cameraPath("inside")),
                    Map.of("url", "rtsp://127.0.0.2:" + target.getLocalPort() + "/x"), ADMIN);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            Map<String, Object> doc = awaitCamera("inside", d -> "error".equals(d.get("state")), Duration.ofSeconds(20));
            System.out.printf("[numbers] camera target rule: %s '%s'%n", doc.get("state"), doc.get("error"));
            assertThat(doc.get("error")).isEqualTo("127.0.0.2 is a loopback address; list it in CAMERA_ALLOWED_NETWORKS to allow it");
            assertThat(Listeners.connectionAttempted(target, Duration.ofMillis(500))).as("a connection to the refused camera").isFalse();
            assertThat(Http.delete(server.api(cameraPath("inside")), ADMIN).status()).isEqualTo(204);
        }
    }

    @Test
    @Order(3)
    void wrongUrlsShowTheirStateAndMessageOnTheDocument() {
        int closedPort = Deployables.freeTcpPort();
        assertThat(Http.put(server.api(cameraPath("nobody")), Map.of("url", "rtsp://127.0.0.1:" + closedPort + "/cam"), ADMIN)
                .status()).isEqualTo(200);
        assertThat(Http.put(server.api(cameraPath("nomount")), Map.of("url", camera.url("/no-such-mount")), ADMIN).status())
                .isEqualTo(200);
        Predicate<Map<String, Object>> failing = d -> List.of("error", "retrying").contains(d.get("state"))
                && !String.valueOf(d.get("error")).isBlank();
        Map<String, Object> nobody = awaitCamera("nobody", failing, Duration.ofSeconds(20));
        Map<String, Object> nomount = awaitCamera("nomount", failing, Duration.ofSeconds(20));
        System.out.printf("[numbers] wrong URLs: closed port -> %s '%s'; unknown mount -> %s '%s'%n",
                nobody.get("state"), nobody.get("error"), nomount.get("state"), nomount.get("error"));

        Http.Reply notRtsp = Http.put(server.api(cameraPath("web")), Map.of("url", "http://127.0.0.1/cam"), ADMIN);
        assertThat(notRtsp.status()).isEqualTo(400);
        assertThat(notRtsp.json().get("error").toString()).contains("rtsp://");
        assertThat(Http.put(server.api(cameraPath("web")), Map.of("url", camera.url("/h264pcmu"), "transport", "quic"), ADMIN)
                .status()).isEqualTo(400);
        assertThat(Http.get(server.api(cameraPath("web")), ADMIN).status()).isEqualTo(404);

        PeerStats before = viewer.stats();
        PayaraMicro.sleep(1000);
        assertThat(viewer.stats().totalFramesDecoded()).as("the good camera plays on")
                .isGreaterThan(before.totalFramesDecoded() + 10);
        assertThat(Http.delete(server.api(cameraPath("nobody")), ADMIN).status()).isEqualTo(204);
        assertThat(Http.delete(server.api(cameraPath("nomount")), ADMIN).status()).isEqualTo(204);
    }

    @Test
    @Order(4)
    void anOnDemandCameraInARoomWithoutViewersIsIdle() {
        String path = "rooms/empty-room/cameras/lazy";
        Http.Reply put = Http.put(server.api(path), Map.of("url", camera.url("/h264opus"), "transport", "udp",
                "mode", "on-demand"), ADMIN);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Object> doc = Map.of();
        while (System.nanoTime() < deadline && !"idle".equals(doc.get("state"))) {
            PayaraMicro.sleep(100);
            doc = Http.get(server.api(path), ADMIN).json();
        }
        assertThat(doc).as("on demand, nobody watching").containsEntry("state", "idle").containsEntry("mode", "on-demand")
                .containsEntry("transport", "udp");
        assertThat(Http.delete(server.api(path), ADMIN).status()).isEqualTo(204);
    }

    @Test
    @Order(5)
    void deleteStopsTheCamera() {
        assertThat(Http.delete(server.api(cameraPath("front")), ADMIN).status()).isEqualTo(204);
        assertThat(Http.get(server.api(cameraPath("front")), ADMIN).status()).isEqualTo(404);
        assertThat(Http.delete(server.api(cameraPath("front")), ADMIN).status()).isEqualTo(404);
        assertThat(Http.get(server.api("rooms/" + ROOM + "/cameras"), ADMIN).body()).isEqualTo("[]");
        PayaraMicro.sleep(2000);
        long stopped = viewer.stats().totalFramesDecoded();
        PayaraMicro.sleep(2000);
        assertThat(viewer.stats().totalFramesDecoded()).as("no more pictures once the camera is gone").isEqualTo(stopped);
    }

    private static Map<String, Object> awaitCamera(String id, Predicate<Map<String, Object>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> last = Map.of();
        while (System.nanoTime() < deadline) {
            Http.Reply r = Http.get(server.api(cameraPath(id)), ADMIN);
            if (r.status() == 200) {
                last = r.json();
                if (condition.test(last)) {
                    return last;
                }
            }
            PayaraMicro.sleep(100);
        }
        throw new AssertionError("camera " + id + ": condition not met within " + timeout + "; last document " + last
                + "\n" + server.logTail());
    }

    private static double number(Map<String, Object> doc, String field) {
        return doc.get(field) instanceof Number n ? n.doubleValue() : -1;
    }
}
