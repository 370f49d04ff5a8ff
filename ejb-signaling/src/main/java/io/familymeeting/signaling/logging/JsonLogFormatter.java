package io.familymeeting.signaling.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601, UTC), {@code level} (JUL's name),
 * {@code severity} (Cloud Logging's: DEBUG, INFO, WARNING, ERROR), {@code logger},
 * {@code thread}, {@code message} (parameters filled in), {@code thrown} (the stack trace,
 * when there is one) and, when an OpenTelemetry span was current where the line was logged,
 * {@code trace_id} and {@code span_id} (lower-case hex) plus Cloud Logging's
 * {@code logging.googleapis.com/trace} / {@code spanId} fields when the project is known.
 *
 * <p>A handler may format on a thread of its own (Payara Server's file handler does), so the
 * span is taken where the record is logged: {@link #capture} (the handler's filter,
 * {@link JsonLogging}) remembers it per record; without a capture the formatting thread's
 * current span is used.
 */
public final class JsonLogFormatter extends Formatter {
    /** [trace id, span id] of the current span, or null; must never throw. */
    private final Supplier<String[]> currentSpan;
    private final String project;
    private final Map<LogRecord, String[]> captured = new WeakHashMap<>();

    /**
     * @param currentSpan the current span's ids (null when there is none)
     * @param project     the Google Cloud project for Cloud Logging's trace field; empty: none
     */
    public JsonLogFormatter(Supplier<String[]> currentSpan, String project) {
        this.currentSpan = currentSpan;
        this.project = project == null ? "" : project.trim();
    }

    /** Remembers the span current on the logging thread for this record. */
    void capture(LogRecord record) {
        String[] ids = currentSpan.get();
        if (ids != null) {
            synchronized (captured) {
                captured.put(record, ids);
            }
        }
    }

    @Override
    public String format(LogRecord record) {
        String[] ids;
        synchronized (captured) {
            ids = captured.remove(record);
        }
        if (ids == null) {
            ids = currentSpan.get();
        }
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "timestamp", Instant.ofEpochMilli(record.getMillis()).toString(), true);
        field(b, "level", record.getLevel().getName(), false);
        field(b, "severity", severity(record.getLevel()), false);
        field(b, "logger", record.getLoggerName() == null ? "" : record.getLoggerName(), false);
        field(b, "thread", Long.toString(record.getLongThreadID()), false);
        field(b, "message", message(record), false);
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            field(b, "thrown", w.toString(), false);
        }
        if (ids != null) {
            field(b, "trace_id", ids[0], false);
            field(b, "span_id", ids[1], false);
            if (!project.isEmpty()) {
                field(b, "logging.googleapis.com/trace", "projects/" + project + "/traces/" + ids[0], false);
                field(b, "logging.googleapis.com/spanId", ids[1], false);
            }
        }
        return b.append('}').append(System.lineSeparator()).toString();
    }

    private String message(LogRecord record) {
        try {
            String m = formatMessage(record);
            return m == null ? "" : m;
        } catch (RuntimeException e) {
            return String.valueOf(record.getMessage());
        }
    }

    static String severity(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARNING"
                : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    private static void field(StringBuilder b, String name, String value, boolean first) {
        if (!first) {
            b.append(',');
        }
        quote(b, name).append(':');
        quote(b, value);
    }

    /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
