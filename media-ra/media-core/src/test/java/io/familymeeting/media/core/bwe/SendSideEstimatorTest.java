package io.familymeeting.media.core.bwe;

import io.familymeeting.media.core.rtcp.TransportCcBuilder;
import io.familymeeting.media.core.rtcp.TransportCcFeedback;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The estimator against a simulated path: the SFU sends 1,200-byte packets at a given rate
 * through a bottleneck of a given capacity (a FIFO queue that drops beyond 400 ms of queueing,
 * 20 ms propagation), and the viewer answers every 100 ms with transport-cc feedback written by
 * the engine's own {@link TransportCcBuilder}. Simulated time: no clocks, no sleeping.
 */
class SendSideEstimatorTest {
    private static final int SIZE = 1200;

    @Test
    void aPathWithRoomToSpareIsEstimatedAtLeastAtTheRateItCarries() {
        Path path = new Path(5_000_000, 0);
        path.send(1_500_000, 20);
        long estimate = path.bwe.estimateBps();
        assertThat(estimate).as("estimate for a 1.5 Mbit/s stream on a 5 Mbit/s path")
                .isBetween(1_400_000L, (long) (1.5 * 1_500_000) + 10_000 + 100_000);
        assertThat(path.bwe.usage()).isNotEqualTo(TrendlineDetector.Usage.OVERUSE);
        assertThat(path.bwe.lossFraction()).isZero();
    }

    @Test
    void aBottleneckBelowTheStreamBringsTheEstimateDownToItsCapacity() {
        Path path = new Path(800_000, 0);
        path.send(1_500_000, 20);
        long estimate = path.bwe.estimateBps();
        assertThat(estimate).as("estimate for a 1.5 Mbit/s stream through 800 kbit/s").isBetween(300_000L, 880_000L);
        assertThat(path.bwe.lostTotal()).as("the queue overflowed: the viewer reported losses").isPositive();
    }

    @Test
    void queueingAloneWithoutLossIsDetectedByTheDelayTrend() {
        // A stream 20 % over capacity for 2 s: the queue grows by ~200 ms and nothing is lost yet.
        Path path = new Path(1_000_000, 0);
        path.send(900_000, 10);
        long before = path.bwe.estimateBps();
        path.send(1_200_000, 2);
        assertThat(path.bwe.lostTotal()).as("no loss: the queue has room").isZero();
        assertThat(path.overuseSeen).as("over-use detected from delay alone").isTrue();
        assertThat(path.bwe.estimateBps()).as("estimate came down from " + before).isLessThan(1_100_000);
    }

    @Test
    void heavyRandomLossCutsTheEstimate() {
        Path clean = new Path(10_000_000, 0);
        clean.send(1_000_000, 10);
        Path lossy = new Path(10_000_000, 0.2);
        lossy.send(1_000_000, 10);
        assertThat(lossy.bwe.lossFraction()).isBetween(0.1, 0.3);
        assertThat(lossy.bwe.estimateBps()).as("20 % loss").isLessThan(clean.bwe.estimateBps() * 3 / 4);
    }

    /**
     * A policer drops without queueing, so the delay trend never sees it: only the loss bound
     * brings the estimate down, and once the sender fits under the policer (loss gone) that bound
     * must grow back gradually, not jump to the stale delay-based estimate of before.
     */
    @Test
    void aPolicedPathKeepsTheEstimateDownOnceTheSenderFitsUnderIt() {
        Path path = new Path(100_000_000, 0);
        path.send(1_000_000, 5);
        long open = path.bwe.estimateBps();
        assertThat(open).isGreaterThanOrEqualTo(1_000_000);
        path.policerBps = 400_000;
        path.send(1_000_000, 2);
        long policed = path.bwe.estimateBps();
        assertThat(policed).as("cut by the loss").isLessThan(500_000);
        path.send(300_000, 2);
        assertThat(path.bwe.lossFraction()).isLessThan(0.02);
        assertThat(path.bwe.estimateBps()).as("loss gone: grows from " + policed + ", not back to " + open)
                .isLessThan(policed * 13 / 10);
    }

