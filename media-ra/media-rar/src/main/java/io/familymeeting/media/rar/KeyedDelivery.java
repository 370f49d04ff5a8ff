package io.familymeeting.media.rar;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers items one at a time per key, in the order they were offered, on threads of an
 * {@link Executor} (the WorkManager inside the server): each key with pending items has at
 * most one drain task running, so a room's events never overlap while different rooms
 * proceed in parallel. {@link #offer} never blocks; beyond {@code maxPending} items in all,
 * new items are refused (and counted) instead of exhausting memory.
 *
 * <p>It does not know what the items are or who receives them: the sink does.
 */
final class KeyedDelivery<T> {
    private static final Logger LOG = Logger.getLogger(KeyedDelivery.class.getName());

    private final String name;
    private final Executor executor;
    private final Consumer<T> sink;
    private final int maxPending;
    private final Map<String, ArrayDeque<T>> queues = new HashMap<>();
    private int pending;
    private long refused;
    private boolean paused = true;
    private boolean closed;

    KeyedDelivery(String name, Executor executor, Consumer<T> sink, int maxPending) {
        this.name = name;
        this.executor = executor;
        this.sink = sink;
        this.maxPending = maxPending;
    }

    /** Queues an item; returns false when it was refused (closed, or the queue is full). */
    boolean offer(String key, T item) {
        boolean schedule;
        synchronized (this) {
            if (closed || pending >= maxPending) {
                refused++;
                return false;
            }
            ArrayDeque<T> q = queues.get(key);
            schedule = q == null && !paused;
            if (q == null) {
                q = new ArrayDeque<>();
                queues.put(key, q);
            }
            q.add(item);
            pending++;
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
                if (item == null) {
                    queues.remove(key);
                    return;
                }
                pending--;
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

    synchronized long refused() {
        return refused;
    }

    synchronized void close() {
        closed = true;
        queues.clear();
        pending = 0;
    }
}
