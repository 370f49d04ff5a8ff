package io.familymeeting.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The resources a test class started (servers, browsers, emulators, clients), closed in
 * the reverse order of {@link #add}: pages before the server they talk to, the server
 * before the emulator it uses. Every one is closed even when closing an earlier one throws;
 * the first failure is thrown at the end with the others attached as suppressed. Adding
 * each resource as soon as it is started also covers a {@code @BeforeAll} that fails half
 * way: what was started is closed by the {@code @AfterAll}.
 *
 * <p>Thread-safe; {@link #close()} empties it, so it can be filled and closed again (a test
 * that restarts its servers). It does not make the resources' own close idempotent.
 */
public final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed (before those added earlier); returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        if (resource != null) {
            resources.push(resource);
        }
        return resource;
    }

    /** Closes {@code resource} now (if registered, it is no longer closed again later). */
    public void closeNow(AutoCloseable resource) throws Exception {
        synchronized (this) {
            resources.removeFirstOccurrence(resource);
        }
        resource.close();
    }

    /** Closes everything added, last added first; throws the first failure, the others suppressed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = resources.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception | Error e) {
                Exception wrapped = e instanceof Exception x ? x : new IllegalStateException("closing " + next, e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
