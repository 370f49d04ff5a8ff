package io.familymeeting.signaling.scale;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.CameraSignaling;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.familymeeting.signaling.testing.MutableClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native rooms under ownership: two "instances" (each an {@link Ownership} with Firestore
 * settings and the in-process dispatch, a {@link ParticipantSignaling} and a
 * {@link CameraSignaling} asking it, and its own engine double) over one embedded store, one
 * room each at most. Each instance wires what SignalingRuntime wires: store listeners hand
 * changes to a single delivery thread, and a claim feeds the room's documents through it again.
 */
class NativeRoomOwnershipTest {
    private final DocumentStore store = new EmbeddedStore();
    private final MutableClock clock = new MutableClock(Instant.now());
    private Instance a = new Instance("a", Clock.systemUTC(), settings("120"));
    private Instance b = new Instance("b", Clock.systemUTC(), settings("120"));

    /** One instance's signaling side. */
    private final class Instance implements Ownership.Rooms {
        final String id;
        final RecordingMedia media = new RecordingMedia();
        final ExecutorService delivery = Executors.newSingleThreadExecutor();
        final Ownership ownership;
        final ParticipantSignaling participants;
        final CameraSignaling cameras;
        final List<Registration> listeners;

        Instance(String id, Clock clock, Settings settings) {
            this.id = id;
            ownership = Ownership.open(store, settings, id, clock, this);
            participants = new ParticipantSignaling(store, () -> media, id, clock,
                    io.familymeeting.signaling.service.SignalingTelemetry.NOOP, ownership::serves, ownership::wanted);
            cameras = new CameraSignaling(store, () -> media, clock, ownership::serves, ownership::wanted);
            listeners = List.of(store.listenGroup(Paths.PARTICIPANTS, this::forward),
                    store.listenGroup(Paths.CAMERAS, this::forward));
        }

        void forward(DocumentChange change) {
            SignalEvent.Kind kind = SignalEvent.Kind.valueOf(change.type().name());
            SignalEvent event = new SignalEvent(ParticipantSignaling.orderKey(change.path()), change.path(), kind,
                    change.data());
            delivery.execute(() -> {
                participants.handle(event);
                cameras.handle(event);
            });
        }

        @Override
        public void claimed(String path) {
            for (String collection : List.of(Paths.PARTICIPANTS, Paths.CAMERAS)) {
                for (Document d : store.list(path + "/" + collection)) {
                    forward(new DocumentChange(DocumentChange.Type.ADDED, d));
                }
            }
        }

        @Override
        public void lost(String path) {
            media.closeRoom(DocumentPaths.id(path));
        }

        void close() {
            listeners.forEach(Registration::close);
            ownership.close();
            delivery.shutdownNow();
        }
    }

