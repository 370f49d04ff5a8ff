package io.familymeeting.signaling.store.firestore;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for re-attaching listeners: each failure doubles the
 * delay up to a ceiling; a success resets it. Not thread-safe: one per listener, used from
 * the store's scheduler thread.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt (with up to 20% jitter), and doubles the one after. */
    Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(maxMillis, base + jitter));
    }

    void reset() {
        nextMillis = initialMillis;
    }
}
