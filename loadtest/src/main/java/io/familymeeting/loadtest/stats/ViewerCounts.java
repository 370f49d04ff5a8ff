package io.familymeeting.loadtest.stats;

import io.familymeeting.loadtest.peer.Viewer;

/**
 * One viewer's counters at one moment, summed over its streams: unique packets received (audio,
 * video), packets expected from the sequence numbers, duplicates, reordered, delay matches.
 * Two snapshots give the measurement window's figures ({@link #minus}).
 */
public record ViewerCounts(long audio, long video, long expected, long duplicates, long reordered, long matched,
                           long unmatched) {

    public static ViewerCounts of(Viewer v) {
        long audio = 0;
        long video = 0;
        long expected = 0;
        long duplicates = 0;
        long reordered = 0;
        long matched = 0;
        long unmatched = 0;
        for (StreamCheck s : v.streams()) {
            if (s.video) {
                video += s.unique();
            } else {
                audio += s.unique();
            }
            expected += s.expected();
            duplicates += s.duplicates();
            reordered += s.reordered();
            matched += s.matchedPackets();
            unmatched += s.unmatchedPackets();
        }
        return new ViewerCounts(audio, video, expected, duplicates, reordered, matched, unmatched);
    }

    public ViewerCounts minus(ViewerCounts o) {
        return new ViewerCounts(audio - o.audio, video - o.video, expected - o.expected, duplicates - o.duplicates,
                reordered - o.reordered, matched - o.matched, unmatched - o.unmatched);
    }

    public long received() {
        return audio + video;
    }

    /** Expected but never received (never negative: a late packet may arrive after its snapshot). */
    public long lost() {
        return Math.max(0, expected - received());
    }
}
