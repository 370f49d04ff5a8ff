package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.peers.TokenBucket;
import io.familymeeting.media.core.peers.UdpRelay;
import io.familymeeting.media.core.util.PacketDemux;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulcast layers chosen per viewer from the engine's bandwidth estimate, with real Chromium:
 * a presenter publishes its fake camera as simulcast (rids q/h/f; from a 640×480 camera
 * Chromium sends the two it can: 160×120 and 320×240); viewer "open" receives directly,
 * viewer "shaped" through a {@link UdpRelay} whose token bucket polices the RTP towards it.
 * <ol>
 *   <li>Both start on the lowest layer and are probed up to the highest.</li>
 *   <li>The shaped viewer's link policed between the two layers' rates: it comes down to the
 *       lowest layer (the engine says so and its decoder shows the smaller size); meanwhile the
 *       encoding the open viewer gets receives no keyframe request (PLI count at the presenter).</li>
 *   <li>Lifted: it goes back up.</li>
 *   <li>Policed below the lowest layer: its video pauses, its audio goes on; lifted, the video
 *       comes back.</li>
 * </ol>
 */
class SimulcastLayersThroughEngineIT extends TwoPagesOnEngine {
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Pattern LAYER = Pattern.compile("(\\d+x\\d+) (\\d+) kbit/s");

    private UdpRelay relay;

    @BeforeAll
    void startRelay() throws Exception {
        relay = closer.add(UdpRelay.start(fixture.port));
    }

