package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MicroProfile Telemetry end to end: Payara Micro exports over OTLP/HTTP (protobuf) to a
 * receiver in the test ({@link OtlpReceiver}) while one presenter and one viewer meet in
 * headless Chromium and one malformed offer is refused. The spans carry the room and
 * participant ids, the connection span follows the answer, and the signaling metrics arrive.
 */
@ExtendWith(LoopbackOnly.class)
class TelemetryIT {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final String ROOM = "telemetry-room";

    private static OtlpReceiver otlp;
    private static PayaraMicro server;
    private static final List<MeetingPage> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        otlp = new OtlpReceiver();
        server = PayaraMicro.start("telemetry", Deployables.freeUdpPort(), Map.of(
                "APP_NAME", "fm-telemetry-it",
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "500",
                "OTEL_METRIC_EXPORT_INTERVAL", "1000"));
    }

    @AfterAll
    static void stop() {
        pages.forEach(MeetingPage::close);
        if (server != null) {
            server.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void aMeetingIsExportedAsSpansAndMetrics() {
        long t0 = System.nanoTime();
        MeetingPage presenter = MeetingPage.join(server, ROOM, "Presenter", "presenter");
        pages.add(presenter);
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        MeetingPage viewer = MeetingPage.join(server, ROOM, "Viewer", "viewer");
        pages.add(viewer);
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
                "familymeeting.rooms", "familymeeting.participants", "familymeeting.transport.connected")) {
            await("metric " + metric, () -> OtlpReceiver.contains(otlp.metrics, metric));
        }
        System.out.printf("[numbers] telemetry: first offer span at the receiver %d ms after the first join; "
                        + "%d trace exports (%d bytes), %d metric exports (%d bytes)%n", firstSpanMillis,
                otlp.traces.size(), OtlpReceiver.bytes(otlp.traces), otlp.metrics.size(), OtlpReceiver.bytes(otlp.metrics));
        assertThat(otlp.others).as("nothing posted elsewhere (logs exporter off)").isEmpty();
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
