package io.familymeeting.media.core.forward;

import java.util.List;

/**
 * Chooses, for one viewer, which simulcast layer each of its video slots forwards, from the
 * bandwidth the SFU estimated towards that viewer ({@code bwe/SendSideEstimator}), and probes
 * the viewer's link when a higher layer might fit.
 *
 * <p>Every {@link #INTERVAL_MILLIS}: audio is counted first (it is never paused); then each
 * video slot, in order, gets the highest active layer whose current bitrate fits what is left.
 * A layer being forwarded is kept while it uses at most {@link #KEEP_OVER_BUDGET} of its
 * share ({@link #KEEP_LOWEST_OVER_BUDGET} for the lowest, whose only way down is a pause), so
 * a keyframe's burst does not switch it down; a layer above it must fit entirely, in
 * every allocation for {@link #UP_STABLE_MILLIS} (a burst the link let through is not capacity).
 * When not even the lowest layer fits, the slot is paused ({@link Consumer#PAUSED}) and the
 * viewer keeps its audio. Before the first estimate a slot gets its lowest layer.
 *
 * <p>Probing: a sender that does not probe cannot learn more bandwidth than it uses (the
 * estimate stays within 1.5 × the received rate), and layers are 2–4 × apart. When the next
 * layer up (or the lowest, when paused) does not fit, the allocator sends padding-only RTX
 * packets ({@link Consumer#sendPadding}) for {@link #PROBE_MILLIS} so that the viewer's link
 * carries what that layer would need: if the estimate follows, the next allocation switches
 * up; if it does not, or the viewer reported more than {@link #PROBE_MAX_LOSS} loss, the next
 * probe waits twice as long as the last, from {@link #PROBE_BACKOFF_MIN_MILLIS} up to
 * {@link #PROBE_BACKOFF_MAX_MILLIS}. Switching down also doubles the wait: the link just
 * showed it cannot carry the layer; and after a switch down the slot goes up again only after
 * a probe succeeded, not on a growing estimate alone. Lost padding costs nobody anything, but
 * a trial switch to a layer the link cannot carry costs that layer's viewers a keyframe (the
 * switch needs one, and the losses that follow ask for more).
 *
 * <p>Runs on the engine's timer thread only ({@link #onTimer}); not thread-safe.
 */
public final class LayerAllocator {
    static final long INTERVAL_MILLIS = 250;
    /** A forwarded layer is kept while its bitrate is at most this multiple of its share. */
    static final double KEEP_OVER_BUDGET = 1.25;
    /**
     * The lowest layer, being forwarded, is kept up to this multiple of its share: below it there
     * is only pausing the video, so a mild over-use signal (the estimate at 0.85 × what arrives)
     * must not pause it; a link that carries half of it or less does.
     */
    static final double KEEP_LOWEST_OVER_BUDGET = 2.0;
    static final long PROBE_MILLIS = 1_500;
    /** A probe during which the viewer reported more loss than this failed. */
    static final double PROBE_MAX_LOSS = 0.05;
    /** A higher layer is chosen only once it fitted for this long. */
    static final long UP_STABLE_MILLIS = 1_000;
    /** The probe asks the link to carry this multiple of what the next layer needs. */
    static final double PROBE_OVERSHOOT = 1.1;
    static final long PROBE_BACKOFF_MIN_MILLIS = 2_000;
    static final long PROBE_BACKOFF_MAX_MILLIS = 6_000;
    /** Layers compared with fewer bits per second than this count as this much (a layer just starting). */
    static final long MIN_LAYER_BPS = 30_000;

    private long nextAllocationMillis = Long.MIN_VALUE;
    private long lastTickMillis = Long.MIN_VALUE;
    /** The padding rate of the probe running now, 0 when none. */
    private long probeBps;
    private long probeEndMillis;
    /** The estimate the probe must reach to count as a success. */
    private long probeGoalBps;
    private Consumer probeSlot;
    /** Padding bytes the probe may send now (its rate × time since it began, less what it sent). */
    private long probeCredit;
    private long nextProbeMillis = Long.MIN_VALUE;
    private long backoffMillis = PROBE_BACKOFF_MIN_MILLIS;
    /** Counters for the console and tests. */
    private long probesSucceeded;
    /** The highest loss fraction reported while the probe ran. */
    private double probeLoss;
    private final int[] order = new int[Producer.MAX_LAYERS];

    /**
     * One timer tick: allocate when due, and pad while a probe runs.
     *
     * @param consumers   the viewer's slots
     * @param estimateBps the estimate towards the viewer, -1 while unknown
     * @param lossFraction the loss towards the viewer over the estimator's last window
     */
    public void onTimer(List<Consumer> consumers, long estimateBps, double lossFraction, long nowMillis) {
        long elapsed = lastTickMillis == Long.MIN_VALUE ? 0 : Math.max(0, nowMillis - lastTickMillis);
        lastTickMillis = nowMillis;
        if (probeBps > 0) {
            probeLoss = Math.max(probeLoss, lossFraction);
            if (nowMillis >= probeEndMillis) {
                endProbe(estimateBps, nowMillis);
            } else {
                probeCredit = Math.min(64 * 1024, probeCredit + probeBps * elapsed / 8000);
                probeCredit -= probeSlot.sendPadding((int) probeCredit);
            }
        }
        if (nowMillis < nextAllocationMillis) {
            return;
        }
        nextAllocationMillis = nowMillis + INTERVAL_MILLIS;
        allocate(consumers, estimateBps, nowMillis);
    }

