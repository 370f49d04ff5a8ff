package io.familymeeting.media.core.ice;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One forwarding thread of the media port: it serves the {@link ReceivePump}s assigned to it,
 * one at a time, in the order they became ready, at most {@link ReceivePump#BATCH} datagrams
 * per turn so that a busy presenter does not hold up the viewers' feedback on the same thread.
 *
 * <p>The ready list is intrusive (each pump carries its own link, {@link ReceivePump#nextReady}),
 * so making a pump ready allocates nothing; a pump is in the list at most once
 * ({@link ReceivePump#tryMarkReady}). An idle loop parks; making a pump ready unparks it.
 *
 * <p>It does not know what a datagram is: the pumps deliver to their handlers. A handler that
 * throws fails its own pump only ({@link ReceivePump#serve}); the loop goes on with the others.
 */
final class ReceiveLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(ReceiveLoop.class.getName());
    /** Longest park while idle, so that a stop is noticed even without an unpark. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private ReceivePump head;
    /** Guarded by {@link #lock}. */
    private ReceivePump tail;
    /** Pumps assigned and not finished ({@link ReceiveLoops#assign}: least loaded first). */
    private final AtomicInteger load = new AtomicInteger();
    private volatile boolean sleeping;
    private volatile boolean stopped;
    private volatile boolean running;
    private volatile Thread thread;

    ReceiveLoop(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Starts the loop on a daemon thread of its own. */
    void start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        running = true;
        t.start();
    }

    int load() {
        return load.get();
    }

    void assigned() {
        load.incrementAndGet();
    }

    void released() {
        load.decrementAndGet();
    }

    boolean isRunning() {
        return running && !stopped;
    }

    /** Makes {@code pump} ready to be served, unless it already is (any thread; never blocks for long). */
    void schedule(ReceivePump pump) {
        if (pump.tryMarkReady()) {
            append(pump);
        }
    }

    private void append(ReceivePump pump) {
        synchronized (lock) {
            pump.nextReady = null;
            if (tail == null) {
                head = pump;
            } else {
                tail.nextReady = pump;
            }
            tail = pump;
        }
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    private ReceivePump poll() {
        synchronized (lock) {
            ReceivePump p = head;
            if (p != null) {
                head = p.nextReady;
                if (head == null) {
                    tail = null;
                }
                p.nextReady = null;
            }
            return p;
        }
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                ReceivePump pump = poll();
                if (pump == null) {
                    sleeping = true;
                    pump = poll();
                    if (pump == null && !stopped) {
                        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    }
                    sleeping = false;
                    if (pump == null) {
                        continue;
                    }
                }
                serve(pump);
            }
        } finally {
            running = false;
            ReceivePump p;
            while ((p = poll()) != null) {
                p.abandon();
            }
        }
    }

    private void serve(ReceivePump pump) {
        boolean more;
        try {
            more = pump.serve();
        } catch (RuntimeException | Error e) {
            // serve() contains its handler's failures; this is a fault of the pump itself.
            LOG.log(Level.SEVERE, name + ": receive pump failed; its transport stops receiving", e);
            pump.abandon();
            more = false;
        }
        if (more) {
            append(pump);
            return;
        }
        pump.markIdle();
        // Something may have arrived between the last look and markIdle: look again.
        if (pump.hasWork()) {
            schedule(pump);
        }
    }

    /** Stops the loop (after the pump in hand) and waits up to {@code waitMillis} for it. */
    void stop(long waitMillis) {
        stopped = true;
        Thread t = thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warning(() -> name + " still running " + waitMillis + " ms after stop");
        }
    }
}
