package io.familymeeting.system;

import io.familymeeting.media.core.peers.ChromiumPeer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console on Payara Micro (ADMIN_PASSWORD set), in headless Chromium: login
 * required and wrong passwords refused, the instance page, a live meeting (a presenter and
 * a viewer on the real room page) shown with its participants and non-zero bitrates (and a
 * screenshot in target/console.png), the remove-participant action, an RTSP camera (GStreamer's
 * RTSP server) added in the room detail, shown playing with its fps and bitrate
 * (target/console-camera.png) and removed there, the Close room button (its room and
 * participant gone, the other rooms untouched), draining
 * (readiness 503, liveness 200, joins 503), the session cookie's flags (HttpOnly,
 * SameSite=Strict; Secure only in production: TelemetryIT), logout by POST only, the
 * ADMIN_API_KEY bearer key on the console API and the camera routes, the login throttle
 * (429 with Retry-After after CONSOLE_LOGIN_MAX_FAILURES failures), and a bounded wait at
 * shutdown. The tests share one server and run in order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final String PASSWORD = "console-test-Pw-42";
    private static final String KEY = "console-it-admin-api-key-0123456789abcdef";
    private static final String ROOM = "console-room";
    private static final String CAMERA_ROOM = "console-camera-room";
    private static final String CLOSING_ROOM = "console-closing-room";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static PayaraMicro server;
    private static ChromiumPeer console;
    private static MeetingPage presenter;
    private static MeetingPage viewer;
    private static final Closer closer = new Closer();

    @BeforeAll
    static void start() {
        server = closer.add(PayaraMicro.start("console", Deployables.freeUdpPort(),
                Map.of("ADMIN_PASSWORD", PASSWORD, "DRAIN_SECONDS", "5", "MAX_BROADCASTS", "4",
                        "ADMIN_API_KEY", KEY, "CAMERA_ALLOWED_NETWORKS", "127.0.0.0/8")));
        console = closer.add(ChromiumPeer.launch());
        console.driver().manage().window().setSize(new Dimension(1500, 900));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static WebDriver driver() {
        return console.driver();
    }

    private static HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static void login(String password) {
        console.open(server.meeting("admin/login"));
        driver().findElement(By.id("user")).sendKeys("admin");
        driver().findElement(By.id("password")).sendKeys(password);
        driver().findElement(By.id("login")).click();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> consoleStatus() {
        Object v = console.execute("return window.fmConsole ? window.fmConsole.last() : null;");
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> participantsOf(Map<String, Object> status, String room) {
        Object rooms = status.get("rooms");
        if (!(rooms instanceof List<?> list)) {
            return List.of();
        }
        for (Object r : list) {
            Map<String, Object> m = (Map<String, Object>) r;
            if (room.equals(m.get("id"))) {
                return (List<Map<String, Object>>) m.get("participants");
            }
        }
        return List.of();
    }

    private static Map<String, Object> awaitStatus(Predicate<Map<String, Object>> condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Object> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = consoleStatus();
            if (condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(500);
        }
        throw new AssertionError("console: " + what + " not shown within " + TIMEOUT + "; last status " + last
                + "; browser console " + console.consoleLog());
    }

    /** Texts of the elements matching a selector, read in one script (the live area is re-rendered every 2 s). */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String css) {
        Object v = console.execute("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);", css);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> camerasOf(Map<String, Object> status, String room) {
        Object rooms = status.get("rooms");
        if (rooms instanceof List<?> list) {
            for (Object r : list) {
                Map<String, Object> m = (Map<String, Object>) r;
                if (room.equals(m.get("id")) && m.get("cameras") instanceof List<?> cameras) {
                    return (List<Map<String, Object>>) cameras;
                }
            }
        }
        return List.of();
    }

    private static void awaitText(String css, String prefix) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (texts(css).stream().noneMatch(t -> t.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(css + " does not start with " + prefix + ": " + texts(css));
            }
            PayaraMicro.sleep(200);
        }
    }

    private static double decimal(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : -1;
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : -1;
    }

    @Test
    @Order(1)
    void withoutCredentialsTheConsoleRedirectsToLoginAndTheApiAnswers401() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(server.meeting("admin/index.xhtml")).build());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/meeting/admin/login");
        assertThat(send(HttpRequest.newBuilder(server.api("admin/status")).build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(server.api("admin/drain")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(401);
        assertThat(Http.get(server.base().resolve("/health/ready")).status()).as("not drained by the refused call").isEqualTo(200);
        assertThat(Http.get(server.api("admin/status"), Http.bearer(KEY + "0")).status()).as("a wrong key").isEqualTo(401);
        assertThat(Http.get(server.api("rooms/" + CAMERA_ROOM + "/cameras")).status()).as("cameras anonymously").isEqualTo(401);
        Http.Reply keyed = Http.get(server.api("admin/status"), Http.bearer(KEY));
        assertThat(keyed.status()).as("the console API with ADMIN_API_KEY").isEqualTo(200);
        assertThat(keyed.json()).containsKey("instance");
        assertThat(send(HttpRequest.newBuilder(server.api("admin/drain")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode())
                .as("a keyed write that is not JSON").isEqualTo(415);
        assertThat(Http.get(server.base().resolve("/health/ready")).status()).as("not drained by the refused call").isEqualTo(200);

        console.open(server.meeting("admin/rooms.xhtml"));
        assertThat(driver().getCurrentUrl()).endsWith("/meeting/admin/login");
        assertThat(driver().findElements(By.id("login-form"))).hasSize(1);
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefused() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.meeting("admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=admin")).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));

        login(PASSWORD + "x");
        assertThat(driver().getCurrentUrl()).endsWith("/meeting/admin/login");
        assertThat(driver().findElement(By.id("login-error")).getText()).contains("Wrong user name or password");
        assertThat(console.execute("return getComputedStyle(document.querySelector('.login')).maxWidth;"))
                .as("the login form is styled").isEqualTo("360px");
        screenshot("console-login.png");
        console.open(server.meeting("admin/index.xhtml"));
        assertThat(driver().getCurrentUrl()).endsWith("/meeting/admin/login");
    }

    @Test
    @Order(3)
    void theRightPasswordShowsTheInstance() {
        login(PASSWORD);
        assertThat(driver().getCurrentUrl()).endsWith("/meeting/admin/index.xhtml");
        assertThat(driver().findElement(By.id("instance-id")).getText()).isEqualTo("console");
        assertThat(driver().findElement(By.id("role")).getText()).isEqualTo("both");
        assertThat(driver().findElement(By.id("load")).getText()).contains("0 / 4");
        assertThat(driver().findElement(By.id("media-port")).getText()).contains("UDP " + server.mediaPort()).contains("bound");
        assertThat(driver().findElement(By.id("version")).getText()).contains("0.1.0");
        awaitStatus(s -> s.get("instance") instanceof Map<?, ?> i && Boolean.TRUE.equals(i.get("ready")), "readiness UP");
        assertThat(driver().findElement(By.id("ready")).getText()).isEqualTo("UP");
        assertThat(driver().findElement(By.id("live")).getText()).isEqualTo("UP");
        assertThat(driver().findElement(By.id("event-delivery")).getText())
                .as("the media adapter's event delivery, nothing dropped in a quiet instance")
                .startsWith("signal events dropped 0 (rooms read again 0), media events dropped 0, pending ");
    }

    private static void screenshot(String file) throws IOException {
        Path shot = Path.of("target", file);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(5_000);
    }

    @Test
    @Order(4)
    void duringALiveMeetingTheRoomsPageShowsTheParticipantsAndTheirBitrates() throws Exception {
        presenter = closer.add(MeetingPage.join(server, ROOM, "Presenter", "presenter"));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, TIMEOUT);
        viewer = closer.add(MeetingPage.join(server, ROOM, "Viewer", "viewer"));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);

        console.open(server.meeting("admin/rooms.xhtml"));
        Map<String, Object> status = awaitStatus(s -> {
            List<Map<String, Object>> ps = participantsOf(s, ROOM);
            return ps.size() == 2 && ps.stream().anyMatch(p -> "presenter".equals(p.get("role")) && number(p, "bitrateInBps") > 0)
                    && ps.stream().anyMatch(p -> "viewer".equals(p.get("role")) && number(p, "bitrateOutBps") > 0);
        }, "the room with a presenter sending and a viewer receiving");
        long in = participantsOf(status, ROOM).stream().mapToLong(p -> number(p, "bitrateInBps")).sum();
        long out = participantsOf(status, ROOM).stream().mapToLong(p -> number(p, "bitrateOutBps")).sum();
        System.out.printf("[numbers] console: room %s bitrate in %d kb/s, out %d kb/s%n", ROOM, in / 1000, out / 1000);

        PayaraMicro.sleep(8000); // a few chart points
        assertThat(texts("[data-room-id='" + ROOM + "'] .room-id")).containsExactly(ROOM);
        List<String> rows = texts("[data-room-id='" + ROOM + "'] tr.participant");
        assertThat(rows).hasSize(2);
        assertThat(String.join("\n", rows)).contains("Presenter").contains("Viewer").contains("presenter").contains("viewer")
                .contains("connected");
        List<String> viewerOut = texts("tr[data-participant-id='" + viewer.participantId() + "'] .bitrate-out");
        assertThat(viewerOut).hasSize(1);
        assertThat(viewerOut.get(0)).matches("[0-9.]+ [kM]b/s").isNotEqualTo("0 kb/s");
        // The viewer's browser answers the SFU's transport-wide sequence numbers with feedback.
        awaitStatus(s -> participantsOf(s, ROOM).stream().anyMatch(p -> "viewer".equals(p.get("role"))
                && number(p, "estimateBps") > 0), "the viewer's bandwidth estimate");
        String estimateCell = "tr[data-participant-id='" + viewer.participantId() + "'] .estimate";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (texts(estimateCell).stream().noneMatch(t -> t.matches("[0-9.]+ [kM]b/s")) && System.nanoTime() < deadline) {
            PayaraMicro.sleep(200);
        }
        assertThat(texts(estimateCell)).as("the estimate column").singleElement().asString().matches("[0-9.]+ [kM]b/s");
        assertThat(texts("svg.chart polyline.in")).isNotEmpty();

        screenshot("console.png");

        console.open(server.meeting("admin/rooms.xhtml?room=" + ROOM));
        awaitStatus(s -> participantsOf(s, ROOM).size() == 2, "the room detail");
        PayaraMicro.sleep(2500);
        assertThat(texts("tr.participant")).hasSize(2);
        screenshot("console-room.png");
    }

    @Test
    @Order(5)
    void removingAParticipantClosesItsTransport() {
        String viewerId = viewer.participantId();
        Object clicked = console.execute("const b = document.querySelector(\"button[data-action='remove'][data-participant='\" + arguments[0] + \"']\");"
                + " if (b) { b.click(); } return Boolean(b);", viewerId);
        assertThat(clicked).as("a remove button for the viewer").isEqualTo(true);
        awaitStatus(s -> participantsOf(s, ROOM).size() == 1
                && participantsOf(s, ROOM).stream().noneMatch(p -> viewerId.equals(p.get("id"))), "the viewer gone");
        assertThat(participantsOf(consoleStatus(), ROOM).get(0).get("role")).isEqualTo("presenter");
    }

    @Test
    @Order(6)
    void aCameraAddedInTheRoomDetailPlaysWithItsFpsAndIsRemovedThere() throws Exception {
        RtspCamera camera = closer.add(RtspCamera.launch());
        console.open(server.meeting("admin/rooms.xhtml?room=" + CAMERA_ROOM));
        driver().findElement(By.id("camera-id")).clear();
        driver().findElement(By.id("camera-id")).sendKeys("door");
        driver().findElement(By.id("camera-url")).sendKeys(camera.url("/h264pcmu"));
        driver().findElement(By.id("camera-add")).click();
        long t0 = System.nanoTime();
        Map<String, Object> status = awaitStatus(s -> camerasOf(s, CAMERA_ROOM).stream().anyMatch(c -> "door".equals(c.get("id"))
                && "playing".equals(c.get("state")) && decimal(c, "fps") > 0 && number(c, "bitrateBps") > 0), "the camera playing");
        long playingMillis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Object> door = camerasOf(status, CAMERA_ROOM).get(0);
        System.out.printf("[numbers] console camera: add to playing with fps shown %d ms; fps %.1f, %d kb/s, %s%n",
                playingMillis, decimal(door, "fps"), number(door, "bitrateBps") / 1000, door.get("videoCodec"));
        assertThat(driver().findElement(By.id("camera-result")).getText()).isEqualTo("added door");
        assertThat(door.get("error")).isEqualTo("");
        assertThat(decimal(door, "fps")).isBetween(10.0, 45.0);
        PayaraMicro.sleep(2500); // rendered from a status with fps
        List<String> rows = texts("[data-room-id='" + CAMERA_ROOM + "'] tr.camera[data-camera-id='door']");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).contains("playing").contains("H264 42c00d").contains(camera.url("/h264pcmu"));
        assertThat(texts("tr.camera[data-camera-id='door'] .camera-fps").get(0)).matches("[1-9][0-9]*\\.[0-9]");
        assertThat(texts("tr.camera[data-camera-id='door'] .camera-bitrate").get(0)).matches("[0-9.]+ [kM]b/s").isNotEqualTo("0 kb/s");
        screenshot("console-camera.png");

        driver().findElement(By.id("camera-id")).clear();
        driver().findElement(By.id("camera-id")).sendKeys("bad");
        driver().findElement(By.id("camera-url")).clear();
        driver().findElement(By.id("camera-url")).sendKeys("http://127.0.0.1/cam");
        driver().findElement(By.id("camera-add")).click();
        awaitText("#camera-result", "refused:");
        assertThat(texts("#camera-result").get(0)).contains("rtsp://");

        Object clicked = console.execute("const b = document.querySelector(\"button[data-action='remove-camera'][data-camera='door']\");"
                + " if (b) { b.click(); } return Boolean(b);");
        assertThat(clicked).as("a remove button for the camera").isEqualTo(true);
        awaitStatus(s -> camerasOf(s, CAMERA_ROOM).isEmpty(), "the camera gone");
        assertThat(Http.get(server.api("rooms/" + CAMERA_ROOM + "/cameras"), Http.bearer(KEY)).body()).isEqualTo("[]");
    }

    @Test
    @Order(7)
    void closeRoomEndsTheRoomAndItsParticipantsAndNothingElse() throws Exception {
        // The removed viewer's browser presents in a room of its own, which the console closes.
        MeetingPage closing = closer.add(viewer.rejoin(server, CLOSING_ROOM, "Closing presenter", "presenter"));
        closing.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, TIMEOUT);
        console.open(server.meeting("admin/rooms.xhtml"));
        awaitStatus(s -> participantsOf(s, CLOSING_ROOM).size() == 1, "the room to close");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Boolean.TRUE.equals(console.execute("const b = document.querySelector(\"button[data-action='close'][data-room='\""
                + " + arguments[0] + \"']\"); if (b) { b.click(); } return Boolean(b);", CLOSING_ROOM))) {
            assertThat(System.nanoTime()).as("a Close room button for " + CLOSING_ROOM).isLessThan(deadline);
            PayaraMicro.sleep(200);
        }
        Map<String, Object> status = awaitStatus(s -> !roomIds(s).contains(CLOSING_ROOM), "the closed room gone");
        assertThat(roomIds(status)).as("the other rooms stay").contains(ROOM);
        assertThat(participantsOf(status, ROOM)).hasSize(1);
        closer.closeNow(closing);
    }

    @SuppressWarnings("unchecked")
    private static List<String> roomIds(Map<String, Object> status) {
        return status.get("rooms") instanceof List<?> rooms
                ? rooms.stream().map(r -> String.valueOf(((Map<String, Object>) r).get("id"))).toList() : List.of();
    }

    @Test
    @Order(8)
    void drainingTurnsReadinessDownKeepsLivenessUpAndRefusesJoins() throws IOException {
        console.open(server.meeting("admin/index.xhtml"));
        driver().findElement(By.id("drain")).click();
        awaitStatus(s -> s.get("instance") instanceof Map<?, ?> i && "draining".equals(i.get("state")), "draining");
        PayaraMicro.sleep(2500);
        screenshot("console-instance.png");
        assertThat(Http.get(server.base().resolve("/health/ready")).status()).isEqualTo(503);
        assertThat(Http.get(server.base().resolve("/health/live")).status()).isEqualTo(200);
        Http.Reply join = Http.put(server.api("rooms/" + ROOM + "/participants/late-1"),
                Map.of("name", "Late", "role", "viewer", "offer", Map.of("type", "offer", "sdp", "v=0\r\n", "rev", 1)));
        assertThat(join.status()).isEqualTo(503);
        assertThat(texts("#ready")).containsExactly("DOWN");
        assertThat(participantsOf(consoleStatus(), ROOM)).as("existing participants carry on").hasSize(1);
    }

    private static HttpResponse<String> postLogin(String password, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.meeting("admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + password));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    @Test
    @Order(9)
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndLogoutTakesAPost() throws Exception {
        HttpResponse<String> login = postLogin(PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + login.headers().map()));
        System.out.println("[numbers] console session cookie (development): " + cookie.replaceAll("=[^;]+;", "=...;"));
        List<String> flags = List.of(cookie.split(";\\s*"));
        assertThat(flags).contains("HttpOnly").anyMatch(f -> f.equalsIgnoreCase("SameSite=Strict"))
                .noneMatch(f -> f.equalsIgnoreCase("Secure"));
        String session = "Cookie";
        String value = flags.get(0);
        assertThat(send(HttpRequest.newBuilder(server.api("admin/status")).header(session, value).build()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> get = send(HttpRequest.newBuilder(server.meeting("admin/logout")).header(session, value).build());
        assertThat(get.statusCode()).as("logout by GET").isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(send(HttpRequest.newBuilder(server.api("admin/status")).header(session, value).build()).statusCode())
                .as("still logged in after the GET").isEqualTo(200);

        HttpResponse<String> post = send(HttpRequest.newBuilder(server.meeting("admin/logout")).header(session, value)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location").orElse("")).endsWith("/meeting/admin/login");
        assertThat(send(HttpRequest.newBuilder(server.api("admin/status")).header(session, value).build()).statusCode())
                .as("logged out by the POST").isEqualTo(401);
    }

    @Test
    @Order(10)
    void failedLoginsFromOneAddressAreThrottled() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(postLogin("wrong-" + i).statusCode()).as("failure %d of 5", i).isEqualTo(401);
        }
        HttpResponse<String> locked = postLogin("wrong-6");
        assertThat(locked.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElse("-1"));
        assertThat(retryAfter).isBetween(290L, 300L);
        assertThat(locked.body()).contains("Too many failed logins");
        HttpResponse<String> right = postLogin(PASSWORD);
        assertThat(right.statusCode()).as("even the right password while locked").isEqualTo(429);
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        System.out.printf("[numbers] console login throttle: 429 after 5 failures, Retry-After %d s%n", retryAfter);
        assertThat(Http.get(server.api("admin/status"), Http.bearer(KEY)).status()).as("the API key is not throttled")
                .isEqualTo(200);
    }

    @Test
    @Order(11)
    void shutdownWaitsBoundedForTheRoomsToEnd() throws Exception {
        long t0 = System.nanoTime();
        closer.closeNow(server);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String log = Files.readString(Deployables.workDir("console").resolve("server.log"));
        System.out.printf("[numbers] console: SIGTERM to exit with one open room (DRAIN_SECONDS=5): %d ms%n", ms);
        assertThat(log).as("the presenter's room was still open: the drain waited for it")
                .contains("draining: waiting up to 5 s").contains("drained: 1 room(s) still open");
        assertThat(ms).isBetween(4_500L, 45_000L);
    }
}
