package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.TokenBucket;
import io.familymeeting.media.core.peers.UdpRelay;
import io.familymeeting.media.core.util.PacketDemux;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's send-side bandwidth estimate towards a real Chromium viewer: the engine stamps
 * what it forwards with its own transport-wide sequence numbers, Chromium answers with
 * transport-cc feedback, and the estimate follows the path. A {@link UdpRelay} between engine
 * and viewer first passes everything (the estimate covers what the viewer receives), then
 * polices the media towards the viewer to a third of the stream's rate (token bucket: the rest
 * is dropped; the estimate must fall towards that), then passes everything again (it comes back).
 */
class BandwidthEstimateThroughEngineIT extends TwoPagesOnEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private UdpRelay relay;

    @BeforeAll
    void startRelay() throws Exception {
        relay = closer.add(UdpRelay.start(fixture.port));
    }

    @Test
    void theEstimateFollowsWhatThePathTowardsTheViewerCarries() throws Exception {
        HarnessConnection presenter = presenterPage.connection("presenter");
        presenter.applyAnswer(fixture.engine.answer(new OfferRequest("bwe", "presenter", "p",
                ParticipantRole.PRESENTER, presenter.makePresenterOffer())));
        HarnessConnection viewer = viewerPage.connection("viewer");
        String answer = fixture.engine.answer(new OfferRequest("bwe", "viewer", "v", ParticipantRole.VIEWER,
                relay.rewriteOffer(viewer.makeViewerOffer())));
        viewer.applyAnswer(relay.rewriteAnswer(answer));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 60, TIMEOUT);

        // 1. Nothing in the way: the estimate covers at least most of what is forwarded.
        long open = awaitEstimate(e -> e > 0 && e >= 0.7 * forwardedBps(), "an estimate of the open path");
        long stream = forwardedBps();
        System.out.printf("[numbers] bandwidth estimate, open path: %d bit/s for a %d bit/s stream%n", open, stream);

        // 2. Policed to a third of the stream: the estimate falls below half of it.
        long limit = Math.max(60_000, stream / 3);
        TokenBucket policer = new TokenBucket(limit, 12_000);
        relay.setFilter((direction, buf, off, len) -> direction == UdpRelay.Direction.TO_PEER
                && PacketDemux.isRtp(buf, off, len) && !policer.admit(len));
        long t0 = System.nanoTime();
        long policed = awaitEstimate(e -> e > 0 && e < stream / 2, "an estimate below " + stream / 2
                + " with the path policed to " + limit);
        long downMillis = (System.nanoTime() - t0) / 1_000_000;

        // 3. The limit lifted: the estimate comes back up to the stream's rate.
        relay.setFilter((direction, buf, off, len) -> false);
        long t1 = System.nanoTime();
        long back = awaitEstimate(e -> e >= 0.7 * forwardedBps(), "the estimate back up after the limit was lifted");
        long upMillis = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("[numbers] bandwidth estimate: policed to %d bit/s -> %d bit/s after %d ms; "
                        + "lifted -> %d bit/s after %d ms (%d datagrams dropped by the policer)%n",
                limit, policed, downMillis, back, upMillis, relay.dropped(UdpRelay.Direction.TO_PEER));
        assertThat(relay.dropped(UdpRelay.Direction.TO_PEER)).as("the policer did drop").isPositive();
    }

    private long awaitEstimate(LongPredicate condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long last = -1;
        while (System.nanoTime() - deadline < 0) {
            last = viewerSnapshot().estimatedSendBps();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never reached " + what + "; last estimate " + last + ", forwarded "
                + forwardedBps() + " bit/s");
    }

    private ParticipantSnapshot viewerSnapshot() {
        return snapshot("viewer");
    }

    /** What the engine forwards to the viewer now, audio and video (bit/s of RTP payload). */
    private long forwardedBps() {
        return viewerSnapshot().tracks().stream().filter(t -> t.direction().equals("out"))
                .mapToLong(TrackStats::bitrateBps).sum();
    }
}
