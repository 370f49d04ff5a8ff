package io.familymeeting.media.core.ice;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.ice4j.util.Buffer;
import org.ice4j.util.BufferHandler;
import org.jctools.queues.MpscArrayQueue;

/**
 * Moves one participant's non-STUN datagrams from ice4j's shared port reader thread to one of
 * the port's forwarding threads ({@link ReceiveLoop}), and there to the {@link PacketHandler}.
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
 * <p>The reader thread only enqueues (never blocks); the queue drops arrivals when full. The
 * queue is JCTools' lock-free array queue (many producers, one consumer: the serving loop
 * thread): a locked queue would allocate a wait node each time the reader and the forwarding
 * thread meet on its lock, which under load is a good share of the datagrams. A
 * pump with queued work is made ready on its loop ({@link ReceiveLoop#schedule}), which serves
 * it on one thread at a time: the participant's datagrams are handled in arrival order.
 * Buffers come from and return to {@link IceBufferPool}: nothing is allocated per packet here.
 *
 * <p>A handler that throws a RuntimeException loses that packet only (logged, as before); one
 * that throws anything else stops this pump (its buffers are returned) and is reported to the
 * failure callback given to {@link #start}; the loop's other pumps go on.
 */
final class ReceivePump implements BufferHandler {
    private static final Logger LOG = Logger.getLogger(ReceivePump.class.getName());
    /** Datagrams held per transport while their source address is not yet authorized. */
    static final int MAX_HELD = 32;
    /** Datagrams delivered per turn on the loop before the next ready pump gets its turn. */
    static final int BATCH = 64;

    /** Filled by ice4j's reader thread(s), emptied only by the serving loop thread (or by close before start). */
    private final MpscArrayQueue<Buffer> queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Held datagrams of unauthorized addresses; only the serving loop thread touches it. */
    private final ArrayDeque<Buffer> held = new ArrayDeque<>(MAX_HELD);
    private volatile Set<SocketAddress> authorized = Set.of();
    private volatile int authorizations;
    /** Only the serving loop thread: the authorizations already applied to {@link #held}. */
    private int seenAuthorizations = -1;
    private volatile boolean closed;
    private volatile boolean running;
    private volatile ReceiveLoop loop;
    private volatile PacketHandler handler;
    private volatile Consumer<Throwable> onFailure;
    /** The loop's ready-list link; guarded by that loop's lock. */
    ReceivePump nextReady;

    /** {@code capacity} datagrams queued at most, rounded up to a power of two. */
    ReceivePump(int capacity) {
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
    }

    /** ice4j reader thread: enqueue or drop, never block. */
    @Override
    public void handleBuffer(Buffer buffer) {
        if (closed || !queue.offer(buffer)) {
            dropped.incrementAndGet();
            IceBufferPool.release(buffer);
            return;
        }
        wake();
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
        wake();
    }

    boolean isAuthorized(SocketAddress address) {
        return authorized.contains(address);
    }

    /**
     * Hands this participant's datagrams to {@code handler} on a thread of {@code loops}, from
     * now on; only once. {@code onFailure} hears of a handler that threw an Error (any thread).
     */
    void start(PacketHandler handler, ReceiveLoops loops, Consumer<Throwable> onFailure) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(onFailure, "onFailure");
        if (!started.compareAndSet(false, true)) {
            if (closed && loop == null) {
                return; // closed before it started: nothing to receive
            }
            throw new IllegalStateException("receiving already started");
        }
        this.handler = handler;
        this.onFailure = onFailure;
        running = true;
        ReceiveLoop l = loops.assign();
        loop = l;
        l.schedule(this);
    }

    /** From {@link #start} until closed (or failed) and emptied. */
    boolean isRunning() {
        return running;
    }

    long receivedPackets() {
        return received.get();
    }

    long droppedPackets() {
        return dropped.get();
    }

    /** Stops delivery (the packet in hand is finished) and drops what is queued. */
    void close() {
        closed = true;
        if (started.compareAndSet(false, true)) {
            drain(); // never started: no loop thread consumes the queue, this thread may
            return;
        }
        wake();
    }

    private void wake() {
        ReceiveLoop l = loop;
        if (l != null) {
            l.schedule(this);
        }
    }

    // ---------------------------------------------------------------- on the loop's thread

    /** Marks the pump ready; false when it already was (then it is in its loop's list or being served). */
    boolean tryMarkReady() {
        return !ready.get() && ready.compareAndSet(false, true);
    }

    void markIdle() {
        ready.set(false);
    }

    /** Whether a turn on the loop would do something. */
    boolean hasWork() {
        return !queue.isEmpty() || seenAuthorizations != authorizations || (closed && !finished.get());
    }

    /**
     * One turn: delivers up to {@link #BATCH} queued datagrams (held ones first once their
     * address is authorized). Returns whether there is more to do right away.
     */
    boolean serve() {
        if (closed) {
            finish();
            return false;
        }
        int auth = authorizations;
        if (seenAuthorizations != auth) {
            seenAuthorizations = auth;
            releaseHeld();
        }
        for (int i = 0; i < BATCH && !closed; i++) {
            Buffer buffer = queue.poll();
            if (buffer == null) {
                break;
            }
            if (isAuthorized(buffer.getRemoteAddress())) {
                deliver(buffer);
            } else if (held.size() < MAX_HELD) {
                held.addLast(buffer);
            } else {
                dropped.incrementAndGet();
                IceBufferPool.release(buffer);
            }
        }
        if (closed) {
            finish();
            return false;
        }
        return !queue.isEmpty() || seenAuthorizations != authorizations;
    }

    /** The loop stops or failed on this pump: nothing more is delivered. */
    void abandon() {
        closed = true;
        finish();
    }

    private void releaseHeld() {
        int n = held.size();
        for (int i = 0; i < n && !closed; i++) {
            Buffer b = held.pollFirst();
            if (isAuthorized(b.getRemoteAddress())) {
                deliver(b);
            } else {
                held.addLast(b);
            }
        }
    }

    private void deliver(Buffer buffer) {
        try {
            received.incrementAndGet();
            handler.onPacket(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "packet handler failed; packet dropped", e);
        } catch (Error e) {
            // Not this packet's fault alone: this participant stops receiving, the others go on.
            closed = true;
            LOG.log(Level.SEVERE, "packet handler failed; this transport stops receiving", e);
            try {
                onFailure.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "receive failure callback failed", ex);
            }
        } finally {
            IceBufferPool.release(buffer);
        }
    }

    /** Returns every buffer; counts the pump off its loop once. Runs again if late arrivals came. */
    private void finish() {
        drain();
        if (finished.compareAndSet(false, true)) {
            running = false;
            ReceiveLoop l = loop;
            if (l != null) {
                l.released();
            }
        }
    }

    private void drain() {
        Buffer b;
        while ((b = held.pollFirst()) != null) {
            IceBufferPool.release(b);
        }
        while ((b = queue.poll()) != null) {
            IceBufferPool.release(b);
        }
    }
}