    @Test
    void noEstimateBeforeFeedbackAndFeedbackAboutUnknownPacketsIsIgnored() {
        SendSideEstimator bwe = new SendSideEstimator();
        assertThat(bwe.estimateBps()).isEqualTo(-1);
        TransportCcBuilder viewer = new TransportCcBuilder(1024);
        for (int seq = 100; seq < 200; seq++) {
            viewer.add(seq, seq * 1000L);
        }
        byte[] out = new byte[1500];
        int n = viewer.write(out, 0, out.length, 1, 2);
        TransportCcFeedback fb = new TransportCcFeedback();
        assertThat(fb.wrap(out, 0, n)).isTrue();
        bwe.onFeedback(fb, 1_000_000);
        assertThat(bwe.estimateBps()).as("nothing was sent: nothing to learn").isEqualTo(-1);
    }

    /** The simulated path and the viewer at its end. */
    private static final class Path {
        final SendSideEstimator bwe = new SendSideEstimator();
        final long capacityBps;
        final double randomLoss;
        final TransportCcBuilder viewer = new TransportCcBuilder(4096);
        final ArrayDeque<long[]> inFlight = new ArrayDeque<>(); // {seq, arrivalMicros or -1 when dropped}
        final java.util.Random random = new java.util.Random(7);
        final byte[] out = new byte[1500];
        final TransportCcFeedback feedback = new TransportCcFeedback();
        long now;
        long linkFreeAt;
        long nextFeedback = 100_000;
        boolean overuseSeen;
        /** A token bucket in front of the link (burst: two packets), 0 for none. */
        long policerBps;
        double policerTokens = 2 * SIZE;
        long policerAt;

        Path(long capacityBps, double randomLoss) {
            this.capacityBps = capacityBps;
            this.randomLoss = randomLoss;
        }

        /** Sends at {@code rateBps} for {@code seconds} of simulated time. */
        void send(long rateBps, int seconds) {
            long interval = SIZE * 8L * 1_000_000 / rateBps;
            long end = now + seconds * 1_000_000L;
            while (now < end) {
                int seq = bwe.onPacketSent(SIZE, now);
                long start = Math.max(now, linkFreeAt);
                long arrival;
                if (start - now > 400_000 || random.nextDouble() < randomLoss || !admittedByPolicer()) {
                    arrival = -1;
                } else {
                    linkFreeAt = start + SIZE * 8L * 1_000_000 / capacityBps;
                    arrival = linkFreeAt + 20_000;
                }
                inFlight.add(new long[]{seq, arrival});
                now += interval;
                while (now >= nextFeedback) {
                    deliverFeedback(nextFeedback);
                    nextFeedback += 100_000;
                }
            }
        }

        /** Whether the policer (if any) admits a packet sent now. */
        private boolean admittedByPolicer() {
            if (policerBps == 0) {
                return true;
            }
            policerTokens = Math.min(2 * SIZE, policerTokens + (now - policerAt) / 1e6 * policerBps / 8);
            policerAt = now;
            if (policerTokens < SIZE) {
                return false;
            }
            policerTokens -= SIZE;
            return true;
        }

        private void deliverFeedback(long at) {
            // Packets that arrived by now (or were dropped and are due by now) are reported.
            while (!inFlight.isEmpty()) {
                long[] p = inFlight.peek();
                if (p[1] > at) {
                    break;
                }
                inFlight.poll();
                if (p[1] >= 0) {
                    viewer.add((int) p[0], p[1]);
                }
            }
            while (viewer.hasPending()) {
                int n = viewer.write(out, 0, out.length, 1, 2);
                if (n <= 0) {
                    break;
                }
                assertThat(feedback.wrap(out, 0, n)).isTrue();
                bwe.onFeedback(feedback, at);
                overuseSeen |= bwe.usage() == TrendlineDetector.Usage.OVERUSE;
            }
        }
    }
}
