package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IdleRooms} on the embedded store with a clock the test moves. */
class IdleRoomsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DocumentStore store = new EmbeddedStore();
    private final IdleRooms idle = new IdleRooms(store, clock, Duration.ofSeconds(60));

    private String state(String room) {
        return store.get(Paths.room(room)).orElseThrow().string(Fields.STATE);
    }

    @Test
    void onlyRoomsWithoutLiveParticipantsOrCamerasGoIdleAfterTheirTime() {
        for (String r : new String[]{"empty", "gone", "camera", "live", "leaving"}) {
            store.set(Paths.room(r), Map.of(Fields.TITLE, r, Fields.STATE, Values.STATE_OPEN));
        }
        store.set(Paths.participant("gone", "a"), Map.of(Fields.STATE, Values.STATE_LEFT));
        store.set(Paths.participant("gone", "b"), Map.of(Fields.STATE, Values.STATE_FAILED));
        store.set(Paths.participant("gone", "c"), Map.of(Fields.STATE, Values.STATE_ERROR));
        store.set(Paths.room("camera") + "/cameras/door", Map.of(Fields.URL, "rtsp://127.0.0.1/door"));
        store.set(Paths.participant("live", "v"), Map.of(Fields.STATE, Values.STATE_CONNECTED));
        store.set(Paths.participant("leaving", "v"), Map.of(Fields.STATE, Values.STATE_CONNECTED, Fields.LEAVE, true));
        Set<String> owned = Set.of(Paths.room("empty"), Paths.room("gone"), Paths.room("camera"), Paths.room("live"),
                Paths.room("leaving"), Paths.broadcastRequest("b1"));

        assertThat(idle.mark(owned)).as("empty from now on, not for 60 s yet").isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(idle.mark(owned)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(idle.mark(owned)).containsExactlyInAnyOrder("rooms/empty", "rooms/gone", "rooms/leaving");
        assertThat(state("empty")).isEqualTo("idle");
        assertThat(store.get(Paths.room("empty")).orElseThrow().instant(Fields.IDLE_AT)).isEqualTo(clock.instant());
        assertThat(state("camera")).isEqualTo("open");
        assertThat(state("live")).isEqualTo("open");
    }

    @Test
    void aRoomThatFillsAgainStartsItsTimeAnewAndWakeOpensOnlyIdleRooms() {
        store.set(Paths.room("r"), Map.of(Fields.TITLE, "r"));
        Set<String> owned = Set.of(Paths.room("r"));
        idle.mark(owned);
        clock.advance(Duration.ofSeconds(50));
        store.set(Paths.participant("r", "p"), Map.of(Fields.STATE, Values.STATE_NEW));
        assertThat(idle.mark(owned)).isEmpty();
        store.update(Paths.participant("r", "p"), Map.of(Fields.LEAVE, true));
        clock.advance(Duration.ofSeconds(50));
        assertThat(idle.mark(owned)).as("empty again only since the last look").isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(idle.mark(owned)).containsExactly("rooms/r");

        assertThat(idle.wake(Paths.room("r"))).isTrue();
        assertThat(state("r")).isEqualTo("open");
        assertThat(store.get(Paths.room("r")).orElseThrow().data().get("idleAt")).isNull();
        assertThat(idle.wake(Paths.room("r"))).as("already open").isFalse();
        assertThat(idle.wake(Paths.room("missing"))).isFalse();
        assertThat(store.get(Paths.room("missing"))).isEmpty();
    }
}
