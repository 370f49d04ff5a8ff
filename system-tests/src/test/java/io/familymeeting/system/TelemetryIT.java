package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MicroProfile Telemetry end to end: Payara Micro with {@code RUN_TIME_ENV=production} exports
 * over OTLP/HTTP (protobuf) to a receiver in the test ({@link OtlpReceiver}, read with
 * {@link OtlpMessages}) while one presenter and one viewer meet in headless Chromium and one
 * malformed offer is refused. The spans carry the room and participant ids, the connection
 * span follows the answer, the signaling metrics arrive, the media counters (forwarded and
 * received packets and bytes, loss, NACKs, PLIs, retransmissions) arrive with non-zero
 * traffic, and the server log is JSON lines (Payara's while it boots, with the image's
 * logging-production.properties, then the application's) whose answer line carries the offer
 * span's trace and span ids. Sharing its production server: the console's session cookie is
 * Secure there (besides HttpOnly and SameSite=Strict).
 */
@ExtendWith(LoopbackOnly.class)
class TelemetryIT {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final String ROOM = "telemetry-room";
    private static final String ADMIN_PASSWORD = "telemetry-it-Pw-7";
    private static final Map<String, String> IN = Map.of("direction", "in");
    private static final Map<String, String> OUT = Map.of("direction", "out");

    private static final Closer closer = new Closer();
    private static OtlpReceiver otlp;
    private static PayaraMicro server;

    @BeforeAll
    static void start() {
        otlp = closer.add(new OtlpReceiver());
        server = closer.add(PayaraMicro.start("telemetry", Deployables.freeUdpPort(), Map.of(
                "APP_NAME", "fm-telemetry-it",
                "RUN_TIME_ENV", "production",
                // the pages join by plain links here; token mode is TokenAccessIT's
                "ACCESS_MODE", "open",
                "ADMIN_PASSWORD", ADMIN_PASSWORD,
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "500",
                "OTEL_METRIC_EXPORT_INTERVAL", "1000")));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    void aMeetingIsExportedAsSpansAndMetrics() {
        long t0 = System.nanoTime();
        MeetingPage presenter = closer.add(MeetingPage.join(server, ROOM, "Presenter", "presenter"));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        MeetingPage viewer = closer.add(MeetingPage.join(server, ROOM, "Viewer", "viewer"));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        Http.put(server.api("rooms/" + ROOM + "/participants/garbage-1"),
                Map.of("name", "Broken", "role", "viewer", "offer", Map.of("type", "offer", "sdp", "not SDP", "rev", 1)));

        await("an offer span with the room id", () -> OtlpReceiver.contains(otlp.traces, "signaling.offer")
                && OtlpReceiver.contains(otlp.traces, ROOM));
        long firstSpanMillis = (System.nanoTime() - t0) / 1_000_000;
        await("both participants' ids in spans", () -> OtlpReceiver.contains(otlp.traces, presenter.participantId())
                && OtlpReceiver.contains(otlp.traces, viewer.participantId()));
        await("the connection span", () -> OtlpReceiver.contains(otlp.traces, "media.connect")
                && OtlpReceiver.contains(otlp.traces, "connected"));
        await("the refused offer's span", () -> OtlpReceiver.contains(otlp.traces, "garbage-1")
                && OtlpReceiver.contains(otlp.traces, "refused"));
        assertThat(OtlpReceiver.contains(otlp.traces, "fm-telemetry-it")).as("service name from APP_NAME").isTrue();
        assertThat(OtlpReceiver.contains(otlp.traces, "presenter")).as("role attribute").isTrue();

        for (String metric : List.of("familymeeting.answers", "familymeeting.answer.latency", "familymeeting.offers.refused",
                "familymeeting.rooms", "familymeeting.participants", "familymeeting.transport.connected",
                "familymeeting.transport.failures", "familymeeting.ice.failures", "familymeeting.media.dropped",
                "familymeeting.ice.candidates.ignored", "familymeeting.events.dropped", "familymeeting.rooms.resynced",
                "familymeeting.events.pending")) {
            await("metric " + metric, () -> OtlpReceiver.contains(otlp.metrics, metric));
        }
        await("rooms and participants gauges of the meeting", () -> max("familymeeting.rooms", Map.of()) >= 1
                && max("familymeeting.participants", Map.of()) >= 2);
        await("forwarded and received packets and bytes", () -> max("familymeeting.media.packets", OUT) > 100
                && max("familymeeting.media.bytes", OUT) > 10_000 && max("familymeeting.media.packets", IN) > 100
                && max("familymeeting.media.bytes", IN) > 10_000);
        for (String metric : List.of("familymeeting.media.packets.lost", "familymeeting.media.nacks",
                "familymeeting.media.plis", "familymeeting.media.retransmitted")) {
            await("metric " + metric, () -> max(metric, OUT) >= 0);
        }
        assertThat(max("familymeeting.ice.failures", Map.of())).as("no ICE failure in this meeting").isZero();
        System.out.printf("[numbers] telemetry metrics: forwarded %.0f packets / %.0f bytes, received %.0f packets / %.0f bytes,"
                        + " lost in/out %.0f/%.0f, NACKs in/out %.0f/%.0f, PLIs in/out %.0f/%.0f%n",
                max("familymeeting.media.packets", OUT), max("familymeeting.media.bytes", OUT),
                max("familymeeting.media.packets", IN), max("familymeeting.media.bytes", IN),
                max("familymeeting.media.packets.lost", IN), max("familymeeting.media.packets.lost", OUT),
                max("familymeeting.media.nacks", IN), max("familymeeting.media.nacks", OUT),
                max("familymeeting.media.plis", IN), max("familymeeting.media.plis", OUT));
        System.out.printf("[numbers] telemetry: first offer span at the receiver %d ms after the first join; "
                        + "%d trace exports (%d bytes), %d metric exports (%d bytes)%n", firstSpanMillis,
                otlp.traces.size(), OtlpReceiver.bytes(otlp.traces), otlp.metrics.size(), OtlpReceiver.bytes(otlp.metrics));
        assertThat(otlp.others).as("nothing posted elsewhere (logs exporter off)").isEmpty();
    }

    @Test
    void inProductionTheConsoleSessionCookieIsSecure() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.meeting("admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + login.headers().map()));
        assertThat(List.of(cookie.split(";\\s*"))).contains("Secure", "HttpOnly").anyMatch(f -> f.equalsIgnoreCase("SameSite=Strict"));
    }

    @Test
    void inProductionTheServerLogIsJsonLinesAndTheAnswerLineCarriesTheOfferSpansIds() throws Exception {
        MeetingPage presenter = closer.add(MeetingPage.join(server, ROOM + "-log", "Logged", "presenter"));
        presenter.awaitStats(s -> s.connected(), MEDIA_TIMEOUT);
        String answered = "answered rooms/" + ROOM + "-log/participants/" + presenter.participantId() + " rev ";
        await("the answer's log line", () -> log().stream().anyMatch(l -> l.contains(answered)));
        List<String> lines = log();
        int from = -1;
        for (int i = 0; i < lines.size() && from < 0; i++) {
            if (lines.get(i).contains("logging: JSON lines with trace ids (RUN_TIME_ENV=production)")) {
                from = i;
            }
        }
        assertThat(from).as("the switch to the application's formatter is logged").isGreaterThan(0);
        List<String> notJson = lines.stream().filter(l -> !l.isBlank() && json(l) == null).toList();
        assertThat(notJson).as("log lines that are not JSON objects (Payara's while it boots, then the application's)")
                .isEmpty();
        assertThat(json(lines.get(0)).getString("LogMessage", "")).as("Payara's first line, by its JSONLogFormatter")
                .isNotEmpty();
        List<String> after = lines.subList(from, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        JsonObject line = after.stream().map(TelemetryIT::json).filter(o -> o.getString("message", "").contains(answered))
                .findFirst().orElseThrow();
        System.out.println("[numbers] telemetry log: " + from + " JSON lines by Payara while booting, " + after.size()
                + " by the application's formatter; answer line " + line);
        assertThat(line.getString("level")).isEqualTo("INFO");
        assertThat(line.getString("logger")).isEqualTo("io.familymeeting.signaling.service.ParticipantSignaling");
        assertThat(line.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        String traceId = line.getString("trace_id", "");
        String spanId = line.getString("span_id", "");
        assertThat(traceId).matches("[0-9a-f]{32}");
        await("the offer span of the logged answer", () -> OtlpMessages.spans(otlp.traces).stream()
                .anyMatch(s -> s.name().equals("signaling.offer") && s.traceId().equals(traceId) && s.spanId().equals(spanId)));
        assertThat(after.stream().map(TelemetryIT::json).filter(o -> o.containsKey("thrown")).map(o -> o.getString("thrown")))
                .as("a thrown field is a stack trace").allMatch(t -> t.contains("\tat ") || t.contains("\n"));
    }

    private static List<String> log() {
        try {
            return Files.readAllLines(Deployables.workDir("telemetry").resolve("server.log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonObject json(String line) {
        try (JsonReader r = Json.createReader(new StringReader(line))) {
            return r.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double max(String metric, Map<String, String> attributes) {
        return OtlpMessages.max(otlp.metrics, metric, attributes);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + EXPORT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not received within " + EXPORT_TIMEOUT + ": " + what + " (" + otlp.traces.size()
                        + " trace and " + otlp.metrics.size() + " metric exports)\n" + server.logTail());
            }
            PayaraMicro.sleep(200);
        }
    }
}
