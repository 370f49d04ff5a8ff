package io.familymeeting.signaling.runtime;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains before the server stops on SIGTERM (what Kubernetes sends). The JVM runs its
 * shutdown hooks concurrently, and Payara's hook stops the media adapter before the
 * applications' {@code @PreDestroy}, so a wait there sees no rooms. This handler instead
 * takes SIGTERM first: it runs the drain (readiness DOWN, a bounded wait for rooms to end)
 * and then hands the signal to the JVM's previous handler, which starts the normal shutdown.
 */
final class TermSignalDrain implements SignalHandler {
    private static final Logger LOG = Logger.getLogger(TermSignalDrain.class.getName());
    private static final Signal TERM = new Signal("TERM");

    private final Runnable drain;
    private volatile SignalHandler previous;

    private TermSignalDrain(Runnable drain) {
        this.drain = drain;
    }

    /** Installs the handler; null when the JVM does not let the application handle SIGTERM (e.g. -Xrs). */
    static TermSignalDrain install(Runnable drain) {
        TermSignalDrain h = new TermSignalDrain(drain);
        try {
            h.previous = Signal.handle(TERM, h);
            return h;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "SIGTERM handler not installed; shutdown will not wait for rooms: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void handle(Signal signal) {
        try {
            drain.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "drain on SIGTERM failed: " + e.getMessage(), e);
        }
        SignalHandler p = previous;
        if (p != null && p != SignalHandler.SIG_IGN && p != SignalHandler.SIG_DFL) {
            p.handle(signal);
        } else {
            System.exit(128 + signal.getNumber());
        }
    }

    /** Puts the previous handler back (undeploy without a JVM exit). */
    void uninstall() {
        SignalHandler p = previous;
        if (p != null) {
            try {
                Signal.handle(TERM, p);
            } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
                // nothing to restore
            }
        }
    }
}
