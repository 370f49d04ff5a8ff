package io.familymeeting.signaling.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Switches the server's log handlers (those of the root logger) to {@link JsonLogFormatter}
 * and back. Each handler keeps its destination (Payara Micro: the console; Payara Server:
 * server.log and the console) and gets a filter in front of its own that records the span
 * current where a line is logged. {@link #close()} puts the previous formatters and filters
 * back (undeploy).
 */
public final class JsonLogging implements AutoCloseable {
    private record Saved(Handler handler, Formatter formatter, Filter filter) {
    }

    private final List<Saved> saved = new ArrayList<>();

    private JsonLogging() {
    }

    /** Installs the JSON formatter on the root logger's handlers. */
    public static JsonLogging install(Supplier<String[]> currentSpan, String project) {
        JsonLogging j = new JsonLogging();
        for (Handler h : Logger.getLogger("").getHandlers()) {
            JsonLogFormatter f = new JsonLogFormatter(currentSpan, project);
            Filter previous = h.getFilter();
            j.saved.add(new Saved(h, h.getFormatter(), previous));
            h.setFilter(record -> {
                boolean loggable = previous == null || previous.isLoggable(record);
                if (loggable) {
                    f.capture(record);
                }
                return loggable;
            });
            h.setFormatter(f);
        }
        return j;
    }

    /** How many handlers write JSON. */
    public int handlers() {
        return saved.size();
    }

    @Override
    public void close() {
        for (Saved s : saved) {
            s.handler().setFormatter(s.formatter());
            s.handler().setFilter(s.filter());
        }
        saved.clear();
    }
}
