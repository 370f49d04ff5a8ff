package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraState;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a camera's RTSP session up while the camera is wanted (always, or while the room has
 * viewers and for a linger time after the last one). One loop, run on the owner's executor:
 * a {@link CameraSession} plays while wanted; while not, the camera is only probed (OPTIONS
 * and DESCRIBE) when its state is not known to be good, so the console shows whether it
 * works. A failure becomes a state with its message, and the loop reconnects with
 * exponential backoff (the longest one after a permanent failure).
 *
 * <p>It owns no thread and no socket (the session of the moment does), and reports states to
 * the {@link CameraStatus}; it does not touch the media or the room.
 */
final class CameraLoop implements CameraSession.Control {
    private static final Logger LOG = Logger.getLogger(CameraLoop.class.getName());
    /** First reconnect delay; doubles up to {@link CameraConfig#maxBackoffMillis()}. */
    static final long FIRST_BACKOFF_MILLIS = 500;

    /** "room/camera" for log lines. */
    private final String name;
    private final CameraConfig config;
    private final RtspUrl url;
    private final CameraTargets targets;
    /** The engine's monotonic clock in milliseconds. */
    private final LongSupplier clock;
    private final CameraStatus status;
    private final CameraIngest ingest;
    private final Object lock = new Object();

    private volatile boolean stopped;
    private volatile boolean done;
    private volatile CameraSession current;
    private volatile int viewers;
    private volatile long lastViewerMillis = Long.MIN_VALUE / 2;
    private volatile CameraDescription description;

    CameraLoop(String name, CameraConfig config, CameraTargets targets, LongSupplier clock, CameraStatus status,
               CameraIngest ingest) {
        this.name = name;
        this.config = config;
        this.url = RtspUrl.parse(config.url());
        this.targets = targets;
        this.clock = clock;
        this.status = status;
        this.ingest = ingest;
    }

    /** What the camera's last DESCRIBE offered, or null before the first. */
    CameraDescription description() {
        return description;
    }

    @Override
    public void described(CameraDescription d) {
        description = d;
    }

    int viewers() {
        return viewers;
    }

    /** The room's viewer count changed: starting or ending demand wakes the loop. Does not block. */
    void onViewerCount(int n) {
        int before = viewers;
        viewers = n;
        if (n > 0 || before > 0) {
            lastViewerMillis = clock.getAsLong();
        }
        if ((n > 0) != (before > 0)) {
            wakeUp();
        }
    }

    @Override
    public boolean stopped() {
        return stopped;
    }

    @Override
    public boolean wanted() {
        if (config.mode() == CameraConfig.Mode.ALWAYS_ON) {
            return true;
        }
        return viewers > 0 || clock.getAsLong() - lastViewerMillis < config.idleLingerMillis();
    }

    /** Ends the loop (TEARDOWN if playing); waits at most {@code waitMillis} for it to close. */
    void stop(long waitMillis) {
        stopped = true;
        wakeUp();
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        synchronized (lock) {
            while (!done && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
        CameraSession s = current;
        if (s != null) {
            s.wakeup();
        }
    }

    /** The loop: until stopped, a session while wanted, else a probe when needed and a wait for demand. */
    void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        try {
            while (!stopped) {
                try {
                    if (wanted()) {
                        playWhileWanted();
                        backoff = FIRST_BACKOFF_MILLIS;
                    } else if (idleUntilWanted()) {
                        backoff = FIRST_BACKOFF_MILLIS;
                    }
                } catch (CameraFailure f) {
                    if (stopped) {
                        break;
                    }
                    retryAfter(f, backoff);
                    backoff = Math.min(config.maxBackoffMillis(), backoff * 2);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "camera " + name + " failed", e);
                    status.set(CameraState.RETRYING, "internal error: " + e);
                    waitFor(() -> stopped, config.maxBackoffMillis());
                }
            }
        } finally {
            synchronized (lock) {
                done = true;
                lock.notifyAll();
            }
        }
    }

    /** Plays until no longer wanted (or stopped), then IDLE. */
    private void playWhileWanted() throws CameraFailure {
        if (!status.failing()) {
            status.set(CameraState.CONNECTING, "connecting to " + config.redactedUrl());
        }
        runSession(true);
        if (!stopped) {
            status.set(CameraState.IDLE, "no viewers");
        }
    }

    /** Probes the camera unless it is known to work, then waits for demand; returns whether it probed. */
    private boolean idleUntilWanted() throws CameraFailure {
        boolean probed = false;
        if (description == null || status.failing()) {
            probe();
            probed = true;
            status.set(CameraState.IDLE, "ready: " + description.summary());
        }
        waitFor(() -> wanted() || stopped, Long.MAX_VALUE);
        return probed;
    }

    /** OPTIONS and DESCRIBE only: checks the URL, credentials and codecs of an on-demand camera. */
    private void probe() throws CameraFailure {
        if (!status.failing()) {
            status.set(CameraState.CONNECTING, "checking " + config.redactedUrl());
        }
        runSession(false);
    }

    /** One session, a play or a probe; {@link #stop} can wake it while it lasts. */
    private void runSession(boolean play) throws CameraFailure {
        CameraSession s = new CameraSession(config, url, targets, clock, ingest, this);
        current = s;
        try {
            if (play) {
                s.play();
            } else {
                s.probe();
            }
        } finally {
            current = null;
        }
    }

    /** Reports the failure and waits: the longest backoff after a permanent one, else {@code backoff}. */
    private void retryAfter(CameraFailure f, long backoff) {
        long wait = f.permanent ? config.maxBackoffMillis() : backoff;
        status.set(f.permanent ? CameraState.ERROR : CameraState.RETRYING, f.getMessage());
        LOG.info(() -> "camera " + name + " (" + config.redactedUrl() + "): " + f.getMessage()
                + "; next attempt in " + wait + " ms");
        waitFor(() -> stopped, wait);
    }

    /** Waits until the condition holds or {@code maxMillis} passed (Long.MAX_VALUE: no limit), woken by {@link #wakeUp}. */
    private void waitFor(BooleanSupplier condition, long maxMillis) {
        long deadline = maxMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = deadline == Long.MAX_VALUE ? 1000 : (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                try {
                    // Bounded so that the linger time of on-demand cameras is re-checked.
                    lock.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                }
            }
        }
    }
}
