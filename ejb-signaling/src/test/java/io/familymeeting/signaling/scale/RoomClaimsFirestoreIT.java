package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.store.Paths;
import io.familymeeting.signaling.store.firestore.FirestoreStore;
import io.familymeeting.signaling.store.firestore.FirestoreStoreTesting;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Room claims through Firestore transactions on the emulator: two instances, one slot each, and a takeover. */
class RoomClaimsFirestoreIT {
    @Test
    void twoInstancesTakeDifferentRoomsAndAnExpiredLeaseIsTakenOver() throws Exception {
        try (GoogleEmulator e = GoogleEmulator.firestore();
             FirestoreStore s1 = FirestoreStoreTesting.connect(e); FirestoreStore s2 = FirestoreStoreTesting.connect(e)) {
            s1.set(Paths.room("r1"), Map.of("owner", ""));
            s1.set(Paths.broadcastRequest("b1"), Map.of("kind", "broadcaster", "parent", "", "abort", false));
            Duration lease = Duration.ofSeconds(2);
            RoomClaims a = new RoomClaims(s1, "a", 1, lease, Clock.systemUTC());
            RoomClaims b = new RoomClaims(s2, "b", 1, lease, Clock.systemUTC());
            assertThat(a.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
            assertThat(a.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.AT_CAPACITY);
            assertThat(b.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
            assertThat(b.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
            assertThat(b.renew()).isEmpty();

            long lastRenewal = System.nanoTime(); // "a" dies: no more renewals
            java.time.Instant aExpires = (java.time.Instant) s1.get(Paths.room("r1")).orElseThrow().data().get("leaseExpiresAt");
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
            assertThat(s1.get(Paths.room("r1")).orElseThrow().string("owner")).isEqualTo("c");
        }
    }
}
