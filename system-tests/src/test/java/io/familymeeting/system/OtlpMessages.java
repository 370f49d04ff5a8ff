package io.familymeeting.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of OTLP protobuf exports (opentelemetry-proto v1) the tests check, with a
 * protobuf wire reader of its own: the spans (name, trace and span ids) of
 * ExportTraceServiceRequest bodies, and the number data points (metric name, attributes,
 * value) of the sums and gauges in ExportMetricsServiceRequest bodies.
 */
final class OtlpMessages {
    record SpanInfo(String name, String traceId, String spanId) {
    }

    record Point(String metric, Map<String, String> attributes, double value) {
    }

    private OtlpMessages() {
    }

    static List<SpanInfo> spans(List<byte[]> bodies) {
        List<SpanInfo> out = new ArrayList<>();
        for (byte[] body : bodies) {
            Wire request = new Wire(body, 0, body.length);
            while (request.more()) {
                if (request.field() == 1) { // resource_spans
                    Wire resource = request.message();
                    while (resource.more()) {
                        if (resource.field() == 2) { // scope_spans
                            Wire scope = resource.message();
                            while (scope.more()) {
                                if (scope.field() == 2) { // spans
                                    out.add(span(scope.message()));
                                } else {
                                    scope.skip();
                                }
                            }
                        } else {
                            resource.skip();
                        }
                    }
                } else {
                    request.skip();
                }
            }
        }
        return out;
    }

    private static SpanInfo span(Wire w) {
        String name = "", trace = "", span = "";
        while (w.more()) {
            switch (w.field()) {
                case 1 -> trace = HexFormat.of().formatHex(w.bytes());
                case 2 -> span = HexFormat.of().formatHex(w.bytes());
                case 5 -> name = new String(w.bytes(), StandardCharsets.UTF_8);
                default -> w.skip();
            }
        }
        return new SpanInfo(name, trace, span);
    }

    static List<Point> points(List<byte[]> bodies) {
        List<Point> out = new ArrayList<>();
        for (byte[] body : bodies) {
            Wire request = new Wire(body, 0, body.length);
            while (request.more()) {
                if (request.field() == 1) { // resource_metrics
                    Wire resource = request.message();
                    while (resource.more()) {
                        if (resource.field() == 2) { // scope_metrics
                            Wire scope = resource.message();
                            while (scope.more()) {
                                if (scope.field() == 2) { // metrics
                                    metric(scope.message(), out);
                                } else {
                                    scope.skip();
                                }
                            }
                        } else {
                            resource.skip();
                        }
                    }
                } else {
                    request.skip();
                }
            }
        }
        return out;
    }

    /** The largest value of a metric's points whose attributes contain the given ones; -1 when none. */
    static double max(List<byte[]> bodies, String metric, Map<String, String> attributes) {
        return points(bodies).stream().filter(p -> p.metric().equals(metric)
                        && p.attributes().entrySet().containsAll(attributes.entrySet()))
                .mapToDouble(Point::value).max().orElse(-1);
    }

    private static void metric(Wire w, List<Point> out) {
        String name = "";
        List<Wire> data = new ArrayList<>();
        while (w.more()) {
            int f = w.field();
            if (f == 1) {
                name = new String(w.bytes(), StandardCharsets.UTF_8);
            } else if (f == 5 || f == 7) { // gauge, sum
                data.add(w.message());
            } else {
                w.skip();
            }
        }
        for (Wire d : data) {
            while (d.more()) {
                if (d.field() == 1) { // data_points
                    out.add(point(name, d.message()));
                } else {
                    d.skip();
                }
            }
        }
    }

    private static Point point(String metric, Wire w) {
        Map<String, String> attributes = new HashMap<>();
        double value = 0;
        while (w.more()) {
            switch (w.field()) {
                case 4 -> value = Double.longBitsToDouble(w.fixed64()); // as_double
                case 6 -> value = w.fixed64(); // as_int (sfixed64)
                case 7 -> { // attributes: KeyValue {key, AnyValue {string_value}}
                    Wire kv = w.message();
                    String key = "", v = "";
                    while (kv.more()) {
                        int f = kv.field();
                        if (f == 1) {
                            key = new String(kv.bytes(), StandardCharsets.UTF_8);
                        } else if (f == 2) {
                            Wire any = kv.message();
                            while (any.more()) {
                                if (any.field() == 1) {
                                    v = new String(any.bytes(), StandardCharsets.UTF_8);
                                } else {
                                    any.skip();
                                }
                            }
                        } else {
                            kv.skip();
                        }
                    }
                    attributes.put(key, v);
                }
                default -> w.skip();
            }
        }
        return new Point(metric, attributes, value);
    }

    /** Protobuf wire format over a byte range: a field's tag, then its value read or skipped. */
    private static final class Wire {
        private final byte[] b;
        private final int end;
        private int pos;
        private int wireType;

        Wire(byte[] b, int start, int end) {
            this.b = b;
            this.pos = start;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int field() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long at " + pos);
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (b[pos++] & 0xffL) << (8 * i);
            }
            return v;
        }

        Wire message() {
            int len = (int) varint();
            Wire w = new Wire(b, pos, pos + len);
            pos += len;
            return w;
        }

        byte[] bytes() {
            int len = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int len = (int) varint(); // not "pos += varint()": that adds to pos as it was before the varint
                    pos += len;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("wire type " + wireType + " at " + pos);
            }
        }
    }
}
