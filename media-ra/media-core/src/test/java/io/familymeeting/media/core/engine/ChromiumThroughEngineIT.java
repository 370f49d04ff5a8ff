package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.send.SendLoops;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against real Chromium peers, no application server: one presenter (fake camera
 * and microphone) and two viewers in one room. Viewers must decode frames continuously and
 * receive audio; the presenter's bandwidth estimate must grow past 1 Mbit/s (the SFU's
 * transport-cc feedback). A viewer with one video slot is told once (RENEGOTIATION_NEEDED)
 * when the presenter adds its screen, and receives it after renegotiating with two. A
 * presenter sending simulcast reaches a viewer with one of its encodings.
 */
class ChromiumThroughEngineIT extends TwoPagesOnEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void presenterRenegotiatesToShareItsScreenWithoutNewViewerOffers() throws Exception {
        HarnessConnection presenter = join(presenterPage, "room-b", "presenter-b", ParticipantRole.PRESENTER);
        HarnessConnection viewer = viewerPage.connection("viewer-b");
        String offer = viewer.makeViewerOffer(2);
        viewer.applyAnswer(fixture.engine.answer(new OfferRequest("room-b", "viewer-b", "v", ParticipantRole.VIEWER, offer)));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 10, TIMEOUT);

        String reoffer = presenter.addScreenAndReoffer();
        String answer = fixture.engine.answer(new OfferRequest("room-b", "presenter-b", "p", ParticipantRole.PRESENTER, reoffer));
        assertThat(answer).contains("a=recvonly");
        presenter.applyAnswer(answer);

        // The viewer's second video slot starts decoding the screen; its camera slot keeps going.
        PeerStats both = viewer.awaitStats(s -> s.video().size() == 2
                && s.video().stream().allMatch(v -> v.framesDecoded() > 5), TIMEOUT);
        assertThat(both.connected()).isTrue();
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "presenter-b")).isFalse();
        assertThat(fixture.hasEvent(MediaEvent.Type.LEFT, "presenter-b")).as("renegotiation keeps the participant").isFalse();
    }

    /**
     * A presenter sending its camera as simulcast (rids q, h, f on one m-line): the answer
     * accepts the three rids, and the viewer decodes one of the encodings continuously (the
     * engine forwards one encoding; it does not switch between them).
     */
    @Test
    void aSimulcastPresentersCameraReachesTheViewerAsOneOfItsEncodings() throws Exception {
        HarnessConnection presenter = presenterPage.connection("presenter-s");
        String offer = presenter.makeSimulcastPresenterOffer();
        assertThat(offer).contains("a=simulcast:send q;h;f");
        String answer = fixture.engine.answer(new OfferRequest("room-s", "presenter-s", "p", ParticipantRole.PRESENTER, offer));
        assertThat(answer).contains("a=simulcast:recv q;h;f");
        presenter.applyAnswer(answer);
        HarnessConnection viewer = join(viewerPage, "room-s", "viewer-s", ParticipantRole.VIEWER);
        PeerStats first = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
        PeerStats later = viewer.awaitStats(s -> s.totalFramesDecoded() > first.totalFramesDecoded() + 60, TIMEOUT);
        List<HarnessConnection.Encoding> sent = presenter.outboundVideo();
        System.out.println("simulcast: the presenter sends " + sent + "; the viewer decodes " + later.video());
        assertThat(sent).as("encodings the presenter sends").filteredOn(e -> e.framesEncoded() > 0)
                .extracting(HarnessConnection.Encoding::rid).hasSizeGreaterThanOrEqualTo(2);
        assertThat(later.video()).hasSize(1);
        assertThat(later.video().get(0).frameWidth()).as("the forwarded encoding's width").isBetween(1L, 640L);
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "presenter-s")).isFalse();
        // Its encoders and decoders would load the pages the other tests share.
        presenter.close();
        viewer.close();
    }

    @Test
    void aViewerShortOfSlotsIsToldOnceAndRenegotiatesForTheScreen() throws Exception {
        HarnessConnection presenter = join(presenterPage, "room-c", "presenter-c", ParticipantRole.PRESENTER);
        HarnessConnection viewer = join(viewerPage, "room-c", "viewer-c", ParticipantRole.VIEWER);
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 10, TIMEOUT);
        assertThat(renegotiationEvents("viewer-c")).as("one video slot is enough for a camera").isEmpty();

        String reoffer = presenter.addScreenAndReoffer();
        presenter.applyAnswer(fixture.engine.answer(
                new OfferRequest("room-c", "presenter-c", "p", ParticipantRole.PRESENTER, reoffer)));
        awaitCondition(() -> !renegotiationEvents("viewer-c").isEmpty());
        assertThat(renegotiationEvents("viewer-c")).extracting(MediaEvent::detail).containsExactly("audio 1 video 2");
        // The viewer keeps its camera slot meanwhile; more presenter packets do not repeat the event.
        PeerStats before = viewer.stats();
        viewer.awaitStats(s -> s.totalFramesDecoded() > before.totalFramesDecoded() + 30, TIMEOUT);
        assertThat(renegotiationEvents("viewer-c")).hasSize(1);
        assertThat(renegotiationEvents("presenter-c")).isEmpty();

        String viewerReoffer = viewer.addViewerSlotAndReoffer();
        viewer.applyAnswer(fixture.engine.answer(
                new OfferRequest("room-c", "viewer-c", "v", ParticipantRole.VIEWER, viewerReoffer)));
        viewer.awaitStats(s -> s.video().size() == 2 && s.video().stream().allMatch(v -> v.framesDecoded() > 5), TIMEOUT);
        assertThat(renegotiationEvents("viewer-c")).as("two slots cover the screen").hasSize(1);
        assertThat(fixture.hasEvent(MediaEvent.Type.LEFT, "viewer-c")).isFalse();
        // Its encoders and decoders would load the pages the other tests share.
        presenter.close();
        viewer.close();
    }

    private List<MediaEvent> renegotiationEvents(String participantId) {
        return fixture.events.stream()
                .filter(e -> e.type() == MediaEvent.Type.RENEGOTIATION_NEEDED && e.participantId().equals(participantId))
                .toList();
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private HarnessConnection join(HarnessPeer page, String room, String id, ParticipantRole role) throws Exception {
        HarnessConnection c = page.connection(id);
        String offer = role == ParticipantRole.PRESENTER ? c.makePresenterOffer() : c.makeViewerOffer();
        String answer = fixture.engine.answer(new OfferRequest(room, id, id, role, offer));
        c.applyAnswer(answer);
        return c;
    }

    @Test
    void presenterReachesTwoViewers() throws Exception {
        HarnessConnection presenter = join(presenterPage, "room-a", "presenter", ParticipantRole.PRESENTER);
        HarnessConnection viewer1 = join(viewerPage, "room-a", "viewer1", ParticipantRole.VIEWER);
        HarnessConnection viewer2 = join(viewerPage, "room-a", "viewer2", ParticipantRole.VIEWER);

        for (HarnessConnection v : new HarnessConnection[] {viewer1, viewer2}) {
            PeerStats first = v.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
            v.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 60, TIMEOUT);
            v.awaitStats(s -> s.audio().packetsReceived() > 50, TIMEOUT);
        }
        assertThat(fixture.hasEvent(MediaEvent.Type.CONNECTED, "presenter")).isTrue();
        assertThat(fixture.hasEvent(MediaEvent.Type.TRACK_STARTED, "presenter")).isTrue();

        // transport-cc feedback lets Chromium's send-side estimate grow.
        double best = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (best <= 1_000_000 && System.nanoTime() < deadline) {
            OptionalDouble bps = presenter.availableOutgoingBitrate();
            best = Math.max(best, bps.orElse(0));
            Thread.sleep(500);
        }
        assertThat(best).as("presenter's availableOutgoingBitrate").isGreaterThan(1_000_000);

        RoomSnapshot room = fixture.engine.rooms().stream().filter(r -> r.roomId().equals("room-a")).findFirst().orElseThrow();
        assertThat(room.participants()).hasSize(3);
        long forwarded = room.participants().stream().flatMap(p -> p.tracks().stream())
                .filter(t -> t.direction().equals("out")).mapToLong(TrackStats::packets).sum();
        assertThat(forwarded).isPositive();

        Optional<SendLoops.Stats> send = fixture.engine.sendLoopStats();
        assertThat(send.map(SendLoops.Stats::loops).orElse(0)).as("send loops").isEqualTo(sendLoops());
        if (sendLoops() > 0) {
            // Forwarded media, retransmissions and every RTCP packet the engine sends are queued,
            // and the send loops (counted among the engine's threads) sent them.
            assertThat(send.get().offered()).as("queued packets").isGreaterThanOrEqualTo(forwarded);
            assertThat(send.get().sent()).as("sent by the send loops").isGreaterThanOrEqualTo(forwarded / 2);
            assertThat(fixture.engine.snapshot().threadsAlive()).isTrue();
        }
    }
}
