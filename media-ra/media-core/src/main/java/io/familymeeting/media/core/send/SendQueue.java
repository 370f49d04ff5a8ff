package io.familymeeting.media.core.send;

import io.familymeeting.media.core.forward.Packets;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bounded ring of preallocated packet buffers in front of one send thread. Any number of
 * threads {@link #offer} packets (each copied into a free slot); one thread {@link #run}s the
 * loop that hands them, in offer order, to their {@link QueuedSender}, which protects and
 * sends them. It does no SRTP and no I/O itself.
 *
 * <p>Order: first in, first out for the whole queue. A sender that always offers to the same
 * queue (the engine gives each participant one) has its packets sent in the order they were
 * offered.
 *
 * <p>Overflow: drop the newest. When every slot is taken, {@link #offer} refuses the packet
 * and counts it in {@link #dropped}; what is queued already still goes out in order. A
 * forwarded video packet was stored in its consumer's NACK history before it was offered, so
 * the viewer's NACK brings it back; overwriting the oldest instead would race the send
 * thread reading that slot.
 *
 * <p>Allocation: none after construction. {@code offer} copies under the queue's monitor; the
 * send thread takes up to {@link #BATCH} slots at a time, works on them outside the monitor
 * and gives them back in one step. It is woken only when it waits on an empty queue.
 *
 * <p>Shutdown: {@link #close} refuses further offers and wakes the loop; the loop finishes
 * the batch in hand, discards what is still queued (counted as dropped) and returns.
 */
public final class SendQueue {
    private static final Logger LOG = Logger.getLogger(SendQueue.class.getName());
    /**
     * The largest packet queued: the largest the engine forwards, plus the original sequence
     * number an RTX retransmission puts in front of the payload (RFC 4588 §4).
     */
    public static final int MAX_PACKET_BYTES = Packets.MAX_PACKET_SIZE + 2;
    /** Bytes of one slot: the largest packet plus room for the SRTP tag. */
    public static final int SLOT_BYTES = MAX_PACKET_BYTES + Packets.SRTP_TRAILER_ROOM;
    /** Slots the send thread takes per visit to the monitor. */
    static final int BATCH = 64;

    private final int mask;
    private final byte[][] data;
    private final int[] lengths;
    private final boolean[] rtcp;
    private final QueuedSender[] targets;

    // Guarded by this.
    private long head;      // next slot the send thread takes
    private long tail;      // next slot an offer fills
    private boolean waiting;
    private boolean closed;
    private boolean running;

    // Written under this (offers) or by the send thread alone; read racily for stats.
    private volatile long offered;
    private volatile long dropped;
    private volatile long sent;
    private volatile long notSent;

    /** @param capacity packets the queue holds: a power of two */
    public SendQueue(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("send queue capacity must be a power of two, not " + capacity);
        }
        this.mask = capacity - 1;
        this.data = new byte[capacity][SLOT_BYTES];
        this.lengths = new int[capacity];
        this.rtcp = new boolean[capacity];
        this.targets = new QueuedSender[capacity];
    }

    public int capacity() {
        return mask + 1;
    }

    /**
     * Queues a copy of the plain packet {@code buf[off, off + len)} for {@code target}.
     * Returns false, counting the packet as dropped, when the queue is full or closed or the
     * packet is larger than {@link #MAX_PACKET_BYTES}. Never blocks on the send thread.
     */
    public boolean offer(QueuedSender target, boolean isRtcp, byte[] buf, int off, int len) {
        synchronized (this) {
            if (closed || tail - head > mask || len <= 0 || len > MAX_PACKET_BYTES) {
                dropped++;
                return false;
            }
            int i = (int) tail & mask;
            System.arraycopy(buf, off, data[i], 0, len);
            lengths[i] = len;
            rtcp[i] = isRtcp;
            targets[i] = target;
            tail++;
            offered++;
            if (waiting) {
                notify();
            }
            return true;
        }
    }

    /**
     * The send loop: sends what is offered until {@link #close}. Runs on one thread at a time
     * (the engine's executor); a second concurrent call returns at once.
     */
    public void run() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
        }
        long taken = 0;
        try {
            while (true) {
                long from;
                long to;
                synchronized (this) {
                    head += taken;
                    taken = 0;
                    while (head == tail && !closed) {
                        waiting = true;
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            closed = true;
                        } finally {
                            waiting = false;
                        }
                    }
                    if (closed) {
                        discardQueued();
                        return;
                    }
                    from = head;
                    to = Math.min(tail, head + BATCH);
                }
                for (long s = from; s < to; s++) {
                    send((int) s & mask);
                }
                taken = to - from;
            }
        } finally {
            synchronized (this) {
                head += taken;
                discardQueued();
                running = false;
                notifyAll();
            }
        }
    }

    private void send(int i) {
        QueuedSender target = targets[i];
        targets[i] = null;
        try {
            if (target.sendQueued(rtcp[i], data[i], 0, lengths[i])) {
                sent++;
            } else {
                notSent++;
            }
        } catch (RuntimeException e) {
            // One bad packet must not stop everyone's sending.
            notSent++;
            LOG.log(Level.FINE, "sending a queued packet failed", e);
        }
    }

    /** Under this: drops every queued packet (close, or the loop ended). */
    private void discardQueued() {
        while (head != tail) {
            targets[(int) head & mask] = null;
            head++;
            dropped++;
        }
    }

    /**
     * Refuses further offers and stops the loop after the batch in hand; waits up to
     * {@code waitMillis} for it to return. Packets still queued are dropped.
     * Returns true when no loop is running any more.
     */
    public boolean close(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        synchronized (this) {
            closed = true;
            if (!running) {
                discardQueued();
            }
            notifyAll();
            while (running) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Packets waiting now. */
    public synchronized int queued() {
        return (int) (tail - head);
    }

    /** Packets accepted by {@link #offer}. */
    public long offered() {
        return offered;
    }

    /** Packets refused (full, closed, oversized) or discarded at close. */
    public long dropped() {
        return dropped;
    }

    /** Packets the senders reported sent. */
    public long sent() {
        return sent;
    }

    /** Packets taken from the queue that their sender did not send (transport gone, failure). */
    public long notSent() {
        return notSent;
    }
}
