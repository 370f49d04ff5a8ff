package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParticipantSignalingTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final ParticipantSignaling signaling = new ParticipantSignaling(store, media, "test-instance", Clock.systemUTC());
    private final NativeRooms rooms = new NativeRooms(store, Clock.systemUTC());
    private final String path = Paths.participant("r1", "p1");

    private void deliver(SignalEvent.Kind kind) {
        signaling.handle(new SignalEvent(ParticipantSignaling.orderKey(path), path, kind, Map.of()));
    }

    private Document doc() {
        return store.get(path).orElseThrow();
    }

    private void join(String role, String sdp) {
        rooms.join("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, role, Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, sdp, Fields.REV, 1)));
    }

    @Test
    void aNewOfferIsAnsweredOnceAndTheAnswerCarriesItsRev() {
        join("viewer", "v=0 offer");
        deliver(SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(doc().map(Fields.ANSWER)).containsEntry(Fields.TYPE, Values.TYPE_ANSWER).containsEntry(Fields.REV, 1L);
        assertThat(doc().map(Fields.ANSWER).get(Fields.SDP).toString()).contains("answer-for p1");
        assertThat(doc().string(Fields.SERVER)).isEqualTo("test-instance");
        assertThat(media.offers).singleElement().satisfies(o -> {
            assertThat(o.role()).isEqualTo(ParticipantRole.VIEWER);
            assertThat(o.roomId()).isEqualTo("r1");
            assertThat(o.displayName()).isEqualTo("Ann");
        });

        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(media.offers).as("the answer's own change is not answered again").hasSize(1);

        rooms.patch("r1", "p1", Map.of(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 second", Fields.REV, 2)));
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(media.offers).hasSize(2);
        assertThat(doc().map(Fields.ANSWER)).containsEntry(Fields.REV, 2L);
    }

    @Test
    void aRefusedOfferPutsTheMessageOnTheDocumentOnce() {
        media.refusal = new MediaException(MediaException.Reason.MALFORMED_OFFER, "malformed offer: line 3");
        join("presenter", "garbage");
        deliver(SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("malformed offer: line 3");
        assertThat(doc().number(Fields.ERROR_REV, 0)).isEqualTo(1);
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(media.offers).as("the same broken rev is not retried").hasSize(1);

        media.refusal = null;
        rooms.patch("r1", "p1", Map.of(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 fixed", Fields.REV, 2)));
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(doc().string(Fields.ERROR)).isEmpty();
    }

    /** Fuzzing finding (ParticipantDocumentFuzzTest): a leave ends {@code left} even when the engine cannot be reached. */
    @Test
    void aLeaveEndsLeftWhenTheEngineConnectionFails() {
        join("viewer", "v=0");
        rooms.patch("r1", "p1", Map.of(Fields.LEAVE, true));
        ParticipantSignaling failing = new ParticipantSignaling(store, () -> {
            throw new IllegalStateException("engine not started");
        }, "test-instance", Clock.systemUTC());
        failing.handle(new SignalEvent(ParticipantSignaling.orderKey(path), path, SignalEvent.Kind.MODIFIED, Map.of()));
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_LEFT);
        assertThat(doc().string(Fields.ERROR)).isEmpty();
    }

    @Test
    void leaveAndDeletionCloseTheTransport() {
        join("viewer", "v=0");
        deliver(SignalEvent.Kind.ADDED);
        rooms.patch("r1", "p1", Map.of(Fields.LEAVE, true));
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(media.closed).containsExactly("r1/p1");
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_LEFT);

        store.delete(path);
        deliver(SignalEvent.Kind.REMOVED);
        assertThat(media.closed).containsExactly("r1/p1", "r1/p1");
    }

    @Test
    void aRemovedEventForADocumentThatIsStillThereClosesNothing() {
        join("viewer", "v=0");
        deliver(SignalEvent.Kind.ADDED);
        deliver(SignalEvent.Kind.REMOVED); // a re-attached listener reporting it gone; it is not
        assertThat(media.closed).isEmpty();
        assertThat(media.offers).hasSize(1);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }

    @Test
    void documentsWrittenAroundTheApiGetClearErrors() {
        store.set(path, Map.of(Fields.NAME, "x", Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.REV, 1L)));
        deliver(SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.ERROR)).contains("offer.sdp");

        store.set(path, Map.of(Fields.NAME, "x", Fields.ROLE, "wizard", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0", Fields.REV, 1L)));
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(doc().string(Fields.ERROR)).contains("role");

        store.set(path, Map.of(Fields.NAME, "x", Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "x".repeat(Values.MAX_SDP_CHARS + 1), Fields.REV, 1L)));
        deliver(SignalEvent.Kind.MODIFIED);
        assertThat(doc().string(Fields.ERROR)).contains("larger than");
        assertThat(media.offers).isEmpty();
    }

    @Test
    void eventsOfOtherCollectionsAreIgnored() {
        signaling.handle(new SignalEvent("r1", "rooms/r1", SignalEvent.Kind.ADDED, Map.of()));
        assertThat(media.offers).isEmpty();
        assertThat(media.closed).isEmpty();
    }

    @Test
    void aRoomThisInstanceDoesNotServeIsLeftAloneNoAnswerNoError() {
        ParticipantSignaling other = new ParticipantSignaling(store, media, "other", Clock.systemUTC(),
                SignalingTelemetry.NOOP, p -> !p.equals(Paths.room("r1")));
        join("viewer", "v=0 offer");
        other.handle(new SignalEvent("r1", path, SignalEvent.Kind.ADDED, Map.of()));
        assertThat(media.offers).isEmpty();
        assertThat(doc().string(Fields.STATE)).as("no answer, no error").isNotIn(Values.STATE_ANSWERED, Values.STATE_ERROR);
        assertThat(doc().string(Fields.SERVER)).isEmpty();

        deliver(SignalEvent.Kind.MODIFIED); // the owner (serves everything here)
        assertThat(doc().string(Fields.SERVER)).isEqualTo("test-instance");
    }
}
