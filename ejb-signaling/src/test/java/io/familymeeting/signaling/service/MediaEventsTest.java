package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaEvent;
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

class MediaEventsTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final MediaEvents events = new MediaEvents(store, Clock.systemUTC());
    private final ParticipantSignaling signaling = new ParticipantSignaling(store, media, "test-instance", Clock.systemUTC());
    private final NativeRooms rooms = new NativeRooms(store, Clock.systemUTC());
    private final String path = Paths.participant("r1", "v1");

    private Document doc() {
        return store.get(path).orElseThrow();
    }

    private void report(MediaEvent.Type type, String participantId, String detail) {
        events.handle(new MediaEvent(type, "r1", participantId, detail, null));
    }

    private void joinAndAnswer() {
        rooms.join("r1", "v1", Map.of(Fields.NAME, "Vic", Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 one slot", Fields.REV, 1)));
        answer();
    }

    private void answer() {
        signaling.handle(new SignalEvent(ParticipantSignaling.orderKey(path), path, SignalEvent.Kind.MODIFIED, Map.of()));
    }

    @Test
    void connectedAndFailedSetTheState() {
        joinAndAnswer();
        report(MediaEvent.Type.CONNECTED, "v1", "selected pair x");
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_CONNECTED);
        report(MediaEvent.Type.FAILED, "v1", "ICE: consent expired");
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_FAILED);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("the media connection failed: ICE: consent expired");
    }

    @Test
    void aViewerShortOfSlotsIsAskedToRenegotiateWithTheSlotsItNeeds() {
        joinAndAnswer();
        report(MediaEvent.Type.CONNECTED, "v1", "");
        assertThat(doc().bool(Fields.RENEGOTIATE)).isFalse();

        report(MediaEvent.Type.RENEGOTIATION_NEEDED, "v1", "audio 1 video 2");
        assertThat(doc().bool(Fields.RENEGOTIATE)).isTrue();
        assertThat(doc().map(Fields.SLOTS)).containsEntry(Fields.SLOTS_AUDIO, 1L).containsEntry(Fields.SLOTS_VIDEO, 2L);
        assertThat(doc().string(Fields.STATE)).as("the state is not touched").isEqualTo(Values.STATE_CONNECTED);

        // The new offer's answer lowers the flag; slots stay as the last need (a client that has them does nothing).
        rooms.patch("r1", "v1", Map.of(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 two slots", Fields.REV, 2)));
        answer();
        assertThat(doc().map(Fields.ANSWER)).containsEntry(Fields.REV, 2L);
        assertThat(doc().bool(Fields.RENEGOTIATE)).isFalse();
        assertThat(doc().map(Fields.SLOTS)).containsEntry(Fields.SLOTS_VIDEO, 2L);

        report(MediaEvent.Type.RENEGOTIATION_NEEDED, "v1", "audio 1 video 3");
        assertThat(doc().bool(Fields.RENEGOTIATE)).isTrue();
        assertThat(doc().map(Fields.SLOTS)).containsEntry(Fields.SLOTS_VIDEO, 3L);
    }

    @Test
    void aMalformedDetailWritesNothing() {
        joinAndAnswer();
        Document before = doc();
        report(MediaEvent.Type.RENEGOTIATION_NEEDED, "v1", "video lots");
        assertThat(doc().bool(Fields.RENEGOTIATE)).isFalse();
        assertThat(doc().map(Fields.SLOTS)).isEmpty();
        assertThat(doc().data()).isEqualTo(before.data());
    }

    @Test
    void aParticipantThatLeftOrIsGoneIsNotAsked() {
        joinAndAnswer();
        rooms.patch("r1", "v1", Map.of(Fields.LEAVE, true));
        report(MediaEvent.Type.RENEGOTIATION_NEEDED, "v1", "audio 1 video 2");
        assertThat(doc().bool(Fields.RENEGOTIATE)).isFalse();

        report(MediaEvent.Type.RENEGOTIATION_NEEDED, "nobody", "audio 1 video 2");
        assertThat(store.get(Paths.participant("r1", "nobody"))).as("no document is created").isEmpty();
    }

    @Test
    void aBroadcastRequestParticipantIsNeverWritten() {
        // broadcast_requests viewers share the engine's room keyed by the broadcaster id but have
        // no rooms/ document: the legacy client cannot renegotiate, so nothing is written anywhere.
        Map<String, Object> request = Map.of(Fields.REQUESTOR, "legacy", Fields.KIND, Values.KIND_PARTICIPANT, Fields.PARENT, "b1",
                Fields.OFFER, "v=0 legacy", Fields.ANSWER, "", Fields.ABORT, false);
        store.set(Paths.broadcastRequest("q1"), request);
        events.handle(new MediaEvent(MediaEvent.Type.RENEGOTIATION_NEEDED, "b1", "q1", "audio 1 video 2", null));
        assertThat(store.get(Paths.broadcastRequest("q1")).orElseThrow().data()).isEqualTo(request);
        assertThat(store.get(Paths.participant("b1", "q1"))).isEmpty();
    }

    @Test
    void aRefusalOnceConnectedIsAnErrorOnTheAnsweredOfferAndANewOfferIsAnsweredAgain() {
        joinAndAnswer();
        String reason = "Too many connections from 203.0.113.7: 20 participants from one address are the most"
                + " this server allows (MEDIA_MAX_TRANSPORTS_PER_ADDRESS).";
        report(MediaEvent.Type.REFUSED, "v1", reason);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc().string(Fields.ERROR)).isEqualTo(reason);
        assertThat(doc().number(Fields.ERROR_REV, -2)).isEqualTo(1);
        assertThat(ParticipantSignaling.isLive(doc().data())).isFalse();

        // The same document read again is not answered again; a new offer is.
        answer();
        assertThat(media.offers).hasSize(1);
        rooms.patch("r1", "v1", Map.of(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 again", Fields.REV, 2)));
        answer();
        assertThat(media.offers).hasSize(2);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }
}
