package io.familymeeting.media.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Test helper: sends datagrams at a fixed rate from several sockets on 127.0.0.1 (strangers to
 * the engine), paced against the clock by {@link #THREADS} sending threads, and reports the rate
 * reached: on a loaded machine the senders may fall short of the rate asked for, and the test
 * says so rather than assume it.
 */
final class GarbageFlood {
    /** Distinct source addresses per thread: each new one makes ice4j look the sender up and parse STUN. */
    private static final int SOURCES = 8;
    /** One sending thread reached about 36,000 datagrams per second on the loaded 2-core build machine. */
    private static final int THREADS = 2;

    record Result(long sent, long elapsedMillis) {
        double perSecond() {
            return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
        }
    }

    private GarbageFlood() {
    }

    /** Sends {@code datagrams} round robin to {@code target} at {@code perSecond} in all for {@code duration}; blocks. */
    static Result send(InetSocketAddress target, int perSecond, Duration duration, List<byte[]> datagrams)
            throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            int first = i;
            Thread t = new Thread(() -> {
                try {
                    sent.addAndGet(sendFrom(target, perSecond / THREADS, start, start + duration.toNanos(),
                            datagrams, first));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "garbage-flood-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the flood failed", failure.get());
        }
        return new Result(sent.get(), (System.nanoTime() - start) / 1_000_000);
    }

    private static long sendFrom(InetSocketAddress target, int perSecond, long start, long end, List<byte[]> datagrams,
                                 int offset) {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < SOURCES; i++) {
                DatagramChannel c = DatagramChannel.open();
                channels.add(c);
                c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                c.connect(target);
            }
            ByteBuffer[] buffers = datagrams.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
            long sent = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                long due = (now - start) * perSecond / 1_000_000_000L;
                if (sent >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (int burst = 0; burst < 64 && sent < due; burst++, sent++) {
                    ByteBuffer b = buffers[(int) ((sent + offset) % buffers.length)];
                    b.rewind();
                    try {
                        channels.get((int) (sent % SOURCES)).write(b);
                    } catch (IOException e) {
                        // ICMP port unreachable reported on a connected socket, or a full buffer: keep flooding
                    }
                }
            }
            return sent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the flood's sockets", e);
        } finally {
            for (DatagramChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing a test socket
                }
            }
        }
    }
}
