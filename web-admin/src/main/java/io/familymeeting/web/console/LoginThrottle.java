package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Slows down password guessing at the console: after {@code maxFailures} failed logins from
 * one client address (within the lock time of each other), that address's logins are refused
 * for the lock time ({@code CONSOLE_LOGIN_MAX_FAILURES}, {@code CONSOLE_LOGIN_LOCK_SECONDS});
 * then it may try again. A successful login clears the address's failures. Attempts while
 * locked are not counted (the lock does not grow). At most {@link #MAX_ADDRESSES} addresses
 * are remembered: expired ones go first, then the longest quiet.
 *
 * <p>It counts and answers; the login servlet asks it and answers 429. Thread-safe.
 */
public final class LoginThrottle {
    static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final Duration lock;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    /** One address: failures since {@code lastFailure} began counting, and the lock's end. */
    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant lockedUntil = Instant.MIN;
    }

    LoginThrottle(int maxFailures, Duration lock, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("CONSOLE_LOGIN_MAX_FAILURES must be at least 1, not " + maxFailures);
        }
        if (lock.isNegative() || lock.isZero()) {
            throw new IllegalArgumentException("CONSOLE_LOGIN_LOCK_SECONDS must be at least 1, not " + lock.toSeconds());
        }
        this.maxFailures = maxFailures;
        this.lock = lock;
        this.clock = clock;
    }

    /** From the settings, on the system clock; throws with the setting's name when one is not usable. */
    public static LoginThrottle from(Settings settings) {
        return new LoginThrottle(settings.getInt(Setting.CONSOLE_LOGIN_MAX_FAILURES),
                Duration.ofSeconds(settings.getInt(Setting.CONSOLE_LOGIN_LOCK_SECONDS)), Clock.systemUTC());
    }

    /** Seconds until this address may log in again (rounded up), or 0 when it may now. */
    public synchronized long lockedSeconds(String address) {
        Entry e = entries.get(address);
        if (e == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), e.lockedUntil);
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return (left.toMillis() + 999) / 1000;
    }

    /** A failed login from this address; the last one allowed locks it. */
    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Entry e = entries.get(address);
        if (e == null) {
            makeRoom(now);
            e = new Entry();
            entries.put(address, e);
        } else if (e.lastFailure != null && e.lastFailure.plus(lock).isBefore(now)) {
            // the earlier failures are too old to count
            e.failures = 0;
        }
        e.failures++;
        e.lastFailure = now;
        if (e.failures >= maxFailures) {
            e.lockedUntil = now.plus(lock);
            e.failures = 0;
        }
    }

    /** A successful login: the address starts afresh. */
    public synchronized void succeeded(String address) {
        entries.remove(address);
    }

    synchronized int remembered() {
        return entries.size();
    }

    /** Forgets addresses whose lock and failures have expired; if still full, the longest quiet one. */
    private void makeRoom(Instant now) {
        if (entries.size() < MAX_ADDRESSES) {
            return;
        }
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (!e.lockedUntil.isAfter(now) && e.lastFailure.plus(lock).isBefore(now)) {
                it.remove();
            }
        }
        if (entries.size() >= MAX_ADDRESSES) {
            String oldest = null;
            Instant oldestFailure = Instant.MAX;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (e.getValue().lastFailure.isBefore(oldestFailure)) {
                    oldest = e.getKey();
                    oldestFailure = e.getValue().lastFailure;
                }
            }
            entries.remove(oldest);
        }
    }
}
