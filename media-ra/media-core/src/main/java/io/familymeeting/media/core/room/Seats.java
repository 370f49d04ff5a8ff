package io.familymeeting.media.core.room;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count of participants against a limit (a room's, the engine's), taken before a new
 * participant is built and given back when it is removed, so that offers answered at the
 * same time cannot together go past the limit. It does not know who holds a seat: each
 * admitted participant holds one of each, from admission to removal.
 */
final class Seats {
    private final AtomicInteger taken = new AtomicInteger();

    /** Takes a seat if fewer than {@code limit} are taken; false when full. */
    boolean tryTake(int limit) {
        while (true) {
            int n = taken.get();
            if (n >= limit) {
                return false;
            }
            if (taken.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Takes a seat whatever the limit: for a participant that replaces one holding a seat. */
    void take() {
        taken.incrementAndGet();
    }

    void give() {
        taken.decrementAndGet();
    }
}
