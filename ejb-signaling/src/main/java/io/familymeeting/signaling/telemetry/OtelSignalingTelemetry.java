package io.familymeeting.signaling.telemetry;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.signaling.service.SignalingTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Signaling telemetry on the OpenTelemetry API that Payara serves (1.29; only calls that
 * exist there): a span {@code signaling.offer} per offer with the room, participant
 * (document id), role, offer rev and outcome, error status when refused, current while the
 * offer is handled (so log lines carry its trace id); a child span {@code media.connect}
 * from the answer to ICE+DTLS connected (or failed); counters of answers, refused offers,
 * transport failures (by phase: ice, dtls) and ICE failures, a histogram of answer latency,
 * gauges of the engine's rooms and participants, and counters of the media traffic from the
 * engine's participant snapshots ({@link TrafficTotals}, attribute {@code direction} "in" =
 * received from presenters, "out" = forwarded to viewers): packets, bytes, packets lost,
 * NACKs, PLIs and retransmissions; and the datagrams the media port refused since the engine
 * started ({@code familymeeting.media.dropped}, attribute {@code cause}: garbage, dtls_rejected,
 * srtp_auth_failed, srtp_replayed, srtcp_auth_failed, srtcp_replayed, srtp_invalid,
 * rtcp_malformed, unroutable, stun_rejected, overflow) and the remote candidates it ignored
 * ({@code familymeeting.ice.candidates.ignored}).
 */
public final class OtelSignalingTelemetry implements SignalingTelemetry {
    static final AttributeKey<String> ROOM = AttributeKey.stringKey("room.id");
    static final AttributeKey<String> PARTICIPANT = AttributeKey.stringKey("participant.id");
    static final AttributeKey<String> ROLE = AttributeKey.stringKey("participant.role");
    static final AttributeKey<Long> REV = AttributeKey.longKey("offer.rev");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("offer.outcome");
    static final AttributeKey<String> PHASE = AttributeKey.stringKey("failure.phase");
    static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
    static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
    static final AttributeKey<String> QUEUE = AttributeKey.stringKey("queue");
    private static final Attributes IN = Attributes.of(DIRECTION, "in");
    private static final Attributes OUT = Attributes.of(DIRECTION, "out");
    /** Answered offers waiting for their connection; bounded so lost events cannot grow it. */
    private static final int MAX_PENDING = 10_000;

    private final Tracer tracer;
    private final LongCounter answers;
    private final LongCounter refused;
    private final LongCounter failures;
    private final LongCounter iceFailures;
    private final LongCounter connections;
    private final DoubleHistogram latency;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final TrafficTotals traffic = new TrafficTotals();

    private record Pending(SpanContext offer, long answeredNanos) {
    }

