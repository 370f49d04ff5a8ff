package io.familymeeting.media.core.forward;

/**
 * Limits keyframe requests (PLI/FIR) sent to one publisher's stream: a browser sends a new
 * keyframe for every request, and keyframes are large, so many viewers joining at once must
 * not turn into a burst of keyframes. One request per {@code intervalMillis} at most.
 * Not thread-safe by itself: callers synchronize on the producer.
 */
public final class KeyframeThrottle {
    private final long intervalMillis;
    private long lastMillis = Long.MIN_VALUE / 2;

    public KeyframeThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** True when a request may go out now (and records it as sent). */
    public boolean tryAcquire(long nowMillis) {
        if (nowMillis - lastMillis < intervalMillis) {
            return false;
        }
        lastMillis = nowMillis;
        return true;
    }
}
