package io.familymeeting.signaling.dispatch;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pub/Sub dispatch on Google's Pub/Sub emulator: competing consumers and nack re-delivery. */
class PubSubDispatchIT {
    private static final String PROJECT = "demo-family-meeting-it";
    private static GoogleEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = GoogleEmulator.pubsub(PROJECT);
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            List<ProcessHandle> tree = emulator.processTree();
            emulator.close();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
        }
    }

    private static PubSubDispatch open(String name) {
        return PubSubDispatch.open(Settings.of(Map.of(
                Setting.GOOGLE_CLOUD_PROJECT.key(), PROJECT,
                Setting.PUBSUB_EMULATOR_HOST.key(), emulator.hostPort(),
                Setting.PUBSUB_TOPIC.key(), name + "-topic",
                Setting.PUBSUB_SUBSCRIPTION.key(), name + "-sub")));
    }

    @Test
    void competingConsumersAndNackRedelivery() throws Exception {
        try (PubSubDispatch monitor = open("rooms"); PubSubDispatch full = open("rooms"); PubSubDispatch free = open("rooms")) {
            List<String> nacked = new CopyOnWriteArrayList<>();
            Map<String, Integer> acked = new ConcurrentHashMap<>();
            full.consume(p -> {
                nacked.add(p);
                return false; // at capacity
            });
            free.consume(p -> {
                acked.merge(p, 1, Integer::sum);
                return true;
            });
            int n = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                monitor.publish("rooms/r" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.printf("pubsub emulator: %d paths acked by the free consumer in %d ms, %d nacks by the full one%n",
                    acked.size(), (System.nanoTime() - t0) / 1_000_000, nacked.size());
            assertThat(acked.keySet()).hasSize(n);
            Set<String> nackedSet = Set.copyOf(nacked);
            assertThat(acked.keySet()).containsAll(nackedSet);
        }
    }

    @Test
    void eachMessageGoesToOneOfTwoAckingConsumers() throws Exception {
        try (PubSubDispatch a = open("share"); PubSubDispatch b = open("share")) {
            Map<String, String> by = new ConcurrentHashMap<>();
            List<String> all = new CopyOnWriteArrayList<>();
            a.consume(p -> {
                all.add(p);
                by.put(p, "a");
                return true;
            });
            b.consume(p -> {
                all.add(p);
                by.put(p, "b");
                return true;
            });
            for (int i = 0; i < 20; i++) {
                a.publish("broadcast_requests/b" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (by.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(by).hasSize(20);
            System.out.printf("pubsub emulator: shared subscription split %d/%d, %d deliveries for 20 messages%n",
                    by.values().stream().filter("a"::equals).count(), by.values().stream().filter("b"::equals).count(), all.size());
        }
    }
}
