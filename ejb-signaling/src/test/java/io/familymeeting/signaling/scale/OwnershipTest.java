package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.dispatch.RoomDispatch;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two "instances" of {@link Ownership} (Firestore settings, so claims are on, with the
 * in-process dispatch) over one store, one broadcast each at most; and the embedded default.
 * The takeover of a dead owner's room runs on a {@link MutableClock} with a dispatch that
 * only records what is published (its handler is called by hand).
 */
class OwnershipTest {
    private final DocumentStore store = new EmbeddedStore();
    private final Recorder ra = new Recorder();
    private final Recorder rb = new Recorder();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String room = Paths.room("r1");
    private Ownership a;
    private Ownership b;

    /** What the runtime would be told. */
    private static final class Recorder implements Ownership.Rooms {
        final List<String> claimed = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();

        @Override
        public void claimed(String path) {
            claimed.add(path);
        }

        @Override
        public void lost(String path) {
            lost.add(path);
        }
    }

    private static Settings settings() {
        return settings(3);
    }

    private static Settings settings(int leaseSeconds) {
        return settings(leaseSeconds, "both");
    }

    private static Settings settings(int leaseSeconds, String role) {
        return Settings.of(Map.of("SIGNALING_BACKEND", "firestore", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:1",
                "GOOGLE_CLOUD_PROJECT", "demo", "MAX_BROADCASTS", "1", "LEASE_SECONDS", Integer.toString(leaseSeconds),
                "MONITOR_SECONDS", "1", "ROLE", role));
    }

    /** Records what is published; {@link #deliver} hands a path to the consumer, as a dispatch would. */
    private static final class RecordingDispatch implements RoomDispatch {
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile Handler handler;

        @Override
        public void publish(String roomPath) {
            published.add(roomPath);
        }

        @Override
        public Registration consume(Handler h) {
            handler = h;
            return () -> handler = null;
        }

        boolean deliver(String roomPath) {
            return handler.handle(roomPath);
        }

        @Override
        public void close() {
        }
    }

    /** rooms/r1, claimed by instance "dead" (lease 6 s from now), which then renews no more. */
    private Instant roomOfADeadOwner() {
        store.set(room, Map.of(Fields.NAME, "r1"));
        assertThat(new RoomClaims(store, "dead", 1, Duration.ofSeconds(6), clock).claim(room))
                .isEqualTo(RoomClaims.Outcome.CLAIMED);
        return clock.instant().plusSeconds(6);
    }

    private Document claimOf(String roomPath) {
        return store.get(Paths.claim(roomPath)).orElseThrow();
    }

