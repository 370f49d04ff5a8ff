package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.core.ice.IceCandidateInfo;
import io.familymeeting.media.core.ice.IceCandidateType;
import io.familymeeting.media.core.ice.LoopbackPeer;
import io.familymeeting.media.core.room.Budgets;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Fixtures;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.ViewerOffers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every budget of the engine ({@link Budgets}) against a real engine on 127.0.0.1: the offer
 * with 63 receive slots from the issue, the m-lines per offer, participants per room and per
 * engine, cameras per room, and transports per source address (real ICE from ice4j agents on
 * the loopback, {@link LoopbackPeer}, standing in for browsers). Each refusal is a
 * {@link MediaException} with reason LIMIT_REACHED (or a REFUSED event) whose message names
 * the limit, and nothing of the refused participant is left in the engine.
 */
class OfferBudgetsTest {
    private static final long WAIT_MILLIS = 15_000;
    private static final String CHROMIUM_VIEWER = Fixtures.text("chromium-156-viewer.sdp");

    private static OfferRequest viewer(String room, String id, String sdp) {
        return new OfferRequest(room, id, "", ParticipantRole.VIEWER, sdp);
    }

    private static MediaException refusal(EngineFixture f, OfferRequest offer) {
        MediaException e = catchThrowableOfType(MediaException.class, () -> f.engine.answer(offer));
        assertThat(e).as("refused: " + offer.participantId()).isNotNull();
        assertThat(e.reason()).isEqualTo(MediaException.Reason.LIMIT_REACHED);
        return e;
    }

    private static List<String> participants(EngineFixture f, String room) {
        List<String> ids = new ArrayList<>();
        for (RoomSnapshot r : f.engine.rooms()) {
            if (r.roomId().equals(room)) {
                r.participants().forEach(p -> ids.add(p.participantId()));
            }
        }
        return ids;
    }

    @Test
    void theOfferWith63ReceiveSlotsIsRefusedByDefault() throws Exception {
        String offer = ViewerOffers.withVideoSlots(63);
        assertThat(SdpParser.parse(offer).media()).hasSize(64);
        try (EngineFixture f = new EngineFixture()) {
            MediaException e = refusal(f, viewer("r", "many", offer));
            assertThat(e.getMessage()).isEqualTo("The offer has 64 media sections (m= lines); this server accepts at most 32"
                    + " in one offer (MEDIA_MAX_MLINES) and uses at most 1 audio and 4 video of them.");
            assertThat(f.engine.snapshot().participants()).isZero();
            // The engine goes on: a Chromium viewer's offer is answered.
            f.engine.answer(viewer("r", "chromium", CHROMIUM_VIEWER));
            assertThat(participants(f, "r")).containsExactly("chromium");
        }
    }

