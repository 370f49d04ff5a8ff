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
import java.util.concurrent.locks.LockSupport;

/**
 * Test helper: sends datagrams at a fixed rate from several sockets on 127.0.0.1 (strangers to
 * the engine), paced against the clock, and reports the rate it reached: on a loaded machine one
 * sending thread may fall short of the rate asked for, and the test says so rather than assume it.
 */
final class GarbageFlood {
    /** Distinct source addresses: each new one makes ice4j look the sender up and parse STUN. */
    private static final int SOURCES = 16;

    record Result(long sent, long elapsedMillis) {
        double perSecond() {
            return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
        }
    }

    private GarbageFlood() {
    }

    /** Sends {@code datagrams} round robin to {@code target} at {@code perSecond} for {@code duration}; blocks. */
    static Result send(InetSocketAddress target, int perSecond, Duration duration, List<byte[]> datagrams) {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < SOURCES; i++) {
                DatagramChannel c = DatagramChannel.open();
                channels.add(c);
                c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                c.connect(target);
            }
            ByteBuffer[] buffers = datagrams.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long sent = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                long due = (now - start) * perSecond / 1_000_000_000L;
                if (sent >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (int burst = 0; burst < 64 && sent < due; burst++, sent++) {
                    ByteBuffer b = buffers[(int) (sent % buffers.length)];
                    b.rewind();
                    try {
                        channels.get((int) (sent % SOURCES)).write(b);
                    } catch (IOException e) {
                        // ICMP port unreachable reported on a connected socket, or a full buffer: keep flooding
                    }
                }
            }
            return new Result(sent, (System.nanoTime() - start) / 1_000_000);
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
