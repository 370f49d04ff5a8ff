package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.peers.UdpRelay;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SsrcGroup;
import io.familymeeting.media.core.send.SendLoops;
import io.familymeeting.media.core.util.PacketDemux;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Induced loss between the engine and one Chromium viewer: a {@link UdpRelay} drops one in
 * {@value #DROP_ONE_IN} of the video media packets the engine sends to that viewer (RTX
 * retransmissions pass). The viewer must NACK them, the engine must answer from its packet
 * history as RTX (negotiated with Chromium), and the viewer must keep decoding.
 */
class InducedLossThroughEngineIT extends TwoPagesOnEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int DROP_ONE_IN = 20;

    private UdpRelay relay;

    @BeforeAll
    void startRelay() throws Exception {
        relay = closer.add(UdpRelay.start(fixture.port));
    }

    @Test
    void droppedPacketsAreNackedAndRetransmittedAsRtx() throws Exception {
        HarnessConnection presenter = presenterPage.connection("presenter");
        presenter.applyAnswer(fixture.engine.answer(new OfferRequest("loss", "presenter", "p",
                ParticipantRole.PRESENTER, presenter.makePresenterOffer())));

        HarnessConnection viewer = viewerPage.connection("viewer");
        String offer = relay.rewriteOffer(viewer.makeViewerOffer());
        String answer = fixture.engine.answer(new OfferRequest("loss", "viewer", "v", ParticipantRole.VIEWER, offer));
        long videoSsrc = videoSsrc(answer, 0);
        long rtxSsrc = videoSsrc(answer, 1);
        viewer.applyAnswer(relay.rewriteAnswer(answer));
        PeerStats clean = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);

        AtomicLong seen = new AtomicLong();
        AtomicLong rtxSeen = new AtomicLong();
        relay.setFilter((direction, buf, off, len) -> {
            if (direction != UdpRelay.Direction.TO_PEER || !PacketDemux.isRtp(buf, off, len)) {
                return false;
            }
            long ssrc = ssrc(buf, off);
            if (ssrc == rtxSsrc) {
                rtxSeen.incrementAndGet();
            }
            return ssrc == videoSsrc && seen.incrementAndGet() % DROP_ONE_IN == 0;
        });

        PeerStats lossy = viewer.awaitStats(s -> s.totalNackCount() > clean.totalNackCount() + 10
                && s.totalRetransmittedPacketsReceived() > clean.totalRetransmittedPacketsReceived() + 10
                && s.totalFramesDecoded() > clean.totalFramesDecoded() + 90, TIMEOUT);
        long dropped = relay.dropped(UdpRelay.Direction.TO_PEER);
        assertThat(dropped).isGreaterThanOrEqualTo(10);

        // The engine saw the NACKs and answered most of the dropped packets (the last ones may
        // still be on their way).
        TrackStats out = awaitEngine(t -> t.nacks() >= 10 && t.retransmitted() >= dropped * 8 / 10);
        assertThat(out.retransmitted()).isLessThanOrEqualTo(out.nacks());
        // RFC 4588: Chromium negotiated RTX, so retransmissions come on the RTX SSRC.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (rtxSeen.get() < out.retransmitted() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50); // the last ones may still be in the relay's socket
        }
        assertThat(rtxSeen.get()).as("RTX packets towards the viewer").isGreaterThanOrEqualTo(out.retransmitted());
        assertThat(lossy.connected()).isTrue();
        assertThat(fixture.engine.sendLoopStats().map(SendLoops.Stats::loops).orElse(0)).as("send loops").isEqualTo(sendLoops());
        System.out.printf("induced loss: %d of %d video packets dropped; viewer NACKed %d, received %d"
                        + " retransmissions, lost %d; engine got %d NACKed packets and sent %d retransmissions%n",
                dropped, seen.get(), lossy.totalNackCount(), lossy.totalRetransmittedPacketsReceived(),
                lossy.video().get(0).packetsLost(), out.nacks(), out.retransmitted());
    }

    private TrackStats awaitEngine(Predicate<TrackStats> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        TrackStats last = null;
        while (System.nanoTime() - deadline < 0) {
            last = viewerVideoOut();
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("engine stats of the viewer's video not as expected: " + last);
    }

    private TrackStats viewerVideoOut() {
        return fixture.engine.rooms().stream().flatMap(r -> r.participants().stream())
                .filter(p -> p.participantId().equals("viewer")).map(ParticipantSnapshot::tracks)
                .flatMap(java.util.List::stream)
                .filter(t -> t.kind().equals("video") && t.direction().equals("out"))
                .findFirst().orElse(null);
    }

    /** The SSRCs the engine sends the viewer's video on: its FID group, media then RTX (RFC 5576 §7). */
    static long videoSsrc(String answer, int index) throws Exception {
        for (MediaDescription m : SdpParser.parse(answer).media()) {
            if (m.media().equals("video")) {
                for (SsrcGroup g : m.ssrcGroups()) {
                    if (g.semantics().equals(SsrcGroup.FID)) {
                        return g.ssrcs().get(index);
                    }
                }
            }
        }
        throw new AssertionError("no video FID group in the answer:\n" + answer);
    }

    static long ssrc(byte[] buf, int off) {
        return ((buf[off + 8] & 0xFFL) << 24) | ((buf[off + 9] & 0xFF) << 16) | ((buf[off + 10] & 0xFF) << 8)
                | (buf[off + 11] & 0xFF);
    }
}
