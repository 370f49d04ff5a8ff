package io.familymeeting.media.core.dtls;

import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntPredicate;

/**
 * Test wiring: one direction of an in-memory datagram link with its own delivery thread (so the
 * two transports never call each other re-entrantly), optionally dropping chosen datagrams and
 * duplicating others.
 */
final class MemoryLink implements DatagramSender, AutoCloseable {
    private static final byte[] STOP = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final IntPredicate drop;
    private final IntPredicate duplicate;
    private volatile DatagramSender target;
    private int sent;
    private volatile int delivered;

    MemoryLink(String name, IntPredicate drop, IntPredicate duplicate) {
        this.drop = drop;
        this.duplicate = duplicate;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static MemoryLink perfect(String name) {
        return new MemoryLink(name, i -> false, i -> false);
    }

    static MemoryLink lossy(String name, long seed, double dropRate, double duplicateRate) {
        Random r = new Random(seed);
        return new MemoryLink(name, i -> r.nextDouble() < dropRate, i -> r.nextDouble() < duplicateRate);
    }

    /** Where delivered datagrams go (normally {@code transport::receive}). */
    void connectTo(DatagramSender target) {
        this.target = target;
    }

    @Override
    public synchronized void send(byte[] buf, int off, int len) {
        int index = sent++;
        if (drop.test(index)) {
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        queue.add(copy);
        if (duplicate.test(index)) {
            queue.add(copy.clone());
        }
    }

    /** Inject a datagram as if the peer had sent it. */
    void inject(byte[] datagram) {
        queue.add(datagram.clone());
    }

    int delivered() {
        return delivered;
    }

    private void run() {
        try {
            for (;;) {
                byte[] d = queue.take();
                if (d == STOP) {
                    return;
                }
                DatagramSender t = target;
                if (t != null) {
                    t.send(d, 0, d.length);
                    delivered++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.add(STOP);
        thread.join(5000);
    }
}
