package io.familymeeting.web.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's bitrate charts: per key (a room, a participant, the total) the samples
 * {@code [epoch ms, in bps, out bps]} of the last {@link #KEEP_MS}, at most one per
 * {@link #MIN_INTERVAL_MS}. Sampled whenever the console reads the status, so the charts
 * cover the time the console was open (in any tab) and survive page changes. Keys
 * without a sample within the window are forgotten.
 */
final class BitrateHistory {
    static final long KEEP_MS = 5 * 60 * 1000;
    static final long MIN_INTERVAL_MS = 1000;

    private final Map<String, Deque<long[]>> series = new LinkedHashMap<>();
    private boolean sampled;
    private long lastSample;

    /** Records one sample of every key (when the last one is at least MIN_INTERVAL_MS old) and returns the history. */
    synchronized Map<String, List<long[]>> sample(long now, Map<String, long[]> bitrates) {
        if (!sampled || now - lastSample >= MIN_INTERVAL_MS) {
            sampled = true;
            lastSample = now;
            bitrates.forEach((key, v) -> series.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new long[] {now, v[0], v[1]}));
        }
        series.values().forEach(d -> {
            while (!d.isEmpty() && d.peekFirst()[0] < now - KEEP_MS) {
                d.removeFirst();
            }
        });
        series.values().removeIf(Deque::isEmpty);
        Map<String, List<long[]>> out = new LinkedHashMap<>();
        series.forEach((k, d) -> out.put(k, new ArrayList<>(d)));
        return out;
    }
}
