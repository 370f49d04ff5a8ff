package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP exporter's default protocol, gRPC (what the Kubernetes ConfigMap uses, to the
 * collector sidecar on port 4317): Payara Micro without {@code OTEL_EXPORTER_OTLP_PROTOCOL}
 * exports a meeting's spans and metrics to a gRPC receiver in the test ({@link GrpcOtlpReceiver}).
 */
@ExtendWith(LoopbackOnly.class)
class TelemetryGrpcIT {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final String ROOM = "telemetry-grpc-room";

    private static final Closer closer = new Closer();
    private static GrpcOtlpReceiver otlp;
    private static PayaraMicro server;

    @BeforeAll
    static void start() {
        otlp = closer.add(new GrpcOtlpReceiver());
        server = closer.add(PayaraMicro.start("telemetry-grpc", Deployables.freeUdpPort(), Map.of(
                "OTEL_SERVICE_NAME", "fm-telemetry-grpc-it",
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "500",
                "OTEL_METRIC_EXPORT_INTERVAL", "1000")));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    void aMeetingIsExportedOverGrpc() {
        MeetingPage presenter = closer.add(MeetingPage.join(server, ROOM, "Presenter", "presenter"));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        MeetingPage viewer = closer.add(MeetingPage.join(server, ROOM, "Viewer", "viewer"));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);

        await("the offer spans of both participants", () -> OtlpMessages.spans(otlp.traces).stream()
                .filter(s -> s.name().equals("signaling.offer")).count() >= 2);
        await("the connection spans", () -> OtlpMessages.spans(otlp.traces).stream()
                .filter(s -> s.name().equals("media.connect")).count() >= 2);
        assertThat(OtlpReceiver.contains(otlp.traces, ROOM)).as("room id attribute").isTrue();
        assertThat(OtlpReceiver.contains(otlp.traces, "fm-telemetry-grpc-it")).as("service name").isTrue();
        await("forwarded packets", () -> OtlpMessages.max(otlp.metrics, "familymeeting.media.packets",
                Map.of("direction", "out")) > 100);
        await("answers counted per role", () -> OtlpMessages.max(otlp.metrics, "familymeeting.answers",
                Map.of("participant.role", "presenter")) >= 1
                && OtlpMessages.max(otlp.metrics, "familymeeting.answers", Map.of("participant.role", "viewer")) >= 1);
        System.out.printf("[numbers] telemetry over gRPC: %d trace exports (%d bytes), %d metric exports (%d bytes)%n",
                otlp.traces.size(), OtlpReceiver.bytes(otlp.traces), otlp.metrics.size(), OtlpReceiver.bytes(otlp.metrics));
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