    private static Settings settings(String roomIdleSeconds) {
        return Settings.of(Map.of("SIGNALING_BACKEND", "firestore", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:1",
                "GOOGLE_CLOUD_PROJECT", "demo", "MAX_BROADCASTS", "1", "LEASE_SECONDS", "30", "MONITOR_SECONDS", "1",
                "ROOM_IDLE_SECONDS", roomIdleSeconds));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        store.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void join(String room, String participant, String role) {
        store.set(Paths.participant(room, participant), Map.of(Fields.NAME, participant, Fields.ROLE, role,
                Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 " + participant, Fields.REV, 1L)));
    }

    private Document participant(String room, String participant) {
        return store.get(Paths.participant(room, participant)).orElseThrow();
    }

    @Test
    void eachRoomsParticipantsAndCamerasAreServedByItsOwnerOnly() throws Exception {
        // r1: the participants are there before the room document (the claim feeds them through).
        join("r1", "p1", "presenter");
        join("r1", "v1", "viewer");
        Thread.sleep(300);
        assertThat(a.media.offers).as("nobody answers a room nobody owns").isEmpty();
        assertThat(b.media.offers).isEmpty();
        assertThat(participant("r1", "p1").string(Fields.STATE)).as("no error either").isEmpty();
        store.set(Paths.room("r1"), Map.of(Fields.NAME, "one"));
        // r2: the room first, then its participants and a camera.
        store.set(Paths.room("r2"), Map.of(Fields.NAME, "two"));
        join("r2", "p2", "presenter");
        join("r2", "v2", "viewer");
        store.set(Paths.camera("r2", "cam"), Map.of(Fields.URL, "rtsp://127.0.0.1:8554/cam"));

        for (String[] p : List.of(new String[]{"r1", "p1"}, new String[]{"r1", "v1"}, new String[]{"r2", "p2"},
                new String[]{"r2", "v2"})) {
            await(p[0] + "/" + p[1] + " answered", () -> Values.STATE_ANSWERED.equals(participant(p[0], p[1]).string(Fields.STATE)));
        }
        Instance owner1 = a.ownership.serves(Paths.room("r1")) ? a : b;
        Instance owner2 = owner1 == a ? b : a;
        assertThat(owner1.ownership.serves(Paths.room("r1"))).isTrue();
        assertThat(owner2.ownership.serves(Paths.room("r2"))).as("one room each (MAX_BROADCASTS=1)").isTrue();
        assertThat(owner2.ownership.serves(Paths.room("r1"))).isFalse();
        assertThat(participant("r1", "p1").string(Fields.SERVER)).isEqualTo(owner1.id);
        assertThat(participant("r1", "v1").string(Fields.SERVER)).isEqualTo(owner1.id);
        assertThat(participant("r2", "p2").string(Fields.SERVER)).isEqualTo(owner2.id);
        assertThat(participant("r2", "v2").string(Fields.SERVER)).isEqualTo(owner2.id);
        assertThat(owner1.media.offers).extracting(OfferRequest::participantId).containsExactlyInAnyOrder("p1", "v1");
        assertThat(owner2.media.offers).extracting(OfferRequest::participantId).containsExactlyInAnyOrder("p2", "v2");
        await("r2's camera started by its owner", () -> owner2.media.addedCameras.contains("r2/cam"));
        assertThat(owner1.media.addedCameras).isEmpty();

        // An ended room is dropped at the next renewal and its media closed by its owner.
        store.update(Paths.room("r1"), Map.of(Fields.STATE, Values.STATE_ENDED));
        owner1.ownership.tick();
        assertThat(owner1.media.closedRooms).containsExactly("r1");
        assertThat(owner1.ownership.serves(Paths.room("r1"))).isFalse();
    }

    /** Both instances tick after the clock moved on by more than a renewal period (a third of the 30 s lease). */
    private void nextRenewal() {
        clock.advance(Duration.ofSeconds(11));
        a.ownership.tick();
        b.ownership.tick();
    }

    private String claimOwner(String room) {
        return store.get(Paths.claim(Paths.room(room))).map(d -> d.string(Fields.OWNER)).orElse("");
    }

    @Test
    void anEmptyRoomGivesItsPlaceBackAndANewParticipantOpensItAgain() throws Exception {
        a.close();
        b.close();
        a = new Instance("a", clock, settings("1"));
        b = new Instance("b", clock, settings("1"));
        store.set(Paths.room("r1"), Map.of(Fields.TITLE, "one"));
        join("r1", "p1", "presenter");
        store.set(Paths.room("r2"), Map.of(Fields.TITLE, "two"));
        join("r2", "p2", "presenter");
        await("r1 answered", () -> Values.STATE_ANSWERED.equals(participant("r1", "p1").string(Fields.STATE)));
        await("r2 answered", () -> Values.STATE_ANSWERED.equals(participant("r2", "p2").string(Fields.STATE)));
        Instance owner1 = a.ownership.serves(Paths.room("r1")) ? a : b;
        Instance owner2 = owner1 == a ? b : a;
        // r3 waits: both instances are full (MAX_BROADCASTS=1).
        store.set(Paths.room("r3"), Map.of(Fields.TITLE, "three"));
        join("r3", "p3", "presenter");
        Thread.sleep(500);
        assertThat(participant("r3", "p3").string(Fields.STATE)).isEmpty();

        // r1's presenter leaves; r1 stays owned until it has been empty for ROOM_IDLE_SECONDS.
        store.update(Paths.participant("r1", "p1"), Map.of(Fields.LEAVE, true));
        await("p1 left", () -> Values.STATE_LEFT.equals(participant("r1", "p1").string(Fields.STATE)));
        nextRenewal();
        assertThat(owner1.ownership.serves(Paths.room("r1"))).as("empty, but not for long enough").isTrue();
        nextRenewal();
        assertThat(store.get(Paths.room("r1")).orElseThrow().string(Fields.STATE)).isEqualTo(Values.STATE_IDLE);
        assertThat(owner1.ownership.serves(Paths.room("r1"))).isFalse();
        assertThat(owner1.media.closedRooms).contains("r1");
        assertThat(claimOwner("r1")).as("released").isEmpty();

        // The place it gave back goes to the waiting room r3; the idle r1 is not claimed again.
        await("r3 answered by r1's old owner", () -> Values.STATE_ANSWERED.equals(participant("r3", "p3").string(Fields.STATE)));
        assertThat(participant("r3", "p3").string(Fields.SERVER)).isEqualTo(owner1.id);
        nextRenewal();
        assertThat(claimOwner("r1")).as("an idle room is not published").isEmpty();
        assertThat(owner2.ownership.serves(Paths.room("r2"))).as("r2 is still in use").isTrue();

        // A new participant opens r1 again; it is claimed once a place is free (r3 ends).
        join("r1", "v1", "viewer");
        await("r1 opened again", () -> Values.STATE_OPEN.equals(store.get(Paths.room("r1")).orElseThrow().string(Fields.STATE)));
        store.update(Paths.room("r3"), Map.of(Fields.STATE, Values.STATE_ENDED));
        nextRenewal();
        nextRenewal();
        await("v1 answered", () -> Values.STATE_ANSWERED.equals(participant("r1", "v1").string(Fields.STATE)));
        assertThat(participant("r1", "v1").string(Fields.SERVER)).isEqualTo(owner1.id);
        assertThat(claimOwner("r1")).isEqualTo(owner1.id);
    }
}
