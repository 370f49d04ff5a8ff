package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.firestore.FirestoreStore;
import io.familymeeting.signaling.store.firestore.FirestoreStoreTesting;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room claims through Firestore transactions on the emulator: two instances, one slot each,
 * and a takeover; capacity under concurrent claims next to plain writes; the cleanup.
 */
class RoomClaimsFirestoreIT {
    @Test
    void twoInstancesTakeDifferentRoomsAndAnExpiredLeaseIsTakenOver() throws Exception {
        try (GoogleEmulator e = GoogleEmulator.firestore();
             FirestoreStore s1 = FirestoreStoreTesting.connect(e); FirestoreStore s2 = FirestoreStoreTesting.connect(e)) {
            s1.set(Paths.room("r1"), Map.of(Fields.OWNER, ""));
            s1.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
            Duration lease = Duration.ofSeconds(2);
            RoomClaims a = new RoomClaims(s1, "a", 1, lease, Clock.systemUTC());
            RoomClaims b = new RoomClaims(s2, "b", 1, lease, Clock.systemUTC());
            assertThat(a.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
            assertThat(a.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.AT_CAPACITY);
            assertThat(b.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
            assertThat(b.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
            assertThat(b.renew()).isEmpty();

            long lastRenewal = System.nanoTime(); // "a" dies: no more renewals
            java.time.Instant aExpires = (java.time.Instant) s1.get(Paths.claim(Paths.room("r1"))).orElseThrow().data().get("leaseExpiresAt");
            RoomClaims c = new RoomClaims(s2, "c", 1, lease, Clock.systemUTC());
            long deadline = lastRenewal + Duration.ofSeconds(30).toNanos();
            RoomClaims.Outcome o;
            while ((o = c.claim(Paths.room("r1"))) != RoomClaims.Outcome.CLAIMED && System.nanoTime() < deadline) {
                assertThat(o).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
                Thread.sleep(100);
            }
            java.time.Instant takenAt = java.time.Instant.now();
            assertThat(o).isEqualTo(RoomClaims.Outcome.CLAIMED);
            assertThat(takenAt).as("not before a's lease ran out").isAfterOrEqualTo(aExpires);
            System.out.printf("firestore emulator takeover: %d ms after the owner's lease expired (lease %d ms, "
                            + "claim retried every 100 ms; %d ms after the test stopped renewing)%n",
                    Duration.between(aExpires, takenAt).toMillis(), lease.toMillis(), (System.nanoTime() - lastRenewal) / 1_000_000);
            assertThat(a.renew()).containsExactly(Paths.room("r1"));
            assertThat(s1.get(Paths.claim(Paths.room("r1"))).orElseThrow().string(Fields.OWNER)).isEqualTo("c");
            assertThat(s1.get(Paths.room("r1")).orElseThrow().data()).as("room document untouched").isEqualTo(Map.of(Fields.OWNER, ""));
        }
    }

    /**
     * 20 broadcasts claimed at once by two instances of capacity 3 while "browsers" and the
     * answer path write the same broadcast documents: exactly 3 each, one owner per claim, and
     * no plain write fails (the old design locked these documents in transactions).
     */
    @Test
    void concurrentClaimsNeverOvershootCapacityAndPlainWritesGoThrough() throws Exception {
        try (GoogleEmulator e = GoogleEmulator.firestore();
             FirestoreStore s1 = FirestoreStoreTesting.connect(e); FirestoreStore s2 = FirestoreStoreTesting.connect(e);
             FirestoreStore browsers = FirestoreStoreTesting.connect(e)) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                paths.add(Paths.broadcastRequest("load-" + i));
                browsers.set(paths.get(i), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false, Fields.ANSWER, ""));
            }
            Duration lease = Duration.ofSeconds(60);
            Map<String, RoomClaims> instances = Map.of("a", new RoomClaims(s1, "a", 3, lease, Clock.systemUTC()),
                    "b", new RoomClaims(s2, "b", 3, lease, Clock.systemUTC()));
            List<String> failures = new CopyOnWriteArrayList<>();
            Map<String, List<String>> won = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(60);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (String path : paths) {
                    for (Map.Entry<String, RoomClaims> inst : instances.entrySet()) {
                        work.add(pool.submit(() -> {
                            if (inst.getValue().claim(path) == RoomClaims.Outcome.CLAIMED) {
                                won.computeIfAbsent(inst.getKey(), k -> new CopyOnWriteArrayList<>()).add(path);
                            }
                        }));
                    }
                    work.add(pool.submit(() -> {
                        for (int k = 0; k < 3; k++) {
                            try {
                                browsers.update(path, Map.of(Fields.ANSWER, "written " + k));
                            } catch (RuntimeException ex) {
                                failures.add(path + ": " + ex.getMessage());
                            }
                        }
                    }));
                }
                for (Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(failures).as("plain writes next to the claims").isEmpty();
            assertThat(won.get("a")).hasSize(3).doesNotContainAnyElementsOf(won.get("b"));
            assertThat(won.get("b")).hasSize(3);
            for (Map.Entry<String, RoomClaims> inst : instances.entrySet()) {
                assertThat(inst.getValue().owned()).containsExactlyInAnyOrderElementsOf(won.get(inst.getKey()));
                for (String path : won.get(inst.getKey())) {
                    assertThat(browsers.get(Paths.claim(path)).orElseThrow().string(Fields.OWNER)).isEqualTo(inst.getKey());
                }
            }
            assertThat(browsers.list(Paths.CLAIMS)).hasSize(6);
        }
    }

    /** The cleanup on the emulator: ended documents with their sub-collections, stale claims, dead servers. */
    @Test
    void cleanupDeletesEndedDocumentsStaleClaimsAndDeadServers() throws Exception {
        try (GoogleEmulator e = GoogleEmulator.firestore(); FirestoreStore s = FirestoreStoreTesting.connect(e)) {
            Instant now = Instant.now();
            s.set(Paths.room("ended"), Map.of(Fields.STATE, Values.STATE_ENDED, Fields.ENDED_AT, now.minusSeconds(120)));
            s.set(Paths.participant("ended", "p1"), Map.of(Fields.NAME, "x"));
            s.set(Paths.room("live"), Map.of(Fields.TITLE, "live"));
            s.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
            RoomClaims a = new RoomClaims(s, "a", 2, Duration.ofSeconds(60), Clock.systemUTC());
            assertThat(a.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
            s.set(Paths.claim(Paths.broadcastRequest("gone")), Map.of(Fields.ROOM, Paths.broadcastRequest("gone"), Fields.OWNER, ""));
            s.set(Paths.server("dead"), Map.of(Fields.HEARTBEAT_AT, now.minusSeconds(120)));
            s.set(Paths.server("alive"), Map.of(Fields.HEARTBEAT_AT, now));
            Duration age = Duration.ofSeconds(60);
            Cleanup c = new Cleanup(s, Clock.systemUTC(), age, age, age, true);
            assertThat(c.sweep()).containsExactlyInAnyOrder("rooms/ended", "claims/broadcast_requests:gone", "servers/dead");
            assertThat(s.get(Paths.participant("ended", "p1"))).as("sub-collection").isEmpty();
            assertThat(s.list(Paths.ROOMS)).extracting(d -> d.path()).containsExactly("rooms/live");
            assertThat(s.get(Paths.claim(Paths.broadcastRequest("b1")))).isPresent();
            assertThat(s.get(Paths.server("alive"))).isPresent();
            assertThat(c.sweep()).isEmpty();
        }
    }
}
