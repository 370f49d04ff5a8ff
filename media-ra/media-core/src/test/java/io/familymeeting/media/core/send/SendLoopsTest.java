package io.familymeeting.media.core.send;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendLoopsTest {

    @Test
    void participantsAreSpreadRoundRobinAndKeepTheirQueue() {
        SendLoops loops = new SendLoops(3, 8);
        SendQueue a = loops.assign();
        SendQueue b = loops.assign();
        SendQueue c = loops.assign();
        assertThat(a).isNotSameAs(b).isNotSameAs(c);
        assertThat(b).isNotSameAs(c);
        assertThat(loops.assign()).isSameAs(a);
        assertThat(loops.loops()).isEqualTo(3);
        loops.close();
    }

    @Test
    void atLeastOneLoop() {
        assertThatThrownBy(() -> new SendLoops(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SendLoops.defaultLoops()).isBetween(1, 4);
    }

    @Test
    void loopsRunOnTheExecutorAndStopOnClose() throws Exception {
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            SendLoops loops = new SendLoops(2, 8);
            loops.start(executor);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!loops.allRunning() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(loops.allRunning()).isTrue();

            int[] sent = new int[1];
            QueuedSender counting = (rtcp, buf, off, len) -> ++sent[0] > 0;
            assertThat(loops.assign().offer(counting, false, new byte[10], 0, 10)).isTrue();
            while (loops.stats().sent() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            SendLoops.Stats stats = loops.stats();
            assertThat(stats.loops()).isEqualTo(2);
            assertThat(stats.offered()).isEqualTo(1);
            assertThat(stats.sent()).isEqualTo(1);
            assertThat(stats.dropped()).isZero();

            loops.close();
            assertThat(loops.allRunning()).isFalse();
            assertThat(loops.assign().offer(counting, false, new byte[10], 0, 10)).as("closed").isFalse();
            assertThat(loops.stats().dropped()).isEqualTo(1);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
