package io.familymeeting.signaling.service;

import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResyncTest {
    private final EmbeddedStore store = new EmbeddedStore();

    @Test
    void readsEveryDocumentOfTheRoomAgainAsModifiedEventsOfItsKey() {
        store.set(Paths.participant("r1", "p1"), Map.of(Fields.NAME, "a"));
        store.set(Paths.participant("r1", "p2"), Map.of(Fields.NAME, "b"));
        store.set(Paths.camera("r1", "door"), Map.of(Fields.NAME, "door"));
        store.set(Paths.participant("r2", "p3"), Map.of(Fields.NAME, "c"));
        List<SignalEvent> events = new Resync(store).events(SignalEvent.resync("r1"));
        assertThat(events).extracting(SignalEvent::path).containsExactlyInAnyOrder(
                Paths.participant("r1", "p1"), Paths.participant("r1", "p2"), Paths.camera("r1", "door"));
        assertThat(events).allMatch(e -> e.kind() == SignalEvent.Kind.MODIFIED && e.orderKey().equals("r1"));
    }

    @Test
    void readsABroadcastersRequestsAgain() {
        store.set(Paths.BROADCAST_REQUESTS + "/b1", Map.of(Fields.KIND, "broadcast"));
        store.set(Paths.BROADCAST_REQUESTS + "/v1", Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b1"));
        store.set(Paths.BROADCAST_REQUESTS + "/v2", Map.of(Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b2"));
        assertThat(new Resync(store).events(SignalEvent.resync("b1"))).extracting(SignalEvent::documentId)
                .containsExactlyInAnyOrder("b1", "v1");
    }

    @Test
    void anOfferWhoseEventWasDroppedIsAnsweredByTheResync() {
        RecordingMedia media = new RecordingMedia();
        ParticipantSignaling participants = new ParticipantSignaling(store, () -> media, "i1", Clock.systemUTC());
        Map<String, Object> doc = new HashMap<>();
        doc.put(Fields.ROLE, "viewer");
        doc.put(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 offer", Fields.REV, 1));
        store.set(Paths.participant("r1", "p1"), doc); // its event never delivered
        new Resync(store).events(SignalEvent.resync("r1")).forEach(participants::handle);
        assertThat(store.get(Paths.participant("r1", "p1")).orElseThrow().string(Fields.STATE))
                .isEqualTo(Values.STATE_ANSWERED);
    }
}
