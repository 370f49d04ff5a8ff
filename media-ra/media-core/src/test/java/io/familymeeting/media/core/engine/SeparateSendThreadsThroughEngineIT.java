package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.send.SendLoops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with receive and send on separate threads ({@code EXPERIMENT_RTP_SEP_RW}: two
 * send loops) against real Chromium peers: one presenter and two viewers, so the viewers sit
 * on different send queues. Both viewers must decode video continuously and receive audio,
 * every forwarded packet must have gone through the send queues, and the engine counts the
 * send loops among its threads.
 */
@ExtendWith(LoopbackOnly.class)
class SeparateSendThreadsThroughEngineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int SEND_LOOPS = 2;

    private static EngineFixture fixture;
    private static HarnessServer server;
    private static HarnessPeer presenterPage;
    private static HarnessPeer viewerPage;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture(SEND_LOOPS);
        server = HarnessServer.start();
        presenterPage = HarnessPeer.open(server);
        viewerPage = HarnessPeer.open(server);
    }

    @AfterAll
    static void stop() {
        if (presenterPage != null) {
            presenterPage.close();
        }
        if (viewerPage != null) {
            viewerPage.close();
        }
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static HarnessConnection join(HarnessPeer page, String id, ParticipantRole role) throws Exception {
        HarnessConnection c = page.connection(id);
        String offer = role == ParticipantRole.PRESENTER ? c.makePresenterOffer() : c.makeViewerOffer();
        c.applyAnswer(fixture.engine.answer(new OfferRequest("sep-rw", id, id, role, offer)));
        return c;
    }

    @Test
    void viewersDecodeThePresenterThroughTheSendLoops() throws Exception {
        assertThat(fixture.engine.sendLoopStats()).hasValueSatisfying(s -> assertThat(s.loops()).isEqualTo(SEND_LOOPS));
        join(presenterPage, "presenter", ParticipantRole.PRESENTER);
        HarnessConnection viewer1 = join(viewerPage, "viewer1", ParticipantRole.VIEWER);
        HarnessConnection viewer2 = join(viewerPage, "viewer2", ParticipantRole.VIEWER);

        for (HarnessConnection v : new HarnessConnection[] {viewer1, viewer2}) {
            PeerStats first = v.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
            v.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 60, TIMEOUT);
            v.awaitStats(s -> s.audio().packetsReceived() > 50, TIMEOUT);
        }
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "viewer1")).isFalse();
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "viewer2")).isFalse();
        assertThat(fixture.engine.isHealthy()).as("healthy, send loops included").isTrue();
        assertThat(fixture.engine.snapshot().threadsAlive()).isTrue();

        RoomSnapshot room = fixture.engine.rooms().stream().filter(r -> r.roomId().equals("sep-rw")).findFirst().orElseThrow();
        long forwarded = room.participants().stream().flatMap(p -> p.tracks().stream())
                .filter(t -> t.direction().equals("out")).mapToLong(TrackStats::packets).sum();
        SendLoops.Stats stats = fixture.engine.sendLoopStats().orElseThrow();
        assertThat(forwarded).isPositive();
        // Forwarded media, retransmissions and every RTCP packet the engine sends are queued.
        assertThat(stats.offered()).as("queued packets").isGreaterThanOrEqualTo(forwarded);
        assertThat(stats.sent()).as("sent by the send loops").isGreaterThanOrEqualTo(forwarded / 2);
    }
}
