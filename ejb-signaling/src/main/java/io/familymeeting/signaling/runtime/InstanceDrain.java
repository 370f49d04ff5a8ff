package io.familymeeting.signaling.runtime;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * Draining this instance: once {@link #drain()} is called it takes no new participants
 * (readiness goes DOWN, the heartbeat says {@code draining}) while existing ones carry on;
 * {@link #drainAndWait()} then waits, at most {@code DRAIN_SECONDS}, for its rooms to end
 * (their participants leave or move to another instance). Runs on SIGTERM
 * ({@link TermSignalDrain}, installed by {@link #install()}) and, if that did not run, when the
 * application stops.
 *
 * <p>Not the refusal of new participants itself (the REST API and health checks read
 * {@link #isDraining()}).
 */
final class InstanceDrain {
    private static final Logger LOG = Logger.getLogger(InstanceDrain.class.getName());

    private final String instanceId;
    private final Duration maxWait;
    private final IntSupplier roomsLeft;
    private final Runnable announce;
    private volatile boolean draining;
    private volatile boolean drained;
    private TermSignalDrain termSignal;

    /**
     * @param roomsLeft rooms the engine still serves (0 when it cannot be asked)
     * @param announce  tells the others (writes the heartbeat) once draining
     */
    InstanceDrain(String instanceId, Duration maxWait, IntSupplier roomsLeft, Runnable announce) {
        this.instanceId = instanceId;
        this.maxWait = maxWait;
        this.roomsLeft = roomsLeft;
        this.announce = announce;
    }

    /** Drains (and waits) on SIGTERM from now on. */
    void install() {
        termSignal = TermSignalDrain.install(this::drainAndWait);
    }

    /** Puts the previous SIGTERM handler back. */
    void uninstall() {
        if (termSignal != null) {
            termSignal.uninstall();
            termSignal = null;
        }
    }

    boolean isDraining() {
        return draining;
    }

    /** True once a drain has waited (so stopping does not wait again). */
    boolean isDrained() {
        return drained;
    }

    /** Stops taking new participants; existing ones carry on. */
    void drain() {
        if (!draining) {
            LOG.info(() -> "instance " + instanceId + " draining: no new participants");
        }
        draining = true;
        announce.run();
    }

    /** Marks draining without the wait (the application is stopping anyway). */
    void stopTaking() {
        draining = true;
    }

    /**
     * Drains and waits for this instance's rooms to end, at most the configured time.
     *
     * @return the rooms still open when the wait ended
     */
    int drainAndWait() {
        drain();
        long deadline = System.nanoTime() + maxWait.toNanos();
        int left = roomsLeft.getAsInt();
        if (left > 0) {
            LOG.info(() -> "draining: waiting up to " + maxWait.toSeconds() + " s for rooms to end");
        }
        while (left > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = roomsLeft.getAsInt();
        }
        drained = true;
        int remaining = left;
        LOG.info(() -> "drained: " + remaining + " room(s) still open");
        return remaining;
    }
}
