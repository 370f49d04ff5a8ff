package io.familymeeting.signaling.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In-process dispatch: competing consumers, nack re-delivery to the next consumer, de-duplication. */
class InProcessDispatchTest {
    @Test
    void nackedPathsGoToTheOtherConsumer() throws Exception {
        try (InProcessDispatch d = new InProcessDispatch(Duration.ofMillis(10))) {
            List<String> nacked = new CopyOnWriteArrayList<>();
            Map<String, String> ackedBy = new ConcurrentHashMap<>();
            d.consume(p -> {
                nacked.add(p);
                return false;
            });
            d.consume(p -> ackedBy.putIfAbsent(p, "b") == null);
            for (int i = 0; i < 10; i++) {
                d.publish("rooms/r" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ackedBy.size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ackedBy).hasSize(10);
            assertThat(nacked).isNotEmpty().allMatch(ackedBy::containsKey);
        }
    }

    @Test
    void aPendingPathIsQueuedOnce() throws Exception {
        try (InProcessDispatch d = new InProcessDispatch(Duration.ofMillis(10))) {
            d.publish("rooms/x");
            d.publish("rooms/x");
            List<String> got = new CopyOnWriteArrayList<>();
            d.consume(p -> got.add(p));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(got).containsExactly("rooms/x");
        }
    }
}
