package io.familymeeting.signaling.telemetry;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Maps the deployment's variables onto the {@code otel.*} properties Payara's MicroProfile
 * Telemetry reads: {@code DISABLE_TELEMETRY} (default false) becomes {@code otel.sdk.disabled};
 * with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, traces and metrics are exported over OTLP to
 * it, without it the exporters are {@code none} (nothing is sent, nothing fails);
 * {@code OTEL_SERVICE_NAME} defaults to {@code APP_NAME}. Values come from system
 * properties, then environment variables. Its ordinal is below both, so an explicit
 * {@code otel.*} property still wins.
 */
public final class TelemetryConfigSource implements ConfigSource {
    private final Map<String, String> properties;

    public TelemetryConfigSource() {
        this(TelemetryConfigSource::lookup);
    }

    TelemetryConfigSource(UnaryOperator<String> env) {
        properties = properties(env);
    }

    static Map<String, String> properties(UnaryOperator<String> env) {
        Map<String, String> p = new HashMap<>();
        boolean disabled = "true".equalsIgnoreCase(value(env, "DISABLE_TELEMETRY", "false"));
        String endpoint = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT", "");
        p.put("otel.sdk.disabled", Boolean.toString(disabled));
        p.put("otel.service.name", value(env, "OTEL_SERVICE_NAME", value(env, "APP_NAME", "family-meeting")));
        String exporter = endpoint.isEmpty() ? "none" : "otlp";
        p.put("otel.traces.exporter", exporter);
        p.put("otel.metrics.exporter", exporter);
        p.put("otel.logs.exporter", "none");
        if (!endpoint.isEmpty()) {
            p.put("otel.exporter.otlp.endpoint", endpoint);
        }
        return Map.copyOf(p);
    }

    /** DISABLE_TELEMETRY as this source reads it. */
    static boolean disabled() {
        return "true".equalsIgnoreCase(value(TelemetryConfigSource::lookup, "DISABLE_TELEMETRY", "false"));
    }

    private static String lookup(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    private static String value(UnaryOperator<String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "family-meeting telemetry";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
