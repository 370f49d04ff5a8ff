package io.familymeeting.media.core.send;

import io.familymeeting.media.core.forward.Packets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendQueueTest {
    private static final long TIMEOUT_MILLIS = 30_000;
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void joinThreads() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
            t.join(TIMEOUT_MILLIS);
        }
    }

    /**
     * Records the first four bytes (a big-endian counter) of each packet, in arrival order.
     * Written by the send thread only; read after {@link SendQueue#sent} (volatile) says so.
     */
    private static final class Recorder implements QueuedSender {
        final List<Integer> numbers = new ArrayList<>();
        final List<Boolean> rtcpFlags = new ArrayList<>();
        volatile int lastBufferLength;
        volatile int lastLength;

        @Override
        public boolean sendQueued(boolean rtcp, byte[] buf, int off, int len) {
            numbers.add(((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff));
            rtcpFlags.add(rtcp);
            lastBufferLength = buf.length;
            lastLength = len;
            return true;
        }
    }

    private static byte[] packet(int n, int len) {
        byte[] b = new byte[len];
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        return b;
    }

    private Thread startLoop(SendQueue q) {
        Thread t = new Thread(q::run, "send-loop-test");
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new SendQueue(100)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new SendQueue(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SendQueue(128).capacity()).isEqualTo(128);
    }

    @Test
    void eachSendersPacketsLeaveInOfferOrderWithSeveralOfferingThreads() throws Exception {
        SendQueue q = new SendQueue(64);
        startLoop(q);
        int perThread = 20_000;
        Recorder[] senders = {new Recorder(), new Recorder(), new Recorder()};
        long[] accepted = new long[senders.length];
        List<Thread> producers = new ArrayList<>();
        for (int s = 0; s < senders.length; s++) {
            int which = s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (q.offer(senders[which], false, packet(i, 100), 0, 100)) {
                        accepted[which]++;
                    }
                    if (i % 512 == 0) {
                        Thread.yield();
                    }
                }
            });
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) {
            t.join(TIMEOUT_MILLIS);
        }
        long totalAccepted = accepted[0] + accepted[1] + accepted[2];
        await(() -> q.sent() == totalAccepted, "every accepted packet sent");

        for (int s = 0; s < senders.length; s++) {
            List<Integer> got = senders[s].numbers;
            assertThat(got).as("sender %d", s).hasSize((int) accepted[s]);
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i)).as("sender %d, packet %d", s, i).isGreaterThan(got.get(i - 1));
            }
        }
        // Overflow accounting: every offer is either sent or counted as dropped.
        assertThat(q.offered()).isEqualTo(totalAccepted);
        assertThat(q.offered() + q.dropped()).isEqualTo(3L * perThread);
        assertThat(q.notSent()).isZero();
        assertThat(q.close(TIMEOUT_MILLIS)).isTrue();
    }

    @Test
    void aFullQueueDropsTheNewestAndCountsIt() throws Exception {
        SendQueue q = new SendQueue(4);
        Recorder r = new Recorder();
        for (int i = 0; i < 6; i++) {
            boolean ok = q.offer(r, i % 2 == 1, packet(i, 20), 0, 20);
            assertThat(ok).as("offer %d", i).isEqualTo(i < 4);
        }
        assertThat(q.queued()).isEqualTo(4);
        assertThat(q.dropped()).isEqualTo(2);
        assertThat(q.offered()).isEqualTo(4);

        startLoop(q);
        await(() -> q.sent() == 4, "the queued packets");
        assertThat(r.numbers).as("the oldest four went out, in order").containsExactly(0, 1, 2, 3);
        assertThat(r.rtcpFlags).containsExactly(false, true, false, true);
        // Room again once the loop has given the slots back.
        await(() -> q.queued() == 0, "slots given back");
        assertThat(q.offer(r, false, packet(9, 20), 0, 20)).isTrue();
        await(() -> q.sent() == 5, "the fifth");
        assertThat(r.numbers).endsWith(9);
        assertThat(q.dropped()).isEqualTo(2);
    }

    @Test
    void slotsAreCopiesWithRoomForTheSrtpTrailer() throws Exception {
        SendQueue q = new SendQueue(8);
        Recorder r = new Recorder();
        byte[] p = packet(42, SendQueue.MAX_PACKET_BYTES);
        assertThat(q.offer(r, false, p, 0, p.length)).isTrue();
        p[3] = 0; // the caller reuses its buffer at once
        assertThat(q.offer(r, false, new byte[SendQueue.MAX_PACKET_BYTES + 1], 0, SendQueue.MAX_PACKET_BYTES + 1))
                .as("larger than a forwarded packet or its RTX can be").isFalse();
        assertThat(q.offer(r, false, p, 0, 0)).as("empty").isFalse();
        startLoop(q);
        await(() -> q.sent() == 1, "the packet");
        assertThat(r.numbers).containsExactly(42);
        assertThat(r.lastLength).isEqualTo(SendQueue.MAX_PACKET_BYTES);
        assertThat(r.lastBufferLength - r.lastLength).isGreaterThanOrEqualTo(Packets.SRTP_TRAILER_ROOM);
        assertThat(q.dropped()).isEqualTo(2);
    }

    @Test
    void aFailingSenderIsCountedAndTheLoopGoesOn() throws Exception {
        SendQueue q = new SendQueue(8);
        Recorder good = new Recorder();
        QueuedSender throwing = (rtcp, buf, off, len) -> {
            throw new IllegalStateException("boom");
        };
        QueuedSender gone = (rtcp, buf, off, len) -> false;
        startLoop(q);
        q.offer(throwing, false, packet(1, 10), 0, 10);
        q.offer(gone, false, packet(2, 10), 0, 10);
        q.offer(good, false, packet(3, 10), 0, 10);
        await(() -> q.sent() == 1 && q.notSent() == 2, "all three handled");
        assertThat(good.numbers).containsExactly(3);
        assertThat(q.isRunning()).isTrue();
    }

    @Test
    void closeFinishesThePacketInHandDropsTheRestAndRefusesMore() throws Exception {
        SendQueue q = new SendQueue(256);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder after = new Recorder();
        QueuedSender blocking = (rtcp, buf, off, len) -> {
            entered.countDown();
            try {
                return release.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        Thread loop = startLoop(q);
        assertThat(q.offer(blocking, false, packet(0, 10), 0, 10)).isTrue();
        assertThat(entered.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        for (int i = 1; i <= 200; i++) {
            assertThat(q.offer(after, false, packet(i, 10), 0, 10)).isTrue();
        }

        boolean[] closed = new boolean[1];
        Thread closer = new Thread(() -> closed[0] = q.close(TIMEOUT_MILLIS));
        closer.start();
        int[] acceptedBeforeClose = new int[1];
        await(() -> {
            boolean ok = q.offer(after, false, packet(999, 10), 0, 10);
            acceptedBeforeClose[0] += ok ? 1 : 0;
            return !ok;
        }, "offers refused after close");
        assertThat(closer.isAlive()).as("close waits for the packet in hand").isTrue();
        release.countDown();
        closer.join(TIMEOUT_MILLIS);
        loop.join(TIMEOUT_MILLIS);

        assertThat(closed[0]).isTrue();
        assertThat(loop.isAlive()).isFalse();
        assertThat(q.isRunning()).isFalse();
        assertThat(q.sent()).as("the packet in hand").isEqualTo(1);
        assertThat(after.numbers).as("nothing queued behind it is sent after close").isEmpty();
        assertThat(q.queued()).isZero();
        int discarded = 200 + acceptedBeforeClose[0];
        assertThat(q.offered()).isEqualTo(1 + discarded);
        assertThat(q.notSent()).isZero();
        // The discarded ones plus the one refused offer that ended the wait above.
        assertThat(q.dropped()).isEqualTo(discarded + 1);
    }

    @Test
    void closingAQueueWhoseLoopNeverRanDiscardsItsPackets() {
        SendQueue q = new SendQueue(8);
        q.offer(new Recorder(), false, packet(1, 10), 0, 10);
        assertThat(q.close(10)).isTrue();
        assertThat(q.queued()).isZero();
        assertThat(q.dropped()).isEqualTo(1);
        q.run(); // a loop started after close returns at once
        assertThat(q.isRunning()).isFalse();
    }
}
