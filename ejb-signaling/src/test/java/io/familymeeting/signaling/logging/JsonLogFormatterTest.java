package io.familymeeting.signaling.logging;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** One JSON object per line, parsed back with a JSON parser: fields, escaping, thrown, trace ids. */
class JsonLogFormatterTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static JsonObject parse(String line) {
        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r");
        return Json.createReader(new StringReader(line)).readObject();
    }

    @Test
    void aLineWithoutASpanHasTheBasicFields() {
        LogRecord r = new LogRecord(Level.WARNING, "room {0} said \"hi\"\n\tand\u0001 left \\ ok");
        r.setParameters(new Object[] {"r1"});
        r.setLoggerName("io.familymeeting.X");
        r.setInstant(java.time.Instant.parse("2026-12-01T23:59:58.123Z"));
        JsonObject o = parse(new JsonLogFormatter(() -> null, "").format(r));
        assertThat(o.getString("timestamp")).isEqualTo("2026-12-01T23:59:58.123Z");
        assertThat(o.getString("level")).isEqualTo("WARNING");
        assertThat(o.getString("severity")).isEqualTo("WARNING");
        assertThat(o.getString("logger")).isEqualTo("io.familymeeting.X");
        assertThat(o.getString("message")).isEqualTo("room r1 said \"hi\"\n\tand\u0001 left \\ ok");
        assertThat(o.containsKey("trace_id")).isFalse();
        assertThat(o.containsKey("thrown")).isFalse();
    }

    @Test
    void aThrowableAndTheCurrentSpanAreIncluded() {
        LogRecord r = new LogRecord(Level.SEVERE, "failed");
        r.setThrown(new IllegalStateException("boom"));
        JsonObject o = parse(new JsonLogFormatter(() -> new String[] {TRACE, SPAN}, "my-project").format(r));
        assertThat(o.getString("severity")).isEqualTo("ERROR");
        assertThat(o.getString("logger")).isEmpty();
        assertThat(o.getString("thrown")).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
        assertThat(o.getString("trace_id")).isEqualTo(TRACE);
        assertThat(o.getString("span_id")).isEqualTo(SPAN);
        assertThat(o.getString("logging.googleapis.com/trace")).isEqualTo("projects/my-project/traces/" + TRACE);
        assertThat(o.getString("logging.googleapis.com/spanId")).isEqualTo(SPAN);
    }

    @Test
    void theSpanCapturedWhereTheLineWasLoggedWinsOverTheFormattingThreads() {
        AtomicReference<String[]> current = new AtomicReference<>(new String[] {TRACE, SPAN});
        JsonLogFormatter f = new JsonLogFormatter(current::get, "");
        LogRecord r = new LogRecord(Level.INFO, "answered");
        f.capture(r);
        current.set(null); // formatted later, on a thread without the span
        assertThat(parse(f.format(r)).getString("trace_id")).isEqualTo(TRACE);
        assertThat(parse(f.format(new LogRecord(Level.FINE, "other"))).containsKey("trace_id")).isFalse();
        assertThat(JsonLogFormatter.severity(Level.FINE)).isEqualTo("DEBUG");
        assertThat(JsonLogFormatter.severity(Level.INFO)).isEqualTo("INFO");
    }

    @Test
    void installingOnTheRootHandlersFormatsAndCapturesAndCloseRestores() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.logging.StreamHandler h = new java.util.logging.StreamHandler(bytes, new java.util.logging.SimpleFormatter());
        root.addHandler(h);
        try (JsonLogging j = JsonLogging.install(() -> new String[] {TRACE, SPAN}, "")) {
            assertThat(j.handlers()).isGreaterThanOrEqualTo(1);
            java.util.logging.Logger.getLogger("io.familymeeting.test").info("inside a span");
            h.flush();
            String line = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(parse(line).getString("trace_id")).isEqualTo(TRACE);
            assertThat(parse(line).getString("message")).isEqualTo("inside a span");
        } finally {
            root.removeHandler(h);
        }
        assertThat(h.getFormatter()).isInstanceOf(java.util.logging.SimpleFormatter.class);
        assertThat(h.getFilter()).isNull();
    }
}
