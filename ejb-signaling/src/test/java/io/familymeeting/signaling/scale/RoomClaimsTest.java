package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Room claims of two "instances" over one store. */
class RoomClaimsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private DocumentStore store;

    @BeforeEach
    void rooms() {
        store = new EmbeddedStore();
        store.set(Paths.room("r1"), Map.of(Fields.TITLE, "one", Fields.OWNER, ""));
        store.set(Paths.room("r2"), Map.of(Fields.TITLE, "two"));
        store.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
        store.set(Paths.broadcastRequest("p1"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b1", Fields.ABORT, false));
    }

    @Test
    void twoInstancesWithOneSlotEachTakeDifferentRooms() {
        RoomClaims a = new RoomClaims(store, "a", 1, LEASE, clock);
        RoomClaims b = new RoomClaims(store, "b", 1, LEASE, clock);
        assertThat(a.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        assertThat(b.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
        assertThat(a.claim(Paths.room("r2"))).isEqualTo(RoomClaims.Outcome.AT_CAPACITY);
        assertThat(b.claim(Paths.room("r2"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        assertThat(store.get(Paths.claim(Paths.room("r1"))).orElseThrow().data())
                .containsEntry(Fields.OWNER, "a").containsEntry(Fields.ROOM, "rooms/r1")
                .containsEntry(Fields.LEASE_EXPIRES_AT, clock.instant().plus(LEASE));
        assertThat(store.get(Paths.claim(Paths.room("r2"))).orElseThrow().string(Fields.OWNER)).isEqualTo("b");
        assertThat(store.get(Paths.room("r1")).orElseThrow().data()).as("the room document is not written")
                .isEqualTo(Map.of(Fields.TITLE, "one", Fields.OWNER, ""));
        assertThat(store.get(Paths.server("a"))).as("nor the server document").isEmpty();
        assertThat(a.holds(Paths.room("r1"))).isTrue();
        assertThat(a.claim(Paths.room("r1"))).as("claiming again is idempotent").isEqualTo(RoomClaims.Outcome.CLAIMED);
    }

    @Test
    void concurrentClaimsNeverOvershootCapacity() throws Exception {
        for (int i = 0; i < 8; i++) {
            store.set(Paths.room("c" + i), Map.of(Fields.TITLE, "c"));
        }
        RoomClaims a = new RoomClaims(store, "a", 3, LEASE, clock);
        List<String> won = new CopyOnWriteArrayList<>();
        Thread[] ts = new Thread[8];
        for (int i = 0; i < 8; i++) {
            String path = Paths.room("c" + i);
            ts[i] = new Thread(() -> {
                if (a.claim(path) == RoomClaims.Outcome.CLAIMED) {
                    won.add(path);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(won).hasSize(3);
        assertThat(a.owned()).containsExactlyInAnyOrderElementsOf(won);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldOwnerLearnsOnRenew() {
        RoomClaims a = new RoomClaims(store, "a", 1, LEASE, clock);
        RoomClaims b = new RoomClaims(store, "b", 1, LEASE, clock);
        assertThat(a.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.holds(Paths.broadcastRequest("b1"))).as("a's own lease ran out").isFalse();
        assertThat(b.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        assertThat(a.renew()).containsExactly(Paths.broadcastRequest("b1"));
        assertThat(a.owned()).isEmpty();
        assertThat(a.claim(Paths.room("r1"))).as("a has its slot back").isEqualTo(RoomClaims.Outcome.CLAIMED);
    }

    @Test
    void renewKeepsTheLeaseAlive() {
        RoomClaims a = new RoomClaims(store, "a", 1, LEASE, clock);
        RoomClaims b = new RoomClaims(store, "b", 1, LEASE, clock);
        a.claim(Paths.room("r1"));
        for (int i = 0; i < 5; i++) {
            clock.advance(LEASE.dividedBy(2));
            assertThat(a.renew()).isEmpty();
            assertThat(b.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
        }
        assertThat(store.get(Paths.claim(Paths.room("r1"))).orElseThrow().data().get("leaseExpiresAt"))
                .isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void participantsEndedAndMissingDocumentsAreNotClaimed() {
        RoomClaims a = new RoomClaims(store, "a", 3, LEASE, clock);
        assertThat(a.claim(Paths.broadcastRequest("p1"))).isEqualTo(RoomClaims.Outcome.NOT_A_ROOM);
        assertThat(a.claim(Paths.participant("r1", "x"))).isEqualTo(RoomClaims.Outcome.NOT_A_ROOM);
        assertThat(a.claim(Paths.room("nope"))).isEqualTo(RoomClaims.Outcome.GONE);
        store.update(Paths.broadcastRequest("b1"), Map.of(Fields.ABORT, true));
        assertThat(a.claim(Paths.broadcastRequest("b1"))).isEqualTo(RoomClaims.Outcome.GONE);
    }

    @Test
    void anEndedOrDeletedRoomIsLostAtRenewalAndItsClaimReleased() {
        RoomClaims a = new RoomClaims(store, "a", 2, LEASE, clock);
        a.claim(Paths.broadcastRequest("b1"));
        a.claim(Paths.room("r1"));
        store.update(Paths.broadcastRequest("b1"), Map.of(Fields.ABORT, true));
        store.delete(Paths.room("r1"));
        assertThat(a.renew()).containsExactlyInAnyOrder(Paths.broadcastRequest("b1"), Paths.room("r1"));
        assertThat(store.get(Paths.claim(Paths.broadcastRequest("b1"))).orElseThrow().string(Fields.OWNER)).isEmpty();
        assertThat(a.owned()).isEmpty();
    }

    @Test
    void releaseFreesTheRoomAtOnce() {
        RoomClaims a = new RoomClaims(store, "a", 1, LEASE, clock);
        RoomClaims b = new RoomClaims(store, "b", 1, LEASE, clock);
        a.claim(Paths.room("r1"));
        a.release(Paths.room("r1"));
        assertThat(b.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        assertThat(a.claim(Paths.room("r2"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
    }

    @Test
    void takeoverOnTheRealClockHappensAboutOneLeaseAfterTheLastRenewal() throws Exception {
        Duration lease = Duration.ofMillis(600);
        RoomClaims a = new RoomClaims(store, "a", 1, lease, Clock.systemUTC());
        RoomClaims b = new RoomClaims(store, "b", 1, lease, Clock.systemUTC());
        assertThat(a.claim(Paths.room("r1"))).isEqualTo(RoomClaims.Outcome.CLAIMED);
        long lastRenewal = System.nanoTime(); // "a" dies here
        long deadline = lastRenewal + Duration.ofSeconds(10).toNanos();
        RoomClaims.Outcome o;
        while ((o = b.claim(Paths.room("r1"))) != RoomClaims.Outcome.CLAIMED && System.nanoTime() < deadline) {
            assertThat(o).isEqualTo(RoomClaims.Outcome.OWNED_ELSEWHERE);
            Thread.sleep(20);
        }
        long took = System.nanoTime() - lastRenewal;
        assertThat(o).isEqualTo(RoomClaims.Outcome.CLAIMED);
        assertThat(Duration.ofNanos(took)).as("not before the lease ran out").isGreaterThanOrEqualTo(lease.minusMillis(20));
        System.out.printf("takeover %d ms after the owner's last renewal (lease %d ms, retry every 20 ms)%n",
                took / 1_000_000, lease.toMillis());
    }
}
