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
}
