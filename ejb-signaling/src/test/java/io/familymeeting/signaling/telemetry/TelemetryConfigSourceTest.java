package io.familymeeting.signaling.telemetry;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryConfigSourceTest {

    @Test
    void withoutAnEndpointNothingIsExported() {
        Map<String, String> p = TelemetryConfigSource.properties(Map.<String, String>of()::get);
        assertThat(p).containsEntry("otel.sdk.disabled", "false")
                .containsEntry("otel.traces.exporter", "none")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.service.name", "family-meeting")
                .doesNotContainKey("otel.exporter.otlp.endpoint");
    }

    @Test
    void anEndpointTurnsOtlpOnAndTheServiceNameFollowsAppName() {
        Map<String, String> p = TelemetryConfigSource.properties(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "APP_NAME", "fm")::get);
        assertThat(p).containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.metrics.exporter", "otlp")
                .containsEntry("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318")
                .containsEntry("otel.service.name", "fm");
        assertThat(TelemetryConfigSource.properties(Map.of("APP_NAME", "fm", "OTEL_SERVICE_NAME", "svc")::get))
                .containsEntry("otel.service.name", "svc");
    }

    @Test
    void disableTelemetryDisablesTheSdk() {
        assertThat(TelemetryConfigSource.properties(Map.of("DISABLE_TELEMETRY", "TRUE")::get))
                .containsEntry("otel.sdk.disabled", "true");
    }
}