    /** Ticks once a second until just before {@code expiry}: the live lease is left alone. */
    private void tickUntil(Ownership o, Instant expiry) {
        while (clock.instant().isBefore(expiry)) {
            o.tick();
            assertThat(o.serves(room)).as("a live lease is not taken").isFalse();
            assertThat(claimOf(room).string(Fields.OWNER)).isEqualTo("dead");
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void twoBroadcastsGoToTwoInstancesAndParticipantsFollow() throws Exception {
        assertThat(Ownership.pubSubConfigured(settings())).isFalse();
        a = Ownership.open(store, settings(), "a", Clock.systemUTC(), ra);
        b = Ownership.open(store, settings(), "b", Clock.systemUTC(), rb);
        String b1 = Paths.broadcastRequest("b1");
        String b2 = Paths.broadcastRequest("b2");
        store.set(b1, Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
        await(() -> a.serves(b1) || b.serves(b1));
        store.set(b2, Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
        await(() -> a.serves(b2) || b.serves(b2));
        assertThat(a.serves(b1)).as("one owner each").isNotEqualTo(b.serves(b1));
        assertThat(a.serves(b2)).isNotEqualTo(a.serves(b1));
        await(() -> ra.claimed.size() + rb.claimed.size() == 2); // told just after each claim is taken

        // An ended broadcast is dropped at the next renewal and reported lost.
        Ownership owner1 = a.serves(b1) ? a : b;
        Recorder rec1 = owner1 == a ? ra : rb;
        store.update(b1, Map.of(Fields.ABORT, true));
        owner1.tick();
        assertThat(rec1.lost).containsExactly(b1);
        assertThat(owner1.serves(b1)).isFalse();

        // A refused broadcaster request (state error) gives its place up too.
        Ownership owner2 = a.serves(b2) ? a : b;
        Recorder rec2 = owner2 == a ? ra : rb;
        store.update(b2, Map.of(Fields.STATE, Values.STATE_ERROR, Fields.ERROR, "refused"));
        owner2.tick();
        assertThat(rec2.lost).containsExactly(b2);
        assertThat(owner2.serves(b2)).isFalse();
    }

    @Test
    void drainingReleasesTheClaimsSoAnotherInstanceTakesThemBeforeTheLeaseRunsOut() throws Exception {
        a = Ownership.open(store, settings(600), "a", Clock.systemUTC(), ra);
        String b1 = Paths.broadcastRequest("b1");
        store.set(b1, Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.PARENT, "", Fields.ABORT, false));
        await(() -> a.serves(b1));
        b = Ownership.open(store, settings(600), "b", Clock.systemUTC(), rb);
        b.tick();
        assertThat(b.serves(b1)).isFalse();
        assertThat(a.owned()).containsExactly(b1);

        a.close(); // what the runtime does after the drain
        assertThat(store.get(Paths.claim(b1)).orElseThrow().string(Fields.OWNER)).as("released").isEmpty();
        assertThat(a.serves(b1)).isFalse();
        await(() -> {
            b.tick(); // the monitor's scan finds it unclaimed (a 600 s lease would still run)
            return b.serves(b1);
        });
        await(() -> !rb.claimed.isEmpty()); // the runtime is told just after the claim is taken
        assertThat(rb.claimed).containsExactly(b1);
        assertThat(store.get(Paths.claim(b1)).orElseThrow().string(Fields.OWNER)).isEqualTo("b");
    }

    @Test
    void aDeadOwnersRoomIsClaimedDirectlyOnTheFirstTickAfterItsLeaseRanOut() {
        Instant expiry = roomOfADeadOwner();
        RecordingDispatch dispatch = new RecordingDispatch();
        a = Ownership.open(store, settings(6), "a", clock, ra, dispatch);
        tickUntil(a, expiry);
        assertThat(dispatch.published).as("nothing to publish while the lease is live").isEmpty();

        assertThat(clock.instant()).isEqualTo(expiry);
        a.tick();
        assertThat(a.serves(room)).isTrue();
        assertThat(ra.claimed).as("told, as after a delivery").containsExactly(room);
        assertThat(claimOf(room).data()).containsEntry(Fields.OWNER, "a")
                .containsEntry(Fields.LEASE_EXPIRES_AT, expiry.plusSeconds(6));
        assertThat(dispatch.published).as("claimed here, not published").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        a.tick();
        assertThat(dispatch.deliver(room)).as("a late delivery of the room is acked").isTrue();
        assertThat(ra.claimed).as("and is not news").containsExactly(room);
        assertThat(dispatch.published).isEmpty();
    }

    @Test
    void aMonitorOnlyInstancePublishesAnExpiredLeaseOnceAtTheExpiry() {
        Instant expiry = roomOfADeadOwner();
        RecordingDispatch dispatch = new RecordingDispatch();
        a = Ownership.open(store, settings(6, "monitor"), "m", clock, ra, dispatch);
        tickUntil(a, expiry);
        assertThat(dispatch.published).isEmpty();

        a.tick();
        assertThat(dispatch.published).containsExactly(room);
        for (int i = 0; i < 2; i++) { // the scan's republish pause is 3 s (MONITOR_SECONDS 1)
            clock.advance(Duration.ofSeconds(1));
            a.tick();
        }
        assertThat(dispatch.published).as("once per expiry").containsExactly(room);
        assertThat(dispatch.handler).as("no consumer").isNull();
        assertThat(ra.claimed).isEmpty();
        assertThat(claimOf(room).string(Fields.OWNER)).isEqualTo("dead");
    }

    @Test
    void aFullInstancePublishesAnExpiredLeaseInsteadOfClaimingIt() {
        Instant expiry = roomOfADeadOwner();
        RecordingDispatch dispatch = new RecordingDispatch();
        a = Ownership.open(store, settings(6), "a", clock, ra, dispatch);
        String own = Paths.room("own");
        store.set(own, Map.of(Fields.NAME, "own"));
        assertThat(dispatch.published).as("published by the rooms listener").containsExactly(own);
        assertThat(dispatch.deliver(own)).isTrue();
        assertThat(ra.claimed).containsExactly(own);
        tickUntil(a, expiry);

        a.tick();
        assertThat(dispatch.published).as("for an instance with room").containsExactly(own, room);
        assertThat(a.serves(room)).isFalse();
        assertThat(ra.claimed).containsExactly(own);
        assertThat(claimOf(room).string(Fields.OWNER)).isEqualTo("dead");
    }

    @Test
    void ofTwoSurvivorsTakingTheSameRoomOverOneWins() throws Exception {
        Instant expiry = roomOfADeadOwner();
        a = Ownership.open(store, settings(6), "a", clock, ra, new RecordingDispatch());
        b = Ownership.open(store, settings(6), "b", clock, rb, new RecordingDispatch());
        a.tick();
        b.tick();
        clock.advance(Duration.between(clock.instant(), expiry));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<?> ta = CompletableFuture.runAsync(() -> awaitThenTick(start, a));
        CompletableFuture<?> tb = CompletableFuture.runAsync(() -> awaitThenTick(start, b));
        start.countDown();
        CompletableFuture.allOf(ta, tb).get();
        assertThat(a.serves(room)).as("exactly one owner").isNotEqualTo(b.serves(room));
        String winner = a.serves(room) ? "a" : "b";
        assertThat(claimOf(room).string(Fields.OWNER)).isEqualTo(winner);
        assertThat(ra.claimed.size() + rb.claimed.size()).isEqualTo(1);
    }

    private static void awaitThenTick(CountDownLatch start, Ownership o) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        o.tick();
    }

    @Test
    void theEmbeddedDefaultServesEverything() {
        Ownership all = Ownership.open(store, Settings.of(Map.of()), "x", Clock.systemUTC(), ra);
        assertThat(all.serves(Paths.broadcastRequest("anything"))).isTrue();
        all.tick();
        all.close();
        assertThat(Ownership.everything().serves(Paths.broadcastRequest("b"))).isTrue();
    }
}