    @Test
    void withRoomForItsMlinesTheOfferIsAnsweredWithinTheSlots() throws Exception {
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withMlinesPerOffer(64))) {
            SessionDescription answer = SdpParser.parse(f.engine.answer(viewer("r", "many", ViewerOffers.withVideoSlots(63))));
            assertThat(answer.media()).hasSize(64);
            List<MediaDescription> sending = answer.media().stream().filter(m -> !m.isRejected()).toList();
            assertThat(sending).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3", "4");
            assertThat(sending).allSatisfy(m -> assertThat(m.ssrcs()).isNotEmpty());
            assertThat(answer.media().subList(5, 64)).allSatisfy(m -> {
                assertThat(m.port()).isZero();
                assertThat(m.ssrcs()).isEmpty();
            });
            ParticipantSnapshot p = f.engine.rooms().get(0).participants().get(0);
            assertThat(p.tracks()).as("one outgoing track per slot").hasSize(5)
                    .allSatisfy(t -> assertThat(t.direction()).isEqualTo("out"));
        }
    }

    @Test
    void aFullRoomRefusesTheNextParticipantAndTakesOneAgainWhenSomeoneLeaves() throws Exception {
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withParticipantsPerRoom(2))) {
            f.engine.answer(viewer("r", "a", CHROMIUM_VIEWER));
            f.engine.answer(viewer("r", "b", CHROMIUM_VIEWER));
            MediaException e = refusal(f, viewer("r", "c", CHROMIUM_VIEWER));
            assertThat(e.getMessage()).isEqualTo("The room is full: it has 2 participants, the most this server allows"
                    + " in one room (MEDIA_MAX_ROOM_PARTICIPANTS).");
            assertThat(participants(f, "r")).containsExactlyInAnyOrder("a", "b");

            // A new offer of a participant already in the room is no newcomer.
            f.engine.answer(viewer("r", "b", CHROMIUM_VIEWER));
            f.engine.answer(viewer("other", "c", CHROMIUM_VIEWER));

            f.engine.closeParticipant("r", "a");
            f.engine.answer(viewer("r", "c2", CHROMIUM_VIEWER));
            assertThat(participants(f, "r")).containsExactlyInAnyOrder("b", "c2");
        }
    }

    @Test
    void aFullEngineRefusesTheNextParticipantInAnyRoom() throws Exception {
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withParticipants(3))) {
            f.engine.answer(viewer("r1", "a", CHROMIUM_VIEWER));
            f.engine.answer(viewer("r1", "b", CHROMIUM_VIEWER));
            f.engine.answer(new OfferRequest("r2", "p", "", ParticipantRole.PRESENTER,
                    Fixtures.text("chromium-156-presenter.sdp")));
            MediaException e = refusal(f, viewer("r3", "c", CHROMIUM_VIEWER));
            assertThat(e.getMessage()).isEqualTo("This server is full: it serves 3 participants, the most it allows"
                    + " (MEDIA_MAX_PARTICIPANTS); try again later.");
            assertThat(f.engine.snapshot().participants()).isEqualTo(3);
            assertThat(f.engine.rooms()).extracting(RoomSnapshot::roomId).containsExactlyInAnyOrder("r1", "r2");

            f.engine.closeRoom("r1");
            f.engine.answer(viewer("r3", "c", CHROMIUM_VIEWER));
            assertThat(f.engine.snapshot().participants()).isEqualTo(2);
        }
    }

    @Test
    void aRoomTakesCamerasUpToItsLimitAndAReplacementIsNoNewCamera() throws Exception {
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withCamerasPerRoom(1))) {
            // On demand with no viewer: the camera is never contacted.
            CameraConfig camera = CameraConfig.of("rtsp://127.0.0.1:1/stream").withMode(CameraConfig.Mode.ON_DEMAND);
            f.engine.addCamera("r", "door", camera);
            MediaException e = catchThrowableOfType(MediaException.class, () -> f.engine.addCamera("r", "garden", camera));
            assertThat(e.reason()).isEqualTo(MediaException.Reason.LIMIT_REACHED);
            assertThat(e.getMessage()).isEqualTo("The room already has 1 cameras, the most this server allows in one room"
                    + " (MEDIA_MAX_ROOM_CAMERAS).");
            f.engine.addCamera("r", "door", camera);
            f.engine.addCamera("other", "garden", camera);
            assertThat(f.engine.cameras()).hasSize(2);
            assertThat(f.engine.removeCamera("r", "door")).isTrue();
            f.engine.addCamera("r", "garden", camera);
        }
    }

    @Test
    void aSourceAddressHoldsUpToItsLimitOfConnectedTransports() throws Exception {
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withTransportsPerAddress(1));
             LoopbackPeer first = new LoopbackPeer();
             LoopbackPeer second = new LoopbackPeer();
             LoopbackPeer third = new LoopbackPeer()) {
            // Each peer's checks come from 127.0.0.1, like browsers behind one NAT.
            connect(f, "a", first);
            awaitIceState(f, "a", "CONNECTED");

            connect(f, "b", second);
            MediaEvent refused = awaitEvent(f, MediaEvent.Type.REFUSED, "b");
            assertThat(refused.detail()).isEqualTo("Too many connections from 127.0.0.1: 1 participants from one address"
                    + " are the most this server allows (MEDIA_MAX_TRANSPORTS_PER_ADDRESS).");
            assertThat(participants(f, "r")).containsExactly("a");

            f.engine.closeParticipant("r", "a");
            connect(f, "c", third);
            awaitIceState(f, "c", "CONNECTED");
            assertThat(f.hasEvent(MediaEvent.Type.REFUSED, "c")).isFalse();
        }
    }

    /** Offers a viewer with the peer's ICE credentials and starts the peer's checks towards the answer. */
    private static void connect(EngineFixture f, String id, LoopbackPeer peer) throws Exception {
        String offer = CHROMIUM_VIEWER.replace("a=ice-ufrag:87go", "a=ice-ufrag:" + peer.ufrag())
                .replace("a=ice-pwd:ks8D0w3UGVcVpN0/58Z5WVmV", "a=ice-pwd:" + peer.password());
        MediaDescription m = SdpParser.parse(f.engine.answer(viewer("r", id, offer))).media().get(0);
        List<IceCandidateInfo> candidates = new ArrayList<>();
        for (Candidate c : m.candidates()) {
            candidates.add(new IceCandidateInfo(c.foundation(), c.component(), c.transport(), c.priority(),
                    c.address(), c.port(), IceCandidateType.fromSdpName(c.type())));
        }
        peer.connectTo(m.iceUfrag(), m.icePwd(), candidates);
    }

    private static void awaitIceState(EngineFixture f, String id, String state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Optional<ParticipantSnapshot> p = f.engine.rooms().stream().flatMap(r -> r.participants().stream())
                    .filter(s -> s.participantId().equals(id)).findFirst();
            if (p.isPresent() && p.get().iceState().equals(state)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(id + " did not reach ICE " + state + "; events " + f.events);
    }

    private static MediaEvent awaitEvent(EngineFixture f, MediaEvent.Type type, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (MediaEvent e : f.events) {
                if (e.type() == type && e.participantId().equals(id)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type + " for " + id + "; events " + f.events);
    }
}
