package io.familymeeting.signaling.scale;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.service.CameraSignaling;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.RecordingMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
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
    private final Instance a = new Instance("a");
    private final Instance b = new Instance("b");

    /** One instance's signaling side. */
    private final class Instance implements Ownership.Rooms {
        final String id;
        final RecordingMedia media = new RecordingMedia();
        final ExecutorService delivery = Executors.newSingleThreadExecutor();
        final Ownership ownership;
        final ParticipantSignaling participants;
        final CameraSignaling cameras;
        final List<Registration> listeners;

        Instance(String id) {
            this.id = id;
            ownership = Ownership.open(store, settings(), id, Clock.systemUTC(), this);
            participants = new ParticipantSignaling(store, () -> media, id, Clock.systemUTC(),
                    io.familymeeting.signaling.service.SignalingTelemetry.NOOP, ownership::serves);
            cameras = new CameraSignaling(store, () -> media, Clock.systemUTC(), ownership::serves);
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
            media.closeRoom(Paths.id(path));
        }

        void close() {
            listeners.forEach(Registration::close);
            ownership.close();
            delivery.shutdownNow();
        }
    }

    private static Settings settings() {
        return Settings.of(Map.of("SIGNALING_BACKEND", "firestore", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:1",
                "GOOGLE_CLOUD_PROJECT", "demo", "MAX_BROADCASTS", "1", "LEASE_SECONDS", "30", "MONITOR_SECONDS", "1"));
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
        store.set(Paths.participant(room, participant), Map.of("name", participant, "role", role,
                "offer", Map.of("type", "offer", "sdp", "v=0 " + participant, "rev", 1L)));
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
        assertThat(participant("r1", "p1").string("state")).as("no error either").isEmpty();
        store.set(Paths.room("r1"), Map.of("name", "one"));
        // r2: the room first, then its participants and a camera.
        store.set(Paths.room("r2"), Map.of("name", "two"));
        join("r2", "p2", "presenter");
        join("r2", "v2", "viewer");
        store.set(CameraSignaling.cameraPath("r2", "cam"), Map.of("url", "rtsp://127.0.0.1:8554/cam"));

        for (String[] p : List.of(new String[]{"r1", "p1"}, new String[]{"r1", "v1"}, new String[]{"r2", "p2"},
                new String[]{"r2", "v2"})) {
            await(p[0] + "/" + p[1] + " answered", () -> "answered".equals(participant(p[0], p[1]).string("state")));
        }
        Instance owner1 = a.ownership.serves(Paths.room("r1")) ? a : b;
        Instance owner2 = owner1 == a ? b : a;
        assertThat(owner1.ownership.serves(Paths.room("r1"))).isTrue();
        assertThat(owner2.ownership.serves(Paths.room("r2"))).as("one room each (MAX_BROADCASTS=1)").isTrue();
        assertThat(owner2.ownership.serves(Paths.room("r1"))).isFalse();
        assertThat(participant("r1", "p1").string("server")).isEqualTo(owner1.id);
        assertThat(participant("r1", "v1").string("server")).isEqualTo(owner1.id);
        assertThat(participant("r2", "p2").string("server")).isEqualTo(owner2.id);
        assertThat(participant("r2", "v2").string("server")).isEqualTo(owner2.id);
        assertThat(owner1.media.offers).extracting(OfferRequest::participantId).containsExactlyInAnyOrder("p1", "v1");
        assertThat(owner2.media.offers).extracting(OfferRequest::participantId).containsExactlyInAnyOrder("p2", "v2");
        await("r2's camera started by its owner", () -> owner2.media.addedCameras.contains("r2/cam"));
        assertThat(owner1.media.addedCameras).isEmpty();

        // An ended room is dropped at the next renewal and its media closed by its owner.
        store.update(Paths.room("r1"), Map.of("state", "ended"));
        owner1.ownership.tick();
        assertThat(owner1.media.closedRooms).containsExactly("r1");
        assertThat(owner1.ownership.serves(Paths.room("r1"))).isFalse();
    }
}
