package io.familymeeting.signaling.service;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.broadcast.BroadcastRequestCodec;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BroadcastRequests} on the embedded store with a recording media double. */
class BroadcastRequestsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final BroadcastRequestCodec codec = new BroadcastRequestCodec();
    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final BroadcastRequests service = new BroadcastRequests(store, () -> media, "inst-1", CLOCK);

    @AfterEach
    void close() {
        store.close();
    }

    private Map<String, Object> request(String kind, String parent, String offer) {
        Map<String, Object> d = new HashMap<>();
        d.put(Fields.REQUESTOR, "Grandma");
        d.put(Fields.KIND, kind);
        d.put(Fields.PARENT, parent);
        d.put(Fields.OFFER, offer);
        d.put(Fields.ANSWER, "");
        d.put(Fields.ABORT, false);
        return d;
    }

    private void write(String id, Map<String, Object> data) {
        store.set(Paths.broadcastRequest(id), data);
        deliver(id, SignalEvent.Kind.ADDED);
    }

    private void deliver(String id, SignalEvent.Kind kind) {
        Document d = store.get(Paths.broadcastRequest(id)).orElse(new Document(Paths.broadcastRequest(id), Map.of()));
        service.handle(new SignalEvent(BroadcastRequests.orderKey(d), d.path(), kind, d.data()));
    }

    private Document doc(String id) {
        return store.get(Paths.broadcastRequest(id)).orElseThrow();
    }

    private void abort(String id) {
        store.update(Paths.broadcastRequest(id), Map.of(Fields.ABORT, true));
        deliver(id, SignalEvent.Kind.MODIFIED);
    }

    @Test
    void broadcasterIsPresenterOfItsRoomAndParticipantsAreViewers() throws Exception {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));

        assertThat(media.offers).extracting(OfferRequest::roomId, OfferRequest::participantId, OfferRequest::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b1", "b1", ParticipantRole.PRESENTER),
                        org.assertj.core.groups.Tuple.tuple("b1", "p1", ParticipantRole.VIEWER));
        Document b = doc("b1");
        assertThat(codec.decodeAnswer(b.string(Fields.ANSWER))).isEqualTo(RecordingMedia.answerFor("b1", "b1"));
        assertThat(b.string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(b.string(Fields.SERVER)).isEqualTo("inst-1");
        assertThat(b.instant(Fields.ANSWERED_AT)).isEqualTo(CLOCK.instant());
        assertThat(codec.decodeAnswer(doc("p1").string(Fields.ANSWER))).isEqualTo(RecordingMedia.answerFor("b1", "p1"));
        assertThat(BroadcastRequests.orderKey(doc("p1"))).isEqualTo("b1");
        assertThat(BroadcastRequests.orderKey(doc("b1"))).isEqualTo("b1");
    }

    @Test
    void answeredDocumentsAreNotAnsweredAgain() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        deliver("b1", SignalEvent.Kind.MODIFIED);
        assertThat(media.offers).hasSize(1);
    }

    @Test
    void badDocumentsGetAnErrorAndNothingElse() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("bad", request("participant", "b1", "%%% not base64 %%%"));
        write("orphan", request("participant", "nobody", codec.encodeOffer("v=0 viewer")));
        write("refused", request("participant", "b1", codec.encodeOffer("v=0 " + RecordingMedia.REFUSE)));

        assertThat(doc("bad").string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc("bad").string(Fields.ERROR)).contains("offer is not base64");
        assertThat(doc("bad").string(Fields.ANSWER)).isEmpty();
        assertThat(doc("orphan").string(Fields.ERROR)).contains("unknown parent").contains("nobody");
        assertThat(doc("refused").string(Fields.ERROR)).contains("no usable m-line");
        assertThat(media.offers).hasSize(1);
        assertThat(media.closedRooms).isEmpty();
        assertThat(media.closedParticipants).isEmpty();
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        // The error write comes back as a change: not processed again.
        deliver("bad", SignalEvent.Kind.MODIFIED);
        assertThat(doc("bad").string(Fields.ERROR)).contains("offer is not base64");
    }

    @Test
    void abortOnTheBroadcasterEndsTheRoomAndMarksItsParticipants() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        write("p2", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        write("b2", request("broadcaster", "", codec.encodeOffer("v=0 other")));
        write("q1", request("participant", "b2", codec.encodeOffer("v=0 viewer")));

        abort("b1");

        assertThat(media.closedRooms).containsExactly("b1");
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ABORTED);
        assertThat(doc("p1").string(Fields.STATE)).isEqualTo(Values.STATE_ENDED);
        assertThat(doc("p2").string(Fields.STATE)).isEqualTo(Values.STATE_ENDED);
        assertThat(doc("q1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(doc("b2").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        // A participant joining an ended broadcast is refused.
        write("late", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        assertThat(doc("late").string(Fields.ERROR)).contains("has ended");
    }

    @Test
    void abortOnAParticipantClosesOnlyThatParticipant() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        write("p2", request("participant", "b1", codec.encodeOffer("v=0 viewer")));

        abort("p1");
        deliver("p1", SignalEvent.Kind.MODIFIED);

        assertThat(media.closedParticipants).containsExactly("b1/p1");
        assertThat(media.closedRooms).isEmpty();
        assertThat(doc("p1").string(Fields.STATE)).isEqualTo(Values.STATE_ABORTED);
        assertThat(doc("p2").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }

    @Test
    void aDeletedParticipantIsClosed() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        Document last = doc("p1");
        store.delete(last.path());
        service.handle(new SignalEvent("b1", last.path(), SignalEvent.Kind.REMOVED, last.data()));
        assertThat(media.closedParticipants).containsExactly("b1/p1");
    }

    @Test
    void aRemovedEventForADocumentThatIsStillThereClosesNothing() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        // A re-attached listener reporting documents gone that are not.
        service.handle(new SignalEvent("b1", doc("b1").path(), SignalEvent.Kind.REMOVED, doc("b1").data()));
        service.handle(new SignalEvent("b1", doc("p1").path(), SignalEvent.Kind.REMOVED, doc("p1").data()));

        assertThat(media.closedRooms).isEmpty();
        assertThat(media.closedParticipants).isEmpty();
        assertThat(media.offers).hasSize(2);
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }

    @Test
    void theReaperKeepsLiveBroadcastRequestsAndClosesDeletedOnes() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        write("p2", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        store.delete(Paths.broadcastRequest("p2"));
        Reaper reaper = new Reaper(store, () -> media, java.time.Duration.ofSeconds(30), CLOCK);

        assertThat(reaper.run()).isEqualTo(1);
        assertThat(media.closedParticipants).containsExactly("b1/p2");
    }

    @Test
    void aBroadcastersMediaFailureEndsTheBroadcastAndAParticipantsOnlyItself() throws Exception {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        write("p2", request("participant", "b1", codec.encodeOffer("v=0 viewer")));

        service.mediaFailed("b1", "p2", "ICE consent expired");
        assertThat(doc("p2").string(Fields.STATE)).isEqualTo(Values.STATE_FAILED);
        assertThat(doc("p2").string(Fields.ERROR)).isEqualTo("the media connection failed: ICE consent expired");
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(media.closedRooms).isEmpty();

        service.mediaFailed("b1", "b1", "");
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_FAILED);
        assertThat(doc("b1").string(Fields.ERROR)).isEqualTo("the media connection failed");
        assertThat(doc("b1").instant(Fields.ENDED_AT)).isEqualTo(CLOCK.instant());
        assertThat(media.closedRooms).containsExactly("b1");
        assertThat(doc("p1").string(Fields.STATE)).as("its participants end").isEqualTo("ended");
        assertThat(doc("p2").string(Fields.STATE)).as("already over: kept").isEqualTo("failed");
        assertThat(BroadcastRequests.isLive(doc("b1"))).isFalse();

        // A failure reported again, or for a native participant, writes nothing.
        service.mediaFailed("b1", "b1", "again");
        assertThat(doc("b1").string(Fields.ERROR)).isEqualTo("the media connection failed");
        service.mediaFailed("room", "p9", "x");
        assertThat(store.get(Paths.broadcastRequest("p9"))).isEmpty();
        write("other", request("participant", "b1", codec.encodeOffer("v=0 viewer")));
        service.mediaFailed("someOtherRoom", "other", "x");
        assertThat(doc("other").string(Fields.ERROR)).doesNotContain("media connection");
    }

    @Test
    void aParticipantRefusedOnceConnectedGetsAnErrorAndTheBroadcastGoesOn() {
        write("b1", request("broadcaster", "", codec.encodeOffer("v=0 broadcaster")));
        write("p1", request("participant", "b1", codec.encodeOffer("v=0 viewer")));

        service.mediaRefused("b1", "p1", "Too many connections from 203.0.113.7: 20 participants from one address"
                + " are the most this server allows (MEDIA_MAX_TRANSPORTS_PER_ADDRESS).");
        assertThat(doc("p1").string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc("p1").string(Fields.ERROR)).startsWith("Too many connections from 203.0.113.7");
        assertThat(BroadcastRequests.isLive(doc("p1"))).isFalse();
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(media.closedRooms).isEmpty();
    }

    @Test
    void withLegacyRequestsOffARequestWithoutUidGetsAnErrorAndReachesNoEngine() {
        BroadcastRequests strict = new BroadcastRequests(store, () -> media, "inst-1", CLOCK, path -> true, false);
        store.set(Paths.broadcastRequest("legacy"), request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        Map<String, Object> stamped = request("broadcaster", "", codec.encodeOffer("v=0 presenter"));
        stamped.put(Fields.UID, "alice");
        store.set(Paths.broadcastRequest("b1"), stamped);
        Map<String, Object> viewer = request("participant", "b1", codec.encodeOffer("v=0 viewer"));
        store.set(Paths.broadcastRequest("p1"), viewer);
        for (String id : new String[] {"legacy", "b1", "p1"}) {
            Document d = doc(id);
            strict.handle(new SignalEvent(BroadcastRequests.orderKey(d), d.path(), SignalEvent.Kind.ADDED, d.data()));
        }

        assertThat(media.offers).extracting(OfferRequest::participantId).containsExactly("b1");
        for (String id : new String[] {"legacy", "p1"}) {
            assertThat(doc(id).string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
            assertThat(doc(id).string(Fields.ERROR)).isEqualTo(BroadcastRequests.LEGACY_REFUSED)
                    .contains("LEGACY_BROADCAST_REQUESTS=open");
            assertThat(doc(id).string(Fields.ANSWER)).isEmpty();
        }
        assertThat(doc("b1").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }

    @Test
    void withLegacyRequestsOpenARequestWithoutUidIsAnswered() {
        write("legacy", request("broadcaster", "", codec.encodeOffer("v=0 presenter")));
        assertThat(doc("legacy").string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(media.offers).extracting(OfferRequest::participantId).containsExactly("legacy");
    }
}
