package io.familymeeting.media.rar;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers items one at a time per key, in the order they were offered, on threads of an
 * {@link Executor} (the WorkManager inside the server): each key with pending items has at
 * most one drain task running, so a room's events never overlap while different rooms
 * proceed in parallel. {@link #offer} never blocks; beyond {@code maxPending} items in all,
 * new items are not queued instead of exhausting memory.
 *
 * <p>With a {@code resync} factory nothing is lost silently: an item refused because the queue
 * is full marks its key, and the key's later items are dropped too (counted) until the key's
 * queue has drained; then one resync item (made by the factory) is delivered for the key, after
 * everything queued before it, so the receiver reads the key's state again. Without a factory
 * (media events) refused items are only counted.
 *
 * <p>It does not know what the items are or who receives them: the sink does.
 */
final class KeyedDelivery<T> {
    private static final Logger LOG = Logger.getLogger(KeyedDelivery.class.getName());

    private final String name;
    private final Executor executor;
    private final Consumer<T> sink;
    private final int maxPending;
    private final Function<String, T> resync;
    private final Map<String, ArrayDeque<T>> queues = new HashMap<>();
    /** Keys whose items were dropped: a resync is owed once their queue drains. */
    private final Set<String> owed = new LinkedHashSet<>();
    private int pending;
    private long refused;
    private long resyncs;
    private boolean paused = true;
    private boolean closed;

    /** Refused items are only counted. */
    KeyedDelivery(String name, Executor executor, Consumer<T> sink, int maxPending) {
        this(name, executor, sink, maxPending, null);
    }

    /** A key whose items were refused gets {@code resync.apply(key)} once its queue drains. */
    KeyedDelivery(String name, Executor executor, Consumer<T> sink, int maxPending, Function<String, T> resync) {
        if (maxPending < 1) {
            throw new IllegalArgumentException(name + ": maxPending must be at least 1, not " + maxPending);
        }
        this.name = name;
        this.executor = executor;
        this.sink = sink;
        this.maxPending = maxPending;
        this.resync = resync;
    }

    /**
     * Queues an item; returns false when it was refused and will not be delivered (closed; or
     * the queue is full and there is no resync). An item dropped for a resync returns true:
     * the resync covers it.
     */
    boolean offer(String key, T item) {
        boolean schedule;
        synchronized (this) {
            if (closed) {
                refused++;
                return false;
            }
            boolean marked = owed.contains(key);
            if (marked || pending >= maxPending) {
                refused++;
                if (resync == null) {
                    return false;
                }
                if (marked) {
                    return true;
                }
                owed.add(key);
                long total = refused;
                LOG.warning(() -> name + ": queue full (" + maxPending + " pending); events of " + key
                        + " dropped until its queue drains, then it is read again (" + total + " dropped in all)");
                // A key with nothing queued gets a drain of its own, which delivers only the resync.
                schedule = queues.putIfAbsent(key, new ArrayDeque<>()) == null && !paused;
            } else {
                ArrayDeque<T> q = queues.get(key);
                schedule = q == null && !paused;
                if (q == null) {
                    q = new ArrayDeque<>();
                    queues.put(key, q);
                }
                q.add(item);
                pending++;
            }
        }
        if (schedule) {
            schedule(key);
        }
        return true;
    }

    /** Items queued before the first receiver existed are held until this is called. */
    void resume() {
        String[] keys;
        synchronized (this) {
            if (!paused || closed) {
                return;
            }
            paused = false;
            keys = queues.keySet().toArray(new String[0]);
        }
        for (String k : keys) {
            schedule(k);
        }
    }

    private void schedule(String key) {
        try {
            executor.execute(() -> drain(key));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": could not schedule delivery for " + key + "; dropping its queue", e);
            synchronized (this) {
                ArrayDeque<T> q = queues.remove(key);
                owed.remove(key);
                if (q != null) {
                    pending -= q.size();
                    refused += q.size();
                }
            }
        }
    }

    private void drain(String key) {
        while (true) {
            T item;
            synchronized (this) {
                ArrayDeque<T> q = queues.get(key);
                if (q == null) {
                    return;
                }
                item = q.poll();
                if (item != null) {
                    pending--;
                } else if (owed.remove(key)) {
                    // Drained: the read again covers every item dropped since the mark. The key
                    // stays in the map while it runs, so what arrives meanwhile queues behind it.
                    item = resync.apply(key);
                    resyncs++;
                    long n = resyncs;
                    LOG.info(() -> name + ": " + key + " drained; delivering a resync (" + n + " in all)");
                } else {
                    queues.remove(key);
                    return;
                }
            }
            try {
                sink.accept(item);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": delivery for " + key + " failed", e);
            }
        }
    }

    synchronized int pending() {
        return pending;
    }

    /** Items not queued: refused, or dropped for a resync. */
    synchronized long refused() {
        return refused;
    }

    /** Resync items delivered. */
    synchronized long resyncs() {
        return resyncs;
    }

    synchronized void close() {
        closed = true;
        queues.clear();
        owed.clear();
        pending = 0;
    }
}
