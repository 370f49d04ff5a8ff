package io.familymeeting.loadtest.stats;

import org.HdrHistogram.Histogram;

/**
 * The added delay (presenter's send to viewer's receive, microseconds) of the viewers served by
 * one reactor thread, audio and video apart: one recorder per thread, so recording needs no lock.
 * Records only while the measurement window is open ({@link #open}); read after the reactors
 * stopped.
 */
public final class DelayRecorder {
    /** One minute, in microseconds: anything later is clamped. */
    private static final long HIGHEST_MICROS = 60_000_000L;

    private final Histogram audio = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram video = new Histogram(HIGHEST_MICROS, 3);
    private volatile boolean open;

    public void open(boolean open) {
        this.open = open;
    }

    public void record(boolean isVideo, long micros) {
        if (open) {
            (isVideo ? video : audio).recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
        }
    }

    public Histogram audio() {
        return audio;
    }

    public Histogram video() {
        return video;
    }
}
