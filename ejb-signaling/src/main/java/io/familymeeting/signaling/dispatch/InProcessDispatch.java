package io.familymeeting.signaling.dispatch;

import io.familymeeting.signaling.store.Registration;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link RoomDispatch} inside one JVM (the embedded default): one dispatcher thread hands
 * each path to the consumers in turn; a nack hands it to the next consumer after
 * {@code redeliveryDelay}. A path already waiting is not queued twice. With no consumer,
 * paths wait until one registers.
 *
 * <p>Not durable and not shared between processes: that is {@link PubSubDispatch}.
 */
public final class InProcessDispatch implements RoomDispatch {
    private static final Logger LOG = Logger.getLogger(InProcessDispatch.class.getName());

    private final Duration redeliveryDelay;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "room-dispatch");
        t.setDaemon(true);
        return t;
    });
    private final List<Handler> consumers = new CopyOnWriteArrayList<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();

    public InProcessDispatch(Duration redeliveryDelay) {
        this.redeliveryDelay = redeliveryDelay;
    }

    @Override
    public void publish(String roomPath) {
        if (pending.add(roomPath)) {
            thread.execute(() -> deliver(roomPath));
        }
    }

    private void deliver(String path) {
        if (consumers.isEmpty()) {
            thread.schedule(() -> deliver(path), redeliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Handler h = consumers.get(Math.floorMod(next.getAndIncrement(), consumers.size()));
        boolean ack;
        try {
            ack = h.handle(path);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "room dispatch handler failed on " + path, e);
            ack = false;
        }
        if (ack) {
            pending.remove(path);
        } else {
            thread.schedule(() -> deliver(path), redeliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Registration consume(Handler handler) {
        consumers.add(handler);
        return () -> consumers.remove(handler);
    }

    @Override
    public void close() {
        consumers.clear();
        thread.shutdownNow();
    }
}
