package io.familymeeting.signaling.telemetry;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.signaling.service.SignalingTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the signaling telemetry at startup: OpenTelemetry from MicroProfile Telemetry when
 * the server provides it (Payara exports only with {@code otel.sdk.disabled=false}, see
 * {@link TelemetryConfigSource}), otherwise {@link SignalingTelemetry#NOOP}. Never fails the
 * deployment.
 */
public final class TelemetrySetup {
    private static final Logger LOG = Logger.getLogger(TelemetrySetup.class.getName());

    private TelemetrySetup() {
    }

    public static SignalingTelemetry create(Instance<OpenTelemetry> otel, Supplier<EngineSnapshot> engine,
                                            Supplier<List<RoomSnapshot>> rooms) {
        if (TelemetryConfigSource.disabled()) {
            LOG.info("telemetry disabled (DISABLE_TELEMETRY)");
            return SignalingTelemetry.NOOP;
        }
        try {
            if (otel == null || !otel.isResolvable()) {
                LOG.info("telemetry: no OpenTelemetry from the server; nothing is recorded");
                return SignalingTelemetry.NOOP;
            }
            return new OtelSignalingTelemetry(otel.get(), engine, rooms);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "telemetry unavailable; nothing is recorded", e);
            return SignalingTelemetry.NOOP;
        }
    }

    /**
     * [trace id, span id] (lower-case hex) of the OpenTelemetry span current on this thread,
     * or null when there is none (or no OpenTelemetry API); for the JSON log lines.
     */
    public static String[] currentSpanIds() {
        try {
            SpanContext c = Span.current().getSpanContext();
            return c.isValid() ? new String[] {c.getTraceId(), c.getSpanId()} : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
