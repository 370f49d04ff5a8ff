package io.familymeeting.media.core.bwe;

/**
 * The delay-based half of the estimate: whether the path towards the viewer is queueing
 * (draft-ietf-rmcat-gcc-02 §5.3–5.4, with a least-squares trend over the smoothed accumulated
 * delay instead of the draft's Kalman filter, as browsers do today). Fed once per packet group:
 * how much later the group arrived after the previous one than it was sent after it. A rising
 * trend beyond an adaptive threshold, held for a while, is {@link Usage#OVERUSE}; a falling one
 * {@link Usage#UNDERUSE} (a queue draining). Not thread-safe: the estimator calls it under its lock.
 */
final class TrendlineDetector {
    /** Signal of the detector. */
    enum Usage { NORMAL, OVERUSE, UNDERUSE }

    /** Groups in the regression window. */
    static final int WINDOW = 20;
    /** Exponential smoothing of the accumulated delay. */
    private static final double SMOOTHING = 0.9;
    /** Scales the slope into the threshold's units (ms), as the deltas seen grow to 60. */
    private static final double GAIN = 4.0;
    private static final int MAX_DELTAS_FOR_GAIN = 60;
    /** §5.4: the threshold adapts between these (ms), faster down than up. */
    private static final double MIN_THRESHOLD = 6, MAX_THRESHOLD = 600, INITIAL_THRESHOLD = 12.5;
    private static final double K_UP = 0.0087, K_DOWN = 0.039;
    /** Outliers beyond the threshold by this much (ms) do not move it. */
    private static final double MAX_ADAPT_OFFSET = 15;
    /** Over-use must last this long (ms of send time) before it is signalled. */
    private static final double OVERUSE_TIME = 10;

    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int count;
    private int next;
    private double firstArrivalMs = Double.NaN;
    private double accumulated;
    private double smoothed;
    private int deltas;
    private double previousSlope;
    private double threshold = INITIAL_THRESHOLD;
    private double lastThresholdUpdateMs = Double.NaN;
    private double overuseTime = -1;
    private int overuseCount;
    private Usage usage = Usage.NORMAL;
    private double trend;

    /**
     * One packet group after the previous one.
     *
     * @param sendDeltaMs    send time of this group's last packet minus the previous group's
     * @param arrivalDeltaMs the same for arrival times (the viewer's clock)
     * @param arrivalMs      this group's arrival time (the viewer's clock)
     */
    Usage update(double sendDeltaMs, double arrivalDeltaMs, double arrivalMs) {
        if (Double.isNaN(firstArrivalMs)) {
            firstArrivalMs = arrivalMs;
        }
        deltas = Math.min(deltas + 1, 1000);
        accumulated += arrivalDeltaMs - sendDeltaMs;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        xs[next] = arrivalMs - firstArrivalMs;
        ys[next] = smoothed;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        if (count == WINDOW) {
            double slope = slope();
            trend = Math.min(deltas, MAX_DELTAS_FOR_GAIN) * slope * GAIN;
            detect(slope, sendDeltaMs, arrivalMs);
        }
        return usage;
    }

    Usage usage() {
        return usage;
    }

    /** The last scaled trend (ms), for tests and diagnostics. */
    double trend() {
        return trend;
    }

    double threshold() {
        return threshold;
    }

    /** Forgets everything (the viewer's clock jumped, or the stream paused for long). */
    void reset() {
        count = 0;
        next = 0;
        firstArrivalMs = Double.NaN;
        accumulated = 0;
        smoothed = 0;
        deltas = 0;
        previousSlope = 0;
        overuseTime = -1;
        overuseCount = 0;
        usage = Usage.NORMAL;
        trend = 0;
    }

    private double slope() {
        double mx = 0, my = 0;
        for (int i = 0; i < WINDOW; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= WINDOW;
        my /= WINDOW;
        double num = 0, den = 0;
        for (int i = 0; i < WINDOW; i++) {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }
        return den == 0 ? previousSlope : num / den;
    }

    private void detect(double slope, double sendDeltaMs, double nowMs) {
        if (trend > threshold) {
            overuseTime = overuseTime < 0 ? sendDeltaMs / 2 : overuseTime + sendDeltaMs;
            overuseCount++;
            if (overuseTime > OVERUSE_TIME && overuseCount > 1 && slope >= previousSlope) {
                overuseTime = 0;
                overuseCount = 0;
                usage = Usage.OVERUSE;
            }
        } else if (trend < -threshold) {
            overuseTime = -1;
            overuseCount = 0;
            usage = Usage.UNDERUSE;
        } else {
            overuseTime = -1;
            overuseCount = 0;
            usage = Usage.NORMAL;
        }
        previousSlope = slope;
        adaptThreshold(nowMs);
    }

    private void adaptThreshold(double nowMs) {
        if (Double.isNaN(lastThresholdUpdateMs)) {
            lastThresholdUpdateMs = nowMs;
        }
        double magnitude = Math.abs(trend);
        if (magnitude > threshold + MAX_ADAPT_OFFSET) {
            lastThresholdUpdateMs = nowMs;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double dt = Math.min(nowMs - lastThresholdUpdateMs, 100);
        threshold += k * (magnitude - threshold) * dt;
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
        lastThresholdUpdateMs = nowMs;
    }
}
