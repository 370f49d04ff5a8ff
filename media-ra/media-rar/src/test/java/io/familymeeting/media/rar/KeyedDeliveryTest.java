package io.familymeeting.media.rar;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedDeliveryTest {

    @Test
    void deliversInOrderPerKeyWithoutOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        int perKey = 500;
        CountDownLatch done = new CountDownLatch(3 * perKey);
        KeyedDelivery<int[]> d = new KeyedDelivery<>("test", pool, item -> {
            String key = "k" + item[0];
            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.add(key);
            }
            seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(item[1]);
            inFlight.get(key).decrementAndGet();
            done.countDown();
        }, 100_000);
        d.resume();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(d.offer("k" + k, new int[]{k, i})).isTrue();
            }
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdownNow();
        assertThat(overlaps).isEmpty();
        for (int k = 0; k < 3; k++) {
            List<Integer> got = seen.get("k" + k);
            assertThat(got).hasSize(perKey);
            for (int i = 0; i < perKey; i++) {
                assertThat(got.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void holdsItemsUntilResumedAndRefusesBeyondTheBound() {
        List<String> got = new ArrayList<>();
        KeyedDelivery<String> d = new KeyedDelivery<>("test", Runnable::run, got::add, 2);
        assertThat(d.offer("a", "1")).isTrue();
        assertThat(d.offer("b", "2")).isTrue();
        assertThat(d.offer("a", "3")).as("bound reached").isFalse();
        assertThat(got).isEmpty();
        d.resume();
        assertThat(got).containsExactlyInAnyOrder("1", "2");
        assertThat(d.refused()).isEqualTo(1);
        assertThat(d.offer("a", "4")).isTrue();
        assertThat(got).contains("4");
    }

    @Test
    void aFailingSinkDoesNotStopTheQueue() {
        List<String> got = new ArrayList<>();
        KeyedDelivery<String> d = new KeyedDelivery<>("test", Runnable::run, s -> {
            if (s.equals("bad")) {
                throw new IllegalStateException("boom");
            }
            got.add(s);
        }, 10);
        d.resume();
        d.offer("a", "bad");
        d.offer("a", "good");
        assertThat(got).containsExactly("good");
    }

    @Test
    void aFullQueueMarksTheKeyAndDeliversOneResyncAfterItDrains() {
        List<String> got = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        KeyedDelivery<String> d = new KeyedDelivery<>("test", tasks::add, got::add, 2, key -> "resync " + key);
        d.resume();
        assertThat(d.offer("a", "a1")).isTrue();
        assertThat(d.offer("a", "a2")).isTrue();
        assertThat(d.offer("a", "a3")).as("dropped, but covered by the resync").isTrue();
        assertThat(d.offer("b", "b1")).as("another key, queue still full: marked too").isTrue();
        assertThat(d.pending()).isEqualTo(2);
        assertThat(tasks).as("one drain per key").hasSize(2);
        // Room a drains while the queue has space again: a's later events are still dropped
        // (the resync reads them), another key's are queued.
        tasks.get(0).run();
        assertThat(got).containsExactly("a1", "a2", "resync a");
        assertThat(d.offer("c", "c1")).isTrue();
        tasks.get(1).run();
        assertThat(got).containsExactly("a1", "a2", "resync a", "resync b");
        assertThat(d.refused()).isEqualTo(2);
        assertThat(d.resyncs()).isEqualTo(2);
        assertThat(d.offer("a", "a4")).as("after its resync a key queues again").isTrue();
        assertThat(d.pending()).isEqualTo(2);
    }

    @Test
    void eventsOfAMarkedKeyAreDroppedUntilItsResync() {
        List<String> got = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        KeyedDelivery<String> d = new KeyedDelivery<>("test", tasks::add, got::add, 1, key -> "resync " + key);
        d.resume();
        d.offer("a", "a1");
        d.offer("a", "a2");
        d.offer("a", "a3");
        assertThat(d.refused()).isEqualTo(2);
        tasks.get(0).run();
        assertThat(got).containsExactly("a1", "resync a");
    }

    @Test
    void withoutAResyncAFullQueueRefuses() {
        KeyedDelivery<String> d = new KeyedDelivery<>("test", r -> { }, s -> { }, 1);
        assertThat(d.offer("a", "1")).isTrue();
        assertThat(d.offer("a", "2")).isFalse();
        assertThat(d.resyncs()).isZero();
    }
}
