package io.familymeeting.signaling.store.firestore;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.DocumentStoreContract;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Firestore store against the store contract, on Google's Firestore emulator started by
 * the test, plus what only this backend has to show: Firestore's value types, and listeners
 * that survive an emulator restart. Prints the write-to-listener latency it sees.
 */
class FirestoreStoreIT extends DocumentStoreContract {
    private static GoogleEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = GoogleEmulator.firestore();
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            List<ProcessHandle> tree = emulator.processTree();
            emulator.close();
            assertThat(tree).as("emulator processes after close").noneMatch(ProcessHandle::isAlive);
        }
    }

    static FirestoreStore connect(GoogleEmulator e) {
        return FirestoreConnector.open(
                Settings.of(Map.of(Setting.FIRESTORE_EMULATOR_HOST.key(), e.hostPort(),
                        Setting.GOOGLE_CLOUD_PROJECT.key(), "demo-family-meeting-it")),
                FirestoreStore.Options.defaults().withProbeInterval(Duration.ofMillis(500))
                        .withOperationTimeout(Duration.ofSeconds(20)));
    }

    @Override
    protected DocumentStore newStore() {
        return connect(emulator);
    }

    @Test
    void backendAndConnection() {
        assertThat(store.backend()).isEqualTo("firestore");
        assertThat(store.isConnected()).isTrue();
        assertThat(store.lastError()).isEmpty();
    }

    @Test
    void firestoreValueTypesMapBack() {
        String path = Paths.room(ns + "values");
        Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
        store.set(path, Map.of("at", at, "ratio", 0.25, "count", 7, "flag", true,
                "nested", Map.of("list", List.of(1L, "two", Map.of("deep", at)))));
        Document d = store.get(path).orElseThrow();
        assertThat(d.data().get("at")).isEqualTo(at);
        assertThat(d.data().get("ratio")).isEqualTo(0.25);
        assertThat(d.data().get("count")).isEqualTo(7L);
        assertThat(d.data().get("flag")).isEqualTo(true);
        assertThat(d.map("nested").get("list")).isEqualTo(List.of(1L, "two", Map.of("deep", at)));
    }

    @Test
    void updateKeepsDottedNamesAsOneField() {
        String path = Paths.room(ns + "dots");
        store.set(path, Map.of("a", "x"));
        assertThat(store.update(path, Map.of("b.c", "y"))).isTrue();
        assertThat(store.get(path).orElseThrow().data()).containsEntry("b.c", "y").containsEntry("a", "x");
    }

    @Test
    void deleteRemovesNestedSubCollections() {
        String room = Paths.room(ns + "deep");
        store.set(room, Map.of("t", "x"));
        store.set(Paths.participant(ns + "deep", "p") + "/notes/n1", Map.of("n", 1L));
        store.set(room + "/cameras/c1", Map.of("url", "rtsp://127.0.0.1/x"));
        store.delete(room);
        assertThat(store.get(Paths.participant(ns + "deep", "p") + "/notes/n1")).isEmpty();
        assertThat(store.list(room + "/cameras")).isEmpty();
    }

    @Test
    void writeToListenerLatency() throws Exception {
        String coll = Paths.participants(ns + "lat");
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        try (Registration r = store.listen(coll, c -> seenAt.putIfAbsent(c.path(), System.nanoTime()))) {
            awaitTrue(Duration.ofSeconds(10), () -> true);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String path = coll + "/p" + i;
                long t0 = System.nanoTime();
                store.set(path, Map.of("i", (long) i));
                awaitTrue(Duration.ofSeconds(10), () -> seenAt.containsKey(path));
                micros.add((seenAt.get(path) - t0) / 1000);
            }
            Collections.sort(micros);
            System.out.printf("firestore emulator write->listener latency: p50 %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)%n",
                    micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 95 / 100) / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0, micros.size());
            assertThat(seenAt).hasSize(40);
            System.out.println("firestore emulator latency test: changes healed by re-attachment or reconciling read: "
                    + ((FirestoreStore) store).healedChanges());
        }
    }

    @Test
    void listenersResumeAfterEmulatorRestart() throws Exception {
        try (GoogleEmulator own = GoogleEmulator.firestore(); FirestoreStore s = connect(own)) {
            String coll = Paths.participants("restart");
            Seen inCollection = new Seen();
            Seen inGroup = new Seen();
            Seen onDocument = new Seen();
            try (Registration a = s.listen(coll, inCollection);
                 Registration b = s.listenGroup(Paths.PARTICIPANTS, inGroup);
                 Registration c = s.listenDocument(coll + "/after", onDocument)) {
                s.set(coll + "/before", Map.of("n", 1L));
                awaitTrue(Duration.ofSeconds(10), () -> has(inCollection, "/before") && has(inGroup, "/before"));

                own.stop();
                awaitTrue(Duration.ofSeconds(30), () -> !s.isConnected());
                assertThat(s.lastError()).isNotEmpty();

                own.start();
                long restarted = System.nanoTime();
                s.set(coll + "/after", Map.of("n", 2L)); // right after the restart
                long written = System.nanoTime();
                try {
                    awaitTrue(Duration.ofSeconds(60), () -> has(inCollection, "/after")
                            && has(inGroup, "/after") && has(onDocument, "/after"));
                } catch (AssertionError e) {
                    throw new AssertionError("after the restart: collection " + inCollection.changes + ", group "
                            + inGroup.changes + ", document " + onDocument.changes + "; " + s.lastError(), e);
                }
                long delivered = System.nanoTime();
                awaitTrue(Duration.ofSeconds(30), s::isConnected);
                System.out.printf("firestore emulator restart: first write %.0f ms after start, delivered to all "
                                + "three listeners %.0f ms after the write%n",
                        (written - restarted) / 1e6, (delivered - written) / 1e6);
                // The restarted emulator is empty: the resynchronised listener reports that.
                awaitTrue(Duration.ofSeconds(10), () -> inCollection.changes.stream()
                        .anyMatch(ch -> ch.type() == DocumentChange.Type.REMOVED && ch.path().endsWith("/before")));
                assertThat(s.lastError()).isEmpty();
                System.out.println("firestore emulator restart: changes healed by re-attachment or reconciling read: " + s.healedChanges());
            }
            List<ProcessHandle> tree = own.processTree();
            own.stop();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
        }
    }

    /** Every change a listener got. */
    static final class Seen implements io.familymeeting.signaling.store.DocumentListener {
        final List<DocumentChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onChange(DocumentChange change) {
            changes.add(change);
        }
    }

    private static boolean has(Seen r, String suffix) {
        return r.changes.stream().anyMatch(c -> c.path().endsWith(suffix) && c.type() != DocumentChange.Type.REMOVED);
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
