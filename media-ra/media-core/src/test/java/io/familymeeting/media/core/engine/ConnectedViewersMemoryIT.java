package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a connected viewer costs: a Chromium presenter (fake camera and microphone) streams to
 * {@link #VIEWERS} Chromium viewers (one audio and one video slot each, in one page), every one
 * decoding. The heap the engine keeps for them (after full collections, {@link HeapMeter}),
 * measured against the presenter alone, is reported per viewer and bounded by
 * {@link #MAX_BYTES_PER_VIEWER}: a connected video slot holds its NACK history (512 packets of
 * up to 1500 bytes), the transport its ICE agent, DTLS and SRTP state. The test JVM also runs
 * the Selenium client, so the figure has some noise (a few hundred kB in all).
 */
@ExtendWith(LoopbackOnly.class)
class ConnectedViewersMemoryIT {
    private static final int VIEWERS = 5;
    private static final long MAX_BYTES_PER_VIEWER = 3_000_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    private static EngineFixture fixture;
    private static HarnessServer server;
    private static HarnessPeer presenterPage;
    private static HarnessPeer viewerPage;

    @BeforeAll
    static void start() throws Exception {
        fixture = new EngineFixture();
        server = HarnessServer.start();
        presenterPage = HarnessPeer.open(server);
        viewerPage = HarnessPeer.open(server);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {presenterPage, viewerPage, server, fixture}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort: the others are still closed
                }
            }
        }
    }

    @Test
    void aConnectedViewerKeepsItsHistoryAndTransport() throws Exception {
        join(presenterPage.connection("presenter"), "presenter", ParticipantRole.PRESENTER);
        // The presenter's own buffers are made with its first packets: wait for them before the baseline.
        HarnessConnection warm = join(viewerPage.connection("warm-up"), "warm-up", ParticipantRole.VIEWER);
        warm.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
        long before = HeapMeter.retainedBytes();

        List<HarnessConnection> viewers = new ArrayList<>();
        for (int i = 0; i < VIEWERS; i++) {
            viewers.add(join(viewerPage.connection("viewer" + i), "viewer" + i, ParticipantRole.VIEWER));
        }
        for (HarnessConnection v : viewers) {
            PeerStats first = v.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, TIMEOUT);
            v.awaitStats(s -> s.totalFramesDecoded() > first.totalFramesDecoded() + 30, TIMEOUT);
        }
        long growth = HeapMeter.retainedBytes() - before;

        assertThat(fixture.engine.rooms().get(0).participants()).hasSize(VIEWERS + 2);
        System.out.printf("[numbers] %d connected viewers (1 audio + 1 video slot, decoding): heap kept %d bytes"
                + " (%d bytes a viewer)%n", VIEWERS, growth, growth / VIEWERS);
        assertThat(growth / VIEWERS).as("heap kept per connected viewer").isLessThan(MAX_BYTES_PER_VIEWER);
    }

    private static HarnessConnection join(HarnessConnection c, String id, ParticipantRole role) throws Exception {
        String offer = role == ParticipantRole.PRESENTER ? c.makePresenterOffer() : c.makeViewerOffer();
        c.applyAnswer(fixture.engine.answer(new OfferRequest("memory", id, id, role, offer)));
        return c;
    }
}
