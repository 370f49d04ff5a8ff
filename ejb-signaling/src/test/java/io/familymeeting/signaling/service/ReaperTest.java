package io.familymeeting.signaling.service;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Reaper} on the embedded store with a recording media double: what is over goes, what lives stays. */
class ReaperTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final Duration REAP_AFTER = Duration.ofSeconds(30);
    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final Reaper reaper = new Reaper(store, () -> media, REAP_AFTER, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        store.close();
    }

    private void participant(String id, String state, boolean leave, Instant updatedAt) {
        Map<String, Object> d = new HashMap<>();
        d.put(Fields.STATE, state);
        d.put(Fields.LEAVE, leave);
        d.put(Fields.OFFER, "v=0 " + "x".repeat(1000));
        d.put(Fields.UPDATED_AT, updatedAt.toString());
        store.set(Paths.participant("r1", id), d);
    }

    @Test
    void failedRefusedAndDepartedDocumentsGoOnceOldEnoughLiveOnesStay() {
        store.set(Paths.room("r1"), Map.of(Fields.STATE, Values.STATE_OPEN));
        Instant old = NOW.minus(REAP_AFTER).minusSeconds(1);
        Instant recent = NOW.minusSeconds(5);
        participant("failed", Values.STATE_FAILED, false, old);
        participant("refused", Values.STATE_ERROR, false, old);
        participant("left", Values.STATE_LEFT, false, old);
        participant("leaving", Values.STATE_CONNECTED, true, old);
        participant("refusedJustNow", Values.STATE_ERROR, false, recent);
        participant("connected", Values.STATE_CONNECTED, false, old);
        participant("answered", Values.STATE_ANSWERED, false, old);

        assertThat(reaper.run()).isEqualTo(4);

        assertThat(store.list(Paths.participants("r1"))).extracting(d -> d.id())
                .containsExactlyInAnyOrder("refusedJustNow", "connected", "answered");
        assertThat(media.closedParticipants)
                .containsExactlyInAnyOrder("r1/failed", "r1/refused", "r1/left", "r1/leaving");
    }
}