    private void endProbe(long estimateBps, long nowMillis) {
        if (estimateBps >= probeGoalBps && probeLoss <= PROBE_MAX_LOSS) {
            probesSucceeded++;
            backoffMillis = PROBE_BACKOFF_MIN_MILLIS;
            probeSlot.mustProbeBeforeUp = false;
        } else {
            backoffMillis = Math.min(PROBE_BACKOFF_MAX_MILLIS, backoffMillis * 2);
        }
        nextProbeMillis = nowMillis + backoffMillis;
        probeBps = 0;
        probeSlot = null;
    }

    /** The link could not carry what it had: wait longer before the next probe. */
    private void backOff(long nowMillis) {
        backoffMillis = Math.min(PROBE_BACKOFF_MAX_MILLIS, backoffMillis * 2);
        nextProbeMillis = Math.max(nextProbeMillis, nowMillis + backoffMillis);
    }

    private void allocate(List<Consumer> consumers, long estimateBps, long nowMillis) {
        long budget = estimateBps;
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c.slot().kind() == TrackKind.AUDIO) {
                budget -= c.bitrateBps(nowMillis);
            }
        }
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            Producer p = c.source();
            if (c.slot().kind() != TrackKind.VIDEO || p == null) {
                continue;
            }
            if (p.layerCount() == 1) {
                c.setTargetLayer(0);
                budget -= c.bitrateBps(nowMillis);
                continue;
            }
            int n = activeLayersAscending(p, nowMillis);
            if (n == 0) {
                continue; // nothing arrives: keep the choice until layers come (back)
            }
            int current = c.currentLayer();
            int currentRank = -1;
            for (int r = 0; r < n; r++) {
                if (order[r] == current) {
                    currentRank = r;
                }
            }
            int choice = Consumer.PAUSED;
            int choiceRank = -1;
            if (estimateBps < 0) {
                choice = order[0];
                choiceRank = 0;
            } else {
                for (int r = 0; r < n; r++) {
                    long rate = rate(p, order[r], nowMillis);
                    double allowed = order[r] != current ? budget
                            : budget * (r == 0 ? KEEP_LOWEST_OVER_BUDGET : KEEP_OVER_BUDGET);
                    if (rate <= allowed) {
                        choice = order[r];
                        choiceRank = r;
                    }
                }
            }
            if (choiceRank > currentRank && current >= 0 && c.mustProbeBeforeUp) {
                choice = current; // it came down: up again only after a probe succeeded
                choiceRank = currentRank;
            }
            if (choiceRank > currentRank && current >= 0 && choice != c.targetLayer()) {
                // Up: only once the higher layer fitted for UP_STABLE_MILLIS.
                if (c.upCandidate != choice) {
                    c.upCandidate = choice;
                    c.upCandidateSinceMillis = nowMillis;
                }
                if (nowMillis - c.upCandidateSinceMillis < UP_STABLE_MILLIS) {
                    choice = c.targetLayer();
                    choiceRank = rankOf(choice, n);
                }
            } else {
                c.upCandidate = Consumer.PAUSED;
            }
            if (current >= 0 && choiceRank < currentRank && choice != c.targetLayer()) {
                backOff(nowMillis);
                c.mustProbeBeforeUp = true;
            }
            c.setTargetLayer(choice);
            long used = choice == Consumer.PAUSED ? 0 : rate(p, choice, nowMillis);
            if (estimateBps >= 0 && choiceRank + 1 < n && probeBps == 0 && nowMillis >= nextProbeMillis) {
                // What the link must carry with the next layer: the others' share, and that layer.
                long others = estimateBps - budget;
                long goal = others + rate(p, order[choiceRank + 1], nowMillis);
                startProbe(c, (long) (goal * PROBE_OVERSHOOT) - others - used, goal, nowMillis);
            }
            budget -= used;
        }
    }

    private void startProbe(Consumer slot, long paddingBps, long goalBps, long nowMillis) {
        if (paddingBps <= 0 || !slot.canSendPadding()) {
            return;
        }
        probeCredit = 0;
        probeLoss = 0;
        probeSlot = slot;
        probeBps = paddingBps;
        probeGoalBps = goalBps;
        probeEndMillis = nowMillis + PROBE_MILLIS;
    }

    /**
     * Fills {@link #order} with the producer's active layers, smallest first: by picture size
     * when every active layer's is known, else as signaled. Returns how many.
     */
    private int activeLayersAscending(Producer p, long nowMillis) {
        int n = 0;
        boolean sizes = true;
        for (int l = 0; l < p.layerCount(); l++) {
            if (p.layerActive(l, nowMillis)) {
                order[n++] = l;
                sizes &= p.layerPixels(l) > 0;
            }
        }
        if (sizes) {
            for (int i = 1; i < n; i++) { // insertion sort of at most four
                int l = order[i];
                int j = i - 1;
                while (j >= 0 && p.layerPixels(order[j]) > p.layerPixels(l)) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = l;
            }
        }
        return n;
    }

    private int rankOf(int layer, int n) {
        for (int r = 0; r < n; r++) {
            if (order[r] == layer) {
                return r;
            }
        }
        return -1;
    }

    private static long rate(Producer p, int layer, long nowMillis) {
        return Math.max(MIN_LAYER_BPS, p.layerBitrateBps(layer, nowMillis));
    }

    /** Whether padding is being sent now. */
    public boolean probing() {
        return probeBps > 0;
    }

    public long probesSucceeded() {
        return probesSucceeded;
    }
}
