package io.familymeeting.media.core.ice;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.ice4j.util.Buffer;
import org.ice4j.util.BufferHandler;

/**
 * Moves one participant's non-STUN datagrams from ice4j's shared port reader thread to a
 * long-running task of the caller's executor, and from there to the {@link PacketHandler}.
 *
 * <p>ice4j (push API) calls {@link #handleBuffer} on the single reader thread of the port for
 * every non-STUN datagram from a remote address that was mapped to this participant — a mapping
 * made by the first STUN Binding request naming our ufrag, before any integrity check. This
 * class therefore only hands on datagrams from addresses of candidate pairs whose checks
 * succeeded ({@link #authorize}), as ice4j's own component socket does. Datagrams that arrive
 * from a mapped address before its pair succeeded (a DTLS ClientHello racing the last check)
 * are held, up to {@link #MAX_HELD}, and delivered once the address is authorized; the
 * rest are dropped. Datagrams that arrive before {@link #start} wait in the queue.
 *
 * <p>The reader thread only enqueues (never blocks); the queue drops arrivals when full.
 * Buffers come from and return to {@link IceBufferPool}: nothing is allocated per packet here.
 */
final class ReceivePump implements BufferHandler {
    private static final Logger LOG = Logger.getLogger(ReceivePump.class.getName());
    /** Datagrams held per transport while their source address is not yet authorized. */
    static final int MAX_HELD = 32;
    /** Wakes the task up (authorization change, close); never delivered. */
    private static final Buffer WAKE = new Buffer(new byte[0], 0, 0);

    private final ArrayBlockingQueue<Buffer> queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Set<SocketAddress> authorized = Set.of();
    private volatile int authorizations;
    private volatile boolean closed;
    private volatile boolean running;

    ReceivePump(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** ice4j reader thread: enqueue or drop, never block. */
    @Override
    public void handleBuffer(Buffer buffer) {
        if (closed || !queue.offer(buffer)) {
            dropped.incrementAndGet();
            IceBufferPool.release(buffer);
        }
    }

    /** Lets datagrams from {@code address} through (its candidate pair succeeded). */
    synchronized void authorize(InetSocketAddress address) {
        InetSocketAddress plain = new InetSocketAddress(address.getAddress(), address.getPort());
        if (authorized.contains(plain)) {
            return;
        }
        Set<SocketAddress> next = new HashSet<>(authorized);
        next.add(plain);
        authorized = Set.copyOf(next);
        authorizations++;
        queue.offer(WAKE);
    }

    boolean isAuthorized(SocketAddress address) {
        return authorized.contains(address);
    }

    /** Starts the delivery task on {@code executor}; only once. */
    void start(PacketHandler handler, Executor executor) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("receiving already started");
        }
        running = true;
        try {
            executor.execute(() -> run(handler));
        } catch (RuntimeException e) {
            running = false;
            throw e;
        }
    }

    boolean isRunning() {
        return running;
    }

    long receivedPackets() {
        return received.get();
    }

    long droppedPackets() {
        return dropped.get();
    }

    /** Stops the task (it finishes the packet in hand) and drops what is queued. */
    void close() {
        closed = true;
        queue.offer(WAKE);
        if (!started.get()) {
            drain(new ArrayDeque<>());
        }
    }

    private void run(PacketHandler handler) {
        ArrayDeque<Buffer> held = new ArrayDeque<>(MAX_HELD);
        int seenAuthorizations = -1;
        try {
            while (!closed) {
                Buffer buffer;
                try {
                    buffer = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (seenAuthorizations != authorizations) {
                    seenAuthorizations = authorizations;
                    releaseHeld(held, handler);
                }
                if (buffer == null || buffer == WAKE || closed) {
                    if (buffer != null && buffer != WAKE) {
                        IceBufferPool.release(buffer);
                    }
                    continue;
                }
                if (isAuthorized(buffer.getRemoteAddress())) {
                    deliver(buffer, handler);
                } else if (held.size() < MAX_HELD) {
                    held.addLast(buffer);
                } else {
                    dropped.incrementAndGet();
                    IceBufferPool.release(buffer);
                }
            }
        } finally {
            running = false;
            drain(held);
        }
    }

    private void releaseHeld(ArrayDeque<Buffer> held, PacketHandler handler) {
        int n = held.size();
        for (int i = 0; i < n; i++) {
            Buffer b = held.pollFirst();
            if (isAuthorized(b.getRemoteAddress())) {
                deliver(b, handler);
            } else {
                held.addLast(b);
            }
        }
    }

    private void deliver(Buffer buffer, PacketHandler handler) {
        try {
            received.incrementAndGet();
            handler.onPacket(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "packet handler failed; packet dropped", e);
        } finally {
            IceBufferPool.release(buffer);
        }
    }

    private void drain(ArrayDeque<Buffer> held) {
        Buffer b;
        while ((b = held.pollFirst()) != null) {
            IceBufferPool.release(b);
        }
        while ((b = queue.poll()) != null) {
            IceBufferPool.release(b);
        }
    }
}