    /**
     * @param engine the engine's counts for the gauges; may throw or return null when the
     *               engine cannot be asked (then nothing is observed)
     * @param rooms  the engine's rooms with their participants' track counters, for the
     *               traffic counters; may throw or return null like {@code engine}
     */
    public OtelSignalingTelemetry(OpenTelemetry otel, Supplier<EngineSnapshot> engine,
                                  Supplier<List<RoomSnapshot>> rooms) {
        tracer = otel.getTracer("io.familymeeting.signaling");
        Meter meter = otel.getMeter("io.familymeeting.signaling");
        answers = meter.counterBuilder("familymeeting.answers").setDescription("Offers answered").build();
        refused = meter.counterBuilder("familymeeting.offers.refused").setDescription("Offers refused").build();
        failures = meter.counterBuilder("familymeeting.transport.failures")
                .setDescription("ICE/DTLS failures of participants' media connections (failure.phase: ice, dtls)").build();
        iceFailures = meter.counterBuilder("familymeeting.ice.failures")
                .setDescription("Participants' media connections whose ICE failed (no pair, or consent lost)").build();
        // Exported from the start at 0, so "no failure" is a value and not a missing series.
        failures.add(0, Attributes.of(PHASE, "ice"));
        failures.add(0, Attributes.of(PHASE, "dtls"));
        iceFailures.add(0);
        connections = meter.counterBuilder("familymeeting.transport.connected")
                .setDescription("Media connections that reached ICE+DTLS connected").build();
        latency = meter.histogramBuilder("familymeeting.answer.latency").setUnit("ms")
                .setDescription("From an offer's arrival to its answer written").build();
        meter.gaugeBuilder("familymeeting.rooms").ofLongs().setDescription("Rooms served by this instance")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.rooms())));
        meter.gaugeBuilder("familymeeting.participants").ofLongs().setDescription("Participants over all rooms")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.participants())));
        meter.counterBuilder("familymeeting.media.dropped").setUnit("{packet}")
                .setDescription("Datagrams the media port refused, by cause (forged, replayed, malformed, "
                        + "unroutable, no room), departed participants included")
                .buildWithCallback(m -> observe(engine, s -> s.drops().byCause()
                        .forEach((cause, n) -> m.record(n, Attributes.of(CAUSE, cause)))));
        meter.counterBuilder("familymeeting.ice.candidates.ignored")
                .setDescription("Remote ICE candidates ignored because their network is not allowed")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.drops().candidatesIgnored())));
        meter.counterBuilder("familymeeting.events.dropped").setUnit("{event}")
                .setDescription("Events the media adapter's delivery queues could not take (queue: signal, whose "
                        + "room is read again once drained; media, lost)")
                .buildWithCallback(m -> observe(engine, s -> {
                    m.record(s.delivery().signalEventsDropped(), Attributes.of(QUEUE, "signal"));
                    m.record(s.delivery().mediaEventsDropped(), Attributes.of(QUEUE, "media"));
                }));
        meter.counterBuilder("familymeeting.rooms.resynced")
                .setDescription("Rooms whose documents were read again after their signal events overflowed")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.delivery().resyncs())));
        meter.gaugeBuilder("familymeeting.events.pending").ofLongs().setUnit("{event}")
                .setDescription("Events waiting in the media adapter's delivery queues")
                .buildWithCallback(m -> observe(engine, s -> m.record(s.delivery().pending())));
        ObservableLongMeasurement packets = meter.counterBuilder("familymeeting.media.packets").setUnit("{packet}")
                .setDescription("RTP packets received from presenters (in) and forwarded to viewers (out)").buildObserver();
        ObservableLongMeasurement bytes = meter.counterBuilder("familymeeting.media.bytes").setUnit("By")
                .setDescription("RTP payload bytes received from presenters (in) and forwarded to viewers (out)").buildObserver();
        ObservableLongMeasurement lost = meter.counterBuilder("familymeeting.media.packets.lost").setUnit("{packet}")
                .setDescription("Packets lost: sequence gaps from presenters (in), viewers' receiver reports (out)")
                .buildObserver();
        ObservableLongMeasurement nacks = meter.counterBuilder("familymeeting.media.nacks").setUnit("{packet}")
                .setDescription("NACKed packets: sent to presenters (in), received from viewers (out)").buildObserver();
        ObservableLongMeasurement plis = meter.counterBuilder("familymeeting.media.plis")
                .setDescription("Keyframe requests (PLI + FIR): sent to presenters (in), received from viewers (out)")
                .buildObserver();
        ObservableLongMeasurement retransmitted = meter.counterBuilder("familymeeting.media.retransmitted")
                .setUnit("{packet}").setDescription("Packets sent again to viewers after a NACK").buildObserver();
        meter.batchCallback(() -> observe(rooms, r -> {
            TrafficTotals.Totals t = traffic.update(r);
            record(packets, t, TrafficTotals.PACKETS);
            record(bytes, t, TrafficTotals.BYTES);
            record(lost, t, TrafficTotals.LOST);
            record(nacks, t, TrafficTotals.NACKS);
            record(plis, t, TrafficTotals.PLIS);
            retransmitted.record(t.out()[TrafficTotals.RETRANSMITTED], OUT);
        }), packets, bytes, lost, nacks, plis, retransmitted);
    }

    private static void record(ObservableLongMeasurement m, TrafficTotals.Totals t, int counter) {
        m.record(t.in()[counter], IN);
        m.record(t.out()[counter], OUT);
    }

    private static <T> void observe(Supplier<T> engine, java.util.function.Consumer<T> record) {
        try {
            T s = engine.get();
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
        Scope scope = span.makeCurrent();
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
                scope.close();
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
                scope.close();
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
        String phase = phase(detail);
        failures.add(1, Attributes.of(PHASE, phase));
        if ("ice".equals(phase)) {
            iceFailures.add(1);
        }
        endConnect(roomId, participantId, detail == null || detail.isEmpty() ? "failed" : detail);
    }

    /** "ice" or "dtls" from the engine's failure detail ("ICE: ...", "DTLS: ..."), else "other". */
    static String phase(String detail) {
        String d = detail == null ? "" : detail.toLowerCase(java.util.Locale.ROOT);
        return d.startsWith("ice") ? "ice" : d.startsWith("dtls") ? "dtls" : "other";
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
