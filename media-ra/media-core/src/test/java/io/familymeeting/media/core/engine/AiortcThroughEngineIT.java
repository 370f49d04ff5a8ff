package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.AiortcPeer;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import io.familymeeting.media.core.peers.PeerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine between two independent WebRTC stacks: aiortc (Python: aioice, its own DTLS
 * and SRTP, PyAV's VP8 / Opus) as presenter with a Chromium viewer, and a Chromium presenter
 * with an aiortc viewer. Frames must be decoded on the far side in both directions.
 */
@ExtendWith(LoopbackOnly.class)
class AiortcThroughEngineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private static final Closer closer = new Closer();
    private static EngineFixture fixture;
    private static HarnessServer server;
    private static HarnessPeer page;

    @BeforeAll
    static void start() throws Exception {
        fixture = closer.add(new EngineFixture());
        server = closer.add(HarnessServer.start());
        page = closer.add(HarnessPeer.open(server));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    void aiortcPresenterReachesChromiumViewer() throws Exception {
        try (AiortcPeer presenter = AiortcPeer.start(AiortcPeer.Role.PRESENTER)) {
            String answer = fixture.engine.answer(new OfferRequest("aio-a", "aio-presenter", "aiortc",
                    ParticipantRole.PRESENTER, presenter.offer()));
            presenter.answer(answer);
            presenter.awaitStatus(s -> s.connected() && s.packetsSent() > 50, TIMEOUT);

            HarnessConnection viewer = page.connection("viewer-of-aiortc");
            viewer.applyAnswer(fixture.engine.answer(new OfferRequest("aio-a", "chromium-viewer", "v",
                    ParticipantRole.VIEWER, viewer.makeViewerOffer())));
            PeerStats first = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
            PeerStats later = viewer.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 60, TIMEOUT);
            viewer.awaitStats(s -> s.audio().packetsReceived() > 50, TIMEOUT);
            // aiortc's synthetic picture is 320x240.
            assertThat(later.video().get(0).frameWidth()).isEqualTo(320);
            assertThat(fixture.hasEvent(MediaEvent.Type.TRACK_STARTED, "aio-presenter")).isTrue();
            viewer.close();
        }
    }

    @Test
    void chromiumPresenterReachesAiortcViewer() throws Exception {
        HarnessConnection presenter = page.connection("presenter-to-aiortc");
        presenter.applyAnswer(fixture.engine.answer(new OfferRequest("aio-b", "chromium-presenter", "p",
                ParticipantRole.PRESENTER, presenter.makePresenterOffer())));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 10, TIMEOUT);

        try (AiortcPeer viewer = AiortcPeer.start(AiortcPeer.Role.VIEWER)) {
            String answer = fixture.engine.answer(new OfferRequest("aio-b", "aio-viewer", "aiortc",
                    ParticipantRole.VIEWER, viewer.offer()));
            viewer.answer(answer);
            AiortcPeer.Status first = viewer.awaitStatus(s -> s.connected() && s.videoFrames() > 0, TIMEOUT);
            viewer.awaitStatus(s -> s.videoFrames() >= first.videoFrames() + 60 && s.audioFrames() > 50, TIMEOUT);
            assertThat(fixture.hasEvent(MediaEvent.Type.CONNECTED, "aio-viewer")).isTrue();
        } finally {
            presenter.close();
        }
    }
}
