package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.dispatch.RoomDispatch;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
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

    @Test
    void monitorPublishesUnownedAndExpiredRoomsOnly() {
        Instant future = clock.instant().plusSeconds(30);
        Instant past = clock.instant().minusSeconds(1);
        store.set(Paths.room("free"), Map.of("owner", ""));
        store.set(Paths.room("live"), Map.of("owner", "a", "leaseExpiresAt", future));
        store.set(Paths.room("expired"), Map.of("owner", "a", "leaseExpiresAt", past));
        store.set(Paths.room("ended"), Map.of("state", "ended"));
        store.set(Paths.broadcastRequest("b1"), Map.of("kind", "broadcaster", "abort", false));
        store.set(Paths.broadcastRequest("p1"), Map.of("kind", "participant", "parent", "b1"));
        store.set(Paths.broadcastRequest("b2"), Map.of("kind", "broadcaster", "abort", true));
        Monitor m = new Monitor(store, recording, clock, Duration.ofSeconds(10));
        assertThat(m.scan()).containsExactlyInAnyOrder("rooms/free", "rooms/expired", "broadcast_requests/b1");
        assertThat(m.scan()).as("not again within republishAfter").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(m.scan()).hasSize(3);
        assertThat(published).hasSize(6);
    }

    @Test
    void monitorPublishesANewBroadcastFromAListenerAtOnce() {
        Monitor m = new Monitor(store, recording, clock, Duration.ofSeconds(10));
        try (Registration r = store.listen(Paths.BROADCAST_REQUESTS, m::onChange)) {
            store.set(Paths.broadcastRequest("b9"), Map.of("kind", "broadcaster", "abort", false));
            store.set(Paths.broadcastRequest("p9"), Map.of("kind", "participant", "parent", "b9"));
        }
        assertThat(published).containsExactly("broadcast_requests/b9");
        m.onChange(new DocumentChange(DocumentChange.Type.REMOVED, store.get("broadcast_requests/b9").orElseThrow()));
        assertThat(published).hasSize(1);
    }

    @Test
    void cleanupDeletesEndedOrphanStaleAndDeadAfterTheirAge() {
        Instant now = clock.instant();
        store.set(Paths.room("ended"), Map.of("state", "ended"));
        store.set(Paths.participant("ended", "p"), Map.of("name", "x"));
        store.set(Paths.room("endedLongAgo"), Map.of("state", "ended", "endedAt", now.minusSeconds(3600)));
        store.set(Paths.room("live"), Map.of("owner", "a", "leaseExpiresAt", now.plusSeconds(3600)));
        store.set(Paths.room("waiting"), Map.of("owner", ""));
        store.set(Paths.broadcastRequest("b1"), Map.of("kind", "broadcaster", "abort", true));
        store.set(Paths.broadcastRequest("p1"), Map.of("kind", "participant", "parent", "b1"));
        store.set(Paths.broadcastRequest("p2"), Map.of("kind", "participant", "parent", "gone"));
        store.set(Paths.server("dead"), Map.of("heartbeatAt", now.minusSeconds(120)));
        store.set(Paths.server("alive"), Map.of("heartbeatAt", now));
        Cleanup c = new Cleanup(store, clock, Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(60));

        assertThat(c.sweep()).containsExactlyInAnyOrder("rooms/endedLongAgo", "servers/dead");
        clock.advance(Duration.ofSeconds(61));
        store.set(Paths.server("alive"), Map.of("heartbeatAt", clock.instant()));
        store.update(Paths.room("live"), Map.of("leaseExpiresAt", clock.instant().plusSeconds(3600)));
        assertThat(c.sweep()).containsExactlyInAnyOrder("rooms/ended", "broadcast_requests/b1",
                "broadcast_requests/p1", "broadcast_requests/p2");
        assertThat(store.get(Paths.participant("ended", "p"))).as("sub-collections go too").isEmpty();
        clock.advance(Duration.ofSeconds(600));
        store.set(Paths.server("alive"), Map.of("heartbeatAt", clock.instant()));
        store.update(Paths.room("live"), Map.of("leaseExpiresAt", clock.instant().plusSeconds(3600)));
        assertThat(c.sweep()).containsExactly("rooms/waiting");
        assertThat(store.get(Paths.room("live"))).isPresent();
        assertThat(store.get(Paths.server("alive"))).isPresent();
    }

    @Test
    void heartbeatKeepsTheClaimedRooms() {
        RoomClaims a = new RoomClaims(store, "a", 2, Duration.ofSeconds(30), clock);
        store.set(Paths.room("r"), Map.of("owner", ""));
        ServerHeartbeat hb = new ServerHeartbeat(store, "a", 2, clock);
        hb.beat("ready");
        a.claim(Paths.room("r"));
        hb.beat("draining");
        Map<String, Object> server = store.get(Paths.server("a")).orElseThrow().data();
        assertThat(server).containsEntry("rooms", List.of("rooms/r")).containsEntry("load", 1L)
                .containsEntry("state", "draining").containsEntry("capacity", 2L).containsEntry("heartbeatAt", clock.instant());
    }
}
