package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What ParticipantSignaling and MediaEvents report to telemetry, through a recording fake. */
class SignalingTelemetryTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final List<String> events = new ArrayList<>();
    private final SignalingTelemetry telemetry = new SignalingTelemetry() {
        @Override
        public Offer offer(String roomId, String participantId, long rev) {
            events.add("offer " + roomId + "/" + participantId + " rev " + rev);
            return new Offer() {
                @Override
                public void role(String role) {
                    events.add("role " + role);
                }

                @Override
                public void answered() {
                    events.add("answered");
                }

                @Override
                public void refused(String reason) {
                    events.add("refused " + reason);
                }
            };
        }

        @Override
        public void connected(String roomId, String participantId) {
            events.add("connected " + roomId + "/" + participantId);
        }

        @Override
        public void failed(String roomId, String participantId, String detail) {
            events.add("failed " + roomId + "/" + participantId + " " + detail);
        }
    };
    private final ParticipantSignaling signaling = new ParticipantSignaling(store, media, "i", Clock.systemUTC(), telemetry,
            path -> true);
    private final MediaEvents mediaEvents = new MediaEvents(store, Clock.systemUTC(), telemetry);
    private final NativeRooms rooms = new NativeRooms(store, Clock.systemUTC());
    private final String path = Paths.participant("r1", "p1");

    private void deliver() {
        signaling.handle(new SignalEvent(ParticipantSignaling.orderKey(path), path, SignalEvent.Kind.MODIFIED, Map.of()));
    }

    @Test
    void anAnsweredOfferIsOneTraceAndItsConnectionIsReported() {
        rooms.join("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0", Fields.REV, 1)));
        deliver();
        deliver();
        assertThat(events).containsExactly("offer r1/p1 rev 1", "role viewer", "answered");

        mediaEvents.handle(new MediaEvent(MediaEvent.Type.CONNECTED, "r1", "p1", "", java.time.Instant.now()));
        assertThat(events).endsWith("connected r1/p1");
    }

    @Test
    void aRefusedOfferEndsItsTraceOnceWithTheReason() {
        media.refusal = new MediaException(MediaException.Reason.MALFORMED_OFFER, "malformed offer");
        rooms.join("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "presenter", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "x", Fields.REV, 1)));
        deliver();
        deliver();
        assertThat(events).containsExactly("offer r1/p1 rev 1", "role presenter", "refused malformed offer");
    }

    @Test
    void anOfferWithoutSdpIsARefusedTrace() {
        store.set(path, Map.of(Fields.NAME, "x", Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.REV, 1L)));
        deliver();
        deliver();
        assertThat(events).hasSize(2).first().isEqualTo("offer r1/p1 rev 1");
        assertThat(events.get(1)).startsWith("refused the document has no offer");
    }
}
