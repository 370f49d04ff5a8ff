package io.familymeeting.signaling.store.firestore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@link FirestoreStore#isConnected()} and {@link FirestoreStore#lastError()} report:
 * the set of currently failing sources (the probe, each listener), each with its last
 * error. Connected means none is failing. State changes are logged once, not per retry.
 *
 * <p>Not a retry mechanism: the store and its listeners retry; this only keeps the score.
 */
final class ConnectionHealth {
    private static final Logger LOG = Logger.getLogger(ConnectionHealth.class.getName());

    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private volatile String lastError = "";

    void failed(String source, Throwable error) {
        String message = source + ": " + describe(error);
        lastError = message;
        if (failing.put(source, message) == null) {
            LOG.log(Level.WARNING, "Firestore " + message, error);
        } else {
            LOG.log(Level.FINE, "Firestore still failing, " + message);
        }
    }

    void ok(String source) {
        if (failing.remove(source) != null) {
            LOG.info("Firestore " + source + " recovered");
        }
    }

    /** Forgets a source that no longer exists (a closed listener). */
    void forget(String source) {
        failing.remove(source);
    }

    boolean isConnected() {
        return failing.isEmpty();
    }

    String lastError() {
        if (failing.isEmpty()) {
            return "";
        }
        String last = lastError;
        return last.isEmpty() ? failing.values().iterator().next() : last;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