    @Test
    void eachViewerGetsTheLayerItsLinkCarries() throws Exception {
        HarnessConnection presenter = presenterPage.connection("presenter");
        presenter.applyAnswer(fixture.engine.answer(new OfferRequest("sim", "presenter", "p",
                ParticipantRole.PRESENTER, presenter.makeSimulcastPresenterOffer())));
        HarnessConnection open = viewerPage.connection("open");
        open.applyAnswer(fixture.engine.answer(new OfferRequest("sim", "open", "o", ParticipantRole.VIEWER,
                open.makeViewerOffer())));
        HarnessConnection shaped = viewerPage.connection("shaped");
        String answer = fixture.engine.answer(new OfferRequest("sim", "shaped", "s", ParticipantRole.VIEWER,
                relay.rewriteOffer(shaped.makeViewerOffer())));
        shaped.applyAnswer(relay.rewriteAnswer(answer));
        open.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, SETTLE);
        shaped.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, SETTLE);

        // 1. Two layers arrive; both viewers are probed up to the highest.
        Map<String, Long> layers = awaitPresenterLayers();
        String low = layers.keySet().stream().findFirst().orElseThrow();
        String high = layers.keySet().stream().reduce((a, b) -> b).orElseThrow();
        long t0 = System.nanoTime();
        awaitLayer("open", high::equals, "the open viewer on " + high);
        awaitLayer("shaped", high::equals, "the shaped viewer on " + high + " before shaping");
        long upMillis = (System.nanoTime() - t0) / 1_000_000;
        long highWidth = width(high);
        open.awaitStats(s -> width(s) == highWidth, SETTLE);

        // 2. Policed between the two layers: down to the lowest; the open viewer's encoding is left alone.
        layers = awaitPresenterLayers();
        long lowBps = layers.get(low) * 1000, highBps = layers.get(high) * 1000;
        long audioBps = 40_000; // Opus as Chromium sends it, with headers
        assertThat(highBps).as("the layers' rates must differ to tell them apart").isGreaterThan(lowBps * 3 / 2);
        long limit = audioBps + lowBps * 3 / 2;
        System.out.printf("[numbers] simulcast layers %s; policing the shaped viewer to %d bit/s%n", layers, limit);
        relay.setFilter(policing(limit));
        long t1 = System.nanoTime();
        awaitLayer("shaped", low::equals, "the shaped viewer on " + low + " at " + limit + " bit/s");
        long downMillis = (System.nanoTime() - t1) / 1_000_000;
        long lowWidth = width(low);
        shaped.awaitStats(s -> width(s) == lowWidth, SETTLE);
        long plisBefore = plisOf(presenter, highWidth);
        Thread.sleep(6_000);
        long plisAfter = plisOf(presenter, highWidth);
        assertThat(layerOf("shaped")).as("still on the lowest layer").isEqualTo(low);
        assertThat(plisAfter - plisBefore).as("keyframe requests the open viewer's encoding received "
                + "while the shaped viewer struggled").isZero();

        // 3. Lifted: back up.
        relay.setFilter((direction, buf, off, len) -> false);
        long t2 = System.nanoTime();
        awaitLayer("shaped", high::equals, "the shaped viewer back on " + high);
        long backMillis = (System.nanoTime() - t2) / 1_000_000;
        shaped.awaitStats(s -> width(s) == highWidth, SETTLE);

        // 4. Below the lowest layer: video paused, audio kept; lifted: video back.
        relay.setFilter(policing(Math.max(audioBps, lowBps / 3)));
        long t3 = System.nanoTime();
        awaitLayer("paused"::equals, "shaped");
        long pauseMillis = (System.nanoTime() - t3) / 1_000_000;
        PeerStats paused = shaped.stats();
        Thread.sleep(3_000);
        PeerStats stillPaused = shaped.stats();
        assertThat(stillPaused.audio().packetsReceived()).as("audio goes on while the video is paused")
                .isGreaterThan(paused.audio().packetsReceived() + 50);
        relay.setFilter((direction, buf, off, len) -> false);
        long t4 = System.nanoTime();
        awaitLayer("shaped", l -> !l.equals("paused") && !l.equals("waiting"), "the shaped viewer's video back");
        shaped.awaitStats(s -> s.totalFramesDecoded() > stillPaused.totalFramesDecoded() + 30, SETTLE);
        long resumeMillis = (System.nanoTime() - t4) / 1_000_000;
        System.out.printf("[numbers] simulcast: up to %s in %d ms; policed -> %s after %d ms; lifted -> %s after %d ms; "
                        + "below the lowest -> paused after %d ms; lifted -> video back after %d ms%n",
                high, upMillis, low, downMillis, high, backMillis, pauseMillis, resumeMillis);
    }

    private void awaitLayer(Predicate<String> condition, String viewer) throws InterruptedException {
        awaitLayer(viewer, condition, viewer + " paused");
    }

    private void awaitLayer(String viewer, Predicate<String> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last = null;
        while (System.nanoTime() - deadline < 0) {
            last = layerOf(viewer);
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached " + what + "; last layer " + last + ", estimate "
                + snapshot(viewer).estimatedSendBps() + ", presenter's layers " + presenterLayers());
    }

    private String layerOf(String viewer) {
        return snapshot(viewer).tracks().stream().filter(t -> t.direction().equals("out") && t.kind().equals("video"))
                .map(TrackStats::layers).findFirst().orElse("");
    }

    /** The presenter's active layers, smallest first, with their kbit/s, once two are active. */
    private Map<String, Long> awaitPresenterLayers() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Map<String, Long> layers = parse(presenterLayers());
            if (layers.size() >= 2) {
                return layers;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the presenter's layers never became two: " + presenterLayers());
    }

    private String presenterLayers() {
        return snapshot("presenter").tracks().stream().filter(t -> t.direction().equals("in") && t.kind().equals("video"))
                .map(TrackStats::layers).findFirst().orElse("");
    }

    private static Map<String, Long> parse(String summary) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = LAYER.matcher(summary);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static long width(String size) {
        return Long.parseLong(size.substring(0, size.indexOf('x')));
    }

    private static long width(PeerStats s) {
        return s.video().isEmpty() ? -1 : s.video().get(0).frameWidth();
    }

    /** Keyframe requests the presenter's encoding of this width received. */
    private static long plisOf(HarnessConnection presenter, long width) {
        return presenter.outboundVideo().stream().filter(e -> e.frameWidth() == width)
                .mapToLong(HarnessConnection.Encoding::pliCount).sum();
    }

    /** Polices RTP towards the peer to the rate, with a burst of 100 ms at that rate (at least two packets). */
    private static UdpRelay.Filter policing(long bitsPerSecond) {
        TokenBucket policer = new TokenBucket(bitsPerSecond, Math.max(2_500, bitsPerSecond / 80));
        return (direction, buf, off, len) -> direction == UdpRelay.Direction.TO_PEER
                && PacketDemux.isRtp(buf, off, len) && !policer.admit(len);
    }
}
