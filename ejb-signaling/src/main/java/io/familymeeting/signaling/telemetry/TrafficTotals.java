package io.familymeeting.signaling.telemetry;

import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.TrackStats;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Monotonic totals of the engine's per-track counters for the OpenTelemetry counters. The
 * engine's snapshots hold each live track's counts since it started, and a track's counts
 * disappear with its participant; here every snapshot adds what each track gained since the
 * previous one, so the totals keep what departed participants carried and never go down (a
 * counter that shrinks, e.g. a receiver report's cumulative loss after duplicates, adds
 * nothing). Thread-safe.
 */
final class TrafficTotals {
    /** Counter indexes in {@link Totals#in()} / {@link Totals#out()}. */
    static final int PACKETS = 0, BYTES = 1, LOST = 2, NACKS = 3, PLIS = 4, RETRANSMITTED = 5;
    private static final int COUNTERS = 6;

    /**
     * Totals per direction: "in" is what presenters sent to the SFU (loss from sequence gaps,
     * NACKs and PLIs the SFU sent), "out" what the SFU forwarded to viewers (loss from their
     * receiver reports, NACKs and PLIs they sent, retransmissions).
     */
    record Totals(long[] in, long[] out) {
    }

    private final Map<String, long[]> last = new HashMap<>();
    private final long[] in = new long[COUNTERS];
    private final long[] out = new long[COUNTERS];

    /** Adds what the snapshot's tracks gained since the last call, and answers the totals. */
    synchronized Totals update(List<RoomSnapshot> rooms) {
        Set<String> seen = new HashSet<>();
        for (RoomSnapshot room : rooms) {
            for (ParticipantSnapshot p : room.participants()) {
                for (TrackStats t : p.tracks()) {
                    boolean inbound = "in".equals(t.direction());
                    String key = room.roomId() + '/' + p.participantId() + '/' + t.direction() + '/' + t.ssrc();
                    long[] now = {t.packets(), t.bytes(), Math.max(0, t.packetsLost()), t.nacks(), t.plis(),
                            t.retransmitted()};
                    long[] before = last.get(key);
                    long[] sums = inbound ? in : out;
                    for (int i = 0; i < COUNTERS; i++) {
                        long gained = now[i] - (before == null ? 0 : before[i]);
                        if (gained > 0) {
                            sums[i] += gained;
                        }
                    }
                    if (before != null) {
                        // a counter that went down stays at its high mark: it adds only beyond it
                        for (int i = 0; i < COUNTERS; i++) {
                            now[i] = Math.max(now[i], before[i]);
                        }
                    }
                    last.put(key, now);
                    seen.add(key);
                }
            }
        }
        last.keySet().retainAll(seen);
        return new Totals(in.clone(), out.clone());
    }
}
