package io.familymeeting.signaling.telemetry;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.signaling.service.SignalingTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Signaling telemetry on the OpenTelemetry API that Payara serves (1.29; only calls that
 * exist there): a span {@code signaling.offer} per offer with the room, participant
 * (document id), role, offer rev and outcome, error status when refused; a child span
 * {@code media.connect} from the answer to ICE+DTLS connected (or failed); counters of
 * answers, refused offers and transport failures, a histogram of answer latency and gauges
 * of the engine's rooms and participants.
 */
public final class OtelSignalingTelemetry implements SignalingTelemetry {
    static final AttributeKey<String> ROOM = AttributeKey.stringKey("room.id");
    static final AttributeKey<String> PARTICIPANT = AttributeKey.stringKey("participant.id");
    static final AttributeKey<String> ROLE = AttributeKey.stringKey("participant.role");
    static final AttributeKey<Long> REV = AttributeKey.longKey("offer.rev");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("offer.outcome");
    /** Answered offers waiting for their connection; bounded so lost events cannot grow it. */
    private static final int MAX_PENDING = 10_000;

    private final Tracer tracer;
    private final LongCounter answers;
    private final LongCounter refused;
    private final LongCounter failures;
    private final LongCounter connections;
    private final DoubleHistogram latency;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(SpanContext offer, long answeredNanos) {
    }

    /**
     * @param engine the engine's counts for the gauges; may throw or return null when the
     *               engine cannot be asked (then nothing is observed)
     */
    public OtelSignalingTelemetry(OpenTelemetry otel, Supplier<EngineSnapshot> engine) {
        tracer = otel.getTracer("io.familymeeting.signaling");
        Meter meter = otel.getMeter("io.familymeeting.signaling");
        answers = meter.counterBuilder("familymeeting.answers").setDescription("Offers answered").build();
        refused = meter.counterBuilder("familymeeting.offers.refused").setDescription("Offers refused").build();
        failures = meter.counterBuilder("familymeeting.transport.failures")
                .setDescription("ICE/DTLS failures of participants' media connections").build();
        connections = meter.counterBuilder("familymeeting.transport.connected")
                .setDescription("Media connections that reached ICE+DTLS connected").build();
        latency = meter.histogramBuilder("familymeeting.answer.latency").setUnit("ms")
                .setDescription("From an offer's arrival to its answer written").build();
        meter.gaugeBuilder("familymeeting.rooms").ofLongs().setDescription("Rooms served by this instance")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.rooms())));
        meter.gaugeBuilder("familymeeting.participants").ofLongs().setDescription("Participants over all rooms")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.participants())));
    }

    private static void observe(Supplier<EngineSnapshot> engine, java.util.function.Consumer<EngineSnapshot> record) {
        try {
            EngineSnapshot s = engine.get();
            if (s != null) {
                record.accept(s);
            }
        } catch (RuntimeException e) {
            // the engine is gone (undeploy) or busy: no observation this time
        }
    }

    private static String key(String roomId, String participantId) {
        return roomId + "/" + participantId;
    }

    @Override
    public Offer offer(String roomId, String participantId, long rev) {
        long start = System.nanoTime();
        Span span = tracer.spanBuilder("signaling.offer").setSpanKind(SpanKind.SERVER).setNoParent()
                .setAttribute(ROOM, roomId).setAttribute(PARTICIPANT, participantId).setAttribute(REV, rev)
                .startSpan();
        return new Offer() {
            private String role = "";

            @Override
            public void role(String r) {
                role = r;
                span.setAttribute(ROLE, r);
            }

            @Override
            public void answered() {
                span.setAttribute(OUTCOME, "answered");
                span.end();
                long now = System.nanoTime();
                latency.record((now - start) / 1e6, Attributes.of(ROLE, role));
                answers.add(1, Attributes.of(ROLE, role));
                if (pending.size() >= MAX_PENDING) {
                    pending.clear();
                }
                pending.put(key(roomId, participantId), new Pending(span.getSpanContext(), now));
            }

            @Override
            public void refused(String reason) {
                span.setAttribute(OUTCOME, "refused");
                span.setStatus(StatusCode.ERROR, reason == null ? "refused" : reason);
                span.end();
                refused.add(1);
            }
        };
    }

    @Override
    public void connected(String roomId, String participantId) {
        connections.add(1);
        endConnect(roomId, participantId, null);
    }

    @Override
    public void failed(String roomId, String participantId, String detail) {
        failures.add(1);
        endConnect(roomId, participantId, detail == null || detail.isEmpty() ? "failed" : detail);
    }

    /** The child span from the answer to the connection's outcome, when the answer is known. */
    private void endConnect(String roomId, String participantId, String error) {
        Pending p = pending.remove(key(roomId, participantId));
        if (p == null) {
            return;
        }
        long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())
                - (System.nanoTime() - p.answeredNanos());
        Span span = tracer.spanBuilder("media.connect").setParent(Context.root().with(Span.wrap(p.offer())))
                .setSpanKind(SpanKind.INTERNAL).setAttribute(ROOM, roomId).setAttribute(PARTICIPANT, participantId)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS).startSpan();
        span.setAttribute(OUTCOME, error == null ? "connected" : "failed");
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error);
        }
        span.end();
    }
}
