package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.dispatch.RoomDispatch;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.Heartbeat;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor's choice of rooms to publish, and the cleanup's choice of documents to delete. */
class MonitorAndCleanupTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DocumentStore store = new EmbeddedStore();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final RoomDispatch recording = new RoomDispatch() {
        @Override
        public void publish(String roomPath) {
            published.add(roomPath);
        }

        @Override
        public Registration consume(Handler handler) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    };

    /** A claim document on {@code roomPath}, as {@link RoomClaims} writes it. */
    private void claim(String roomPath, String owner, Instant expires) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(Fields.ROOM, roomPath);
        c.put(Fields.OWNER, owner);
        c.put(Fields.LEASE_EXPIRES_AT, expires);
        store.set(Paths.claim(roomPath), c);
    }

    @Test
    void monitorPublishesUnclaimedAndExpiredRoomsOnly() {
        Instant future = clock.instant().plusSeconds(30);
        Instant past = clock.instant().minusSeconds(1);
        store.set(Paths.room("free"), Map.of(Fields.TITLE, "f"));
        store.set(Paths.room("live"), Map.of(Fields.TITLE, "l"));
        claim(Paths.room("live"), "a", future);
        store.set(Paths.room("expired"), Map.of(Fields.TITLE, "e"));
        claim(Paths.room("expired"), "a", past);
        store.set(Paths.room("released"), Map.of(Fields.TITLE, "r"));
        claim(Paths.room("released"), "", null);
        store.set(Paths.room("ended"), Map.of(Fields.STATE, Values.STATE_ENDED));
        store.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
        store.set(Paths.broadcastRequest("p1"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b1"));
        store.set(Paths.broadcastRequest("b2"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, true));
        store.set(Paths.broadcastRequest("b3"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
        claim(Paths.broadcastRequest("b3"), "b", future);
        Monitor m = new Monitor(store, recording, "m", clock, Duration.ofSeconds(10));
        assertThat(m.scan()).containsExactlyInAnyOrder("rooms/free", "rooms/expired", "rooms/released",
                "broadcast_requests/b1");
        assertThat(m.scan()).as("not again within republishAfter").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(m.scan()).hasSize(4);
        assertThat(published).hasSize(8);
    }

    @Test
    void monitorPublishesANewBroadcastFromAListenerAtOnce() {
        Monitor m = new Monitor(store, recording, "m", clock, Duration.ofSeconds(10));
        try (Registration claims = store.listen(Paths.CLAIMS, m::onClaimChange);
             Registration r = store.listen(Paths.BROADCAST_REQUESTS, m::onChange)) {
            claim(Paths.broadcastRequest("b8"), "a", clock.instant().plusSeconds(30));
            store.set(Paths.broadcastRequest("b8"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
            store.set(Paths.broadcastRequest("b9"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
            store.set(Paths.broadcastRequest("p9"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b9"));
        }
        assertThat(published).as("b8 is claimed (seen through the claims listener)").containsExactly("broadcast_requests/b9");
        m.onChange(new DocumentChange(DocumentChange.Type.REMOVED, store.get("broadcast_requests/b9").orElseThrow()));
        assertThat(published).hasSize(1);
    }

    @Test
    void expiredLeasesOfOtherOwnersAreNamedOncePerExpiryFromTheKeptClaims() {
        Monitor m = new Monitor(store, recording, "m", clock, Duration.ofSeconds(10));
        Instant expires = clock.instant().plusSeconds(6);
        for (String room : List.of("dead", "mine", "released")) {
            store.set(Paths.room(room), Map.of(Fields.TITLE, room));
        }
        try (Registration claims = store.listen(Paths.CLAIMS, m::onClaimChange)) {
            claim(Paths.room("dead"), "a", expires);
            claim(Paths.room("mine"), "m", expires.plusSeconds(60));
            claim(Paths.room("released"), "", null);
            assertThat(m.expiredElsewhere()).as("leases still live").isEmpty();
            clock.advance(Duration.ofSeconds(6));
            assertThat(m.expiredElsewhere()).as("at the expiry, another owner's only").containsExactly("rooms/dead");
            clock.advance(Duration.ofSeconds(1));
            assertThat(m.expiredElsewhere()).as("once per expiry").isEmpty();
            assertThat(published).as("naming is not publishing").isEmpty();
            assertThat(m.scan()).as("named: the scan leaves it to the caller for republishAfter")
                    .containsExactly("rooms/released");

            claim(Paths.room("dead"), "b", clock.instant().plusSeconds(6)); // taken, then b dies too
            assertThat(m.expiredElsewhere()).isEmpty();
            clock.advance(Duration.ofSeconds(6));
            assertThat(m.expiredElsewhere()).as("a new expiry").containsExactly("rooms/dead");
            m.publish("rooms/dead");
            assertThat(published).containsExactly("rooms/released", "rooms/dead");
        }
    }

    @Test
    void cleanupDeletesEndedOrphanStaleAndDeadAfterTheirAge() {
        Instant now = clock.instant();
        store.set(Paths.room("ended"), Map.of(Fields.STATE, Values.STATE_ENDED));
        store.set(Paths.participant("ended", "p"), Map.of(Fields.NAME, "x"));
        store.set(Paths.room("endedLongAgo"), Map.of(Fields.STATE, Values.STATE_ENDED, Fields.ENDED_AT, now.minusSeconds(3600)));
        store.set(Paths.room("native"), Map.of(Fields.TITLE, "never claimed, never stale"));
        store.set(Paths.broadcastRequest("live"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
        claim(Paths.broadcastRequest("live"), "a", now.plusSeconds(3600));
        store.set(Paths.broadcastRequest("waiting"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
        store.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, true));
        claim(Paths.broadcastRequest("b1"), "", null);
        store.set(Paths.broadcastRequest("p1"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b1"));
        store.set(Paths.broadcastRequest("p2"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "gone"));
        claim(Paths.broadcastRequest("deletedByHand"), "", null);
        store.set(Paths.server("dead"), Map.of(Fields.HEARTBEAT_AT, now.minusSeconds(120)));
        store.set(Paths.server("alive"), Map.of(Fields.HEARTBEAT_AT, now));
        Cleanup c = new Cleanup(store, clock, Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(60), true);

        assertThat(c.sweep()).containsExactlyInAnyOrder("rooms/endedLongAgo", "servers/dead",
                "claims/broadcast_requests:deletedByHand");
        clock.advance(Duration.ofSeconds(61));
        store.set(Paths.server("alive"), Map.of(Fields.HEARTBEAT_AT, clock.instant()));
        claim(Paths.broadcastRequest("live"), "a", clock.instant().plusSeconds(3600));
        assertThat(c.sweep()).containsExactlyInAnyOrder("rooms/ended", "broadcast_requests/b1",
                "broadcast_requests/p1", "broadcast_requests/p2", "claims/broadcast_requests:b1");
        assertThat(store.get(Paths.participant("ended", "p"))).as("sub-collections go too").isEmpty();
        clock.advance(Duration.ofSeconds(600));
        store.set(Paths.server("alive"), Map.of(Fields.HEARTBEAT_AT, clock.instant()));
        claim(Paths.broadcastRequest("live"), "a", clock.instant().plusSeconds(3600));
        assertThat(c.sweep()).containsExactly("broadcast_requests/waiting");
        assertThat(store.get(Paths.broadcastRequest("live"))).isPresent();
        assertThat(store.get(Paths.claim(Paths.broadcastRequest("live")))).isPresent();
        assertThat(store.get(Paths.room("native"))).isPresent();
        assertThat(store.get(Paths.server("alive"))).isPresent();
    }

    @Test
    void cleanupDeletesIdleRoomsAndFailedBroadcastsAfterTheirAge() {
        Instant now = clock.instant();
        store.set(Paths.room("idle"), Map.of(Fields.STATE, Values.STATE_IDLE, Fields.IDLE_AT, now.minusSeconds(500)));
        store.set(Paths.participant("idle", "p"), Map.of(Fields.NAME, "x", Fields.STATE, Values.STATE_LEFT));
        store.set(Paths.room("open"), Map.of(Fields.STATE, Values.STATE_OPEN));
        store.set(Paths.broadcastRequest("failed"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false, Fields.STATE, Values.STATE_FAILED,
                Fields.ENDED_AT, now));
        store.set(Paths.broadcastRequest("p1"), Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "failed", Fields.STATE, Values.STATE_ENDED,
                Fields.ENDED_AT, now));
        Cleanup c = new Cleanup(store, clock, Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(60), true);

        assertThat(c.sweep()).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(c.sweep()).containsExactlyInAnyOrder("broadcast_requests/failed", "broadcast_requests/p1");
        clock.advance(Duration.ofSeconds(40));
        assertThat(c.sweep()).as("idle for 601 s since idleAt").containsExactly("rooms/idle");
        assertThat(store.get(Paths.participant("idle", "p"))).isEmpty();
        assertThat(store.get(Paths.room("open"))).isPresent();
        assertThat(RoomDocs.isOver(new io.familymeeting.signaling.store.Document(Paths.room("x"), Map.of(Fields.STATE, Values.STATE_IDLE))))
                .as("an idle room is not claimed").isTrue();
    }

    @Test
    void withoutClaimsNothingIsStaleOnlyEnded() {
        store.set(Paths.broadcastRequest("b1"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, false));
        store.set(Paths.broadcastRequest("b2"), Map.of(Fields.KIND, Values.KIND_BROADCASTER, Fields.ABORT, true));
        Cleanup c = new Cleanup(store, clock, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), false);
        assertThat(c.sweep()).isEmpty();
        clock.advance(Duration.ofSeconds(3600));
        assertThat(c.sweep()).containsExactly("broadcast_requests/b2");
    }

    @Test
    void heartbeatListsTheClaimedRoomsAndKeepsOtherFields() {
        RoomClaims a = new RoomClaims(store, "a", 2, Duration.ofSeconds(30), clock);
        store.set(Paths.room("r"), Map.of(Fields.TITLE, "r"));
        boolean[] draining = {false};
        Heartbeat hb = new Heartbeat(store, RecordingMedia::new, "a", 2, "both", () -> draining[0], a::owned, clock);
        hb.beat();
        assertThat(store.get(Paths.server("a")).orElseThrow().data()).containsEntry(Fields.ROOMS, List.of())
                .containsEntry(Fields.LOAD, 0L).containsEntry(Fields.STATE, Values.STATE_READY);
        store.update(Paths.server("a"), Map.of("note", "an operator's"));
        a.claim(Paths.room("r"));
        draining[0] = true;
        hb.beat();
        Map<String, Object> server = store.get(Paths.server("a")).orElseThrow().data();
        assertThat(server).containsEntry(Fields.ROOMS, List.of("rooms/r")).containsEntry(Fields.LOAD, 1L)
                .containsEntry(Fields.STATE, Values.STATE_DRAINING).containsEntry(Fields.CAPACITY, 2L).containsEntry(Fields.HEARTBEAT_AT, clock.instant())
                .containsEntry("note", "an operator's");
    }
}
