package io.familymeeting.loadtest.stats;

import io.familymeeting.media.core.rtcp.NackGenerator;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.util.SeqNum;

/**
 * What a viewer checks of one received RTP stream from the clear header alone: sequence
 * continuity (packets expected from the first to the highest extended sequence number, unique
 * packets received, duplicates, late / reordered ones), RFC 3550 reception statistics for its
 * receiver reports and the missing numbers for its NACKs (media-core's
 * {@link ReceiveStatistics} and {@link NackGenerator}), and the mapping from the SFU's rewritten
 * sequence number and timestamp back to the presenter's (learnt by the viewer from a few
 * decrypted packets, {@link #learn}). One per stream, used by its viewer's reactor thread;
 * the totals are volatile for the run's snapshots.
 */
public final class StreamCheck {
    /** Duplicate detection window, in sequence numbers. */
    private static final int WINDOW = 1024;
    /** Packets a stream may decrypt to learn its offsets; then delay is not measured for it. */
    private static final int DECRYPT_BUDGET = 64;
    /** Misses in a row after which the offsets are learnt again (the SFU switched its rewrite). */
    private static final int RELEARN_AFTER = 50;

    public final long ssrc;
    public final boolean video;
    public final ReceiveStatistics statistics;
    public final NackGenerator nacks = new NackGenerator(512, 10);
    private final long[] seen = new long[WINDOW / 64];
    private boolean started;
    private int highest;
    private long extFirst;
    private volatile long extHighest;
    private volatile long unique;
    private volatile long duplicates;
    private volatile long reordered;

    private boolean mapped;
    private int seqOffset;
    private long tsOffset;
    private int candidateSeqOffset = -1;
    private long candidateTsOffset;
    private int decryptsLeft = DECRYPT_BUDGET;
    private int missesInRow;
    private volatile long matched;
    private volatile long unmatched;

    public StreamCheck(long ssrc, boolean video) {
        this.ssrc = ssrc;
        this.video = video;
        this.statistics = new ReceiveStatistics(ssrc, video ? 90_000 : 48_000, 1);
    }

    /** Counts one received packet; false for a duplicate. */
    public boolean onPacket(int seq, long timestamp, long nowNanos) {
        statistics.onPacket(seq, timestamp, nowNanos / 1000);
        nacks.onPacket(seq);
        if (!started) {
            started = true;
            highest = seq;
            extFirst = seq;
            extHighest = seq;
            mark(seq);
            unique = 1;
            return true;
        }
        int d = SeqNum.diff(seq, highest);
        if (d > 0) {
            for (int i = 1; i <= Math.min(d, WINDOW); i++) {
                clear(SeqNum.add(highest, i));
            }
            highest = seq;
            extHighest = extHighest + d;
            mark(seq);
            unique++;
            return true;
        }
        if (-d >= WINDOW) {
            reordered++; // older than the window: counted as late, not as a duplicate
            unique++;
            return true;
        }
        if (isMarked(seq)) {
            duplicates++;
            return false;
        }
        mark(seq);
        reordered++;
        unique++;
        return true;
    }

    private void mark(int seq) {
        int i = seq & (WINDOW - 1);
        seen[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(int seq) {
        int i = seq & (WINDOW - 1);
        seen[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isMarked(int seq) {
        int i = seq & (WINDOW - 1);
        return (seen[i >>> 6] & (1L << (i & 63))) != 0;
    }

    /** Whether the viewer should decrypt this packet to learn the offsets. */
    public boolean wantsToLearn() {
        return !mapped && decryptsLeft > 0;
    }

    /**
     * One decrypted packet was found in the presenter's log as {@code origSeq}/{@code origTs}
     * (or not: {@code origSeq < 0}). Two packets in a row that agree on the offsets fix them.
     */
    public void learn(int seq, long timestamp, int origSeq, long origTs) {
        decryptsLeft--;
        if (origSeq < 0) {
            return;
        }
        int so = (seq - origSeq) & 0xFFFF;
        long to = (timestamp - origTs) & 0xFFFFFFFFL;
        if (so == candidateSeqOffset && to == candidateTsOffset) {
            mapped = true;
            seqOffset = so;
            tsOffset = to;
            missesInRow = 0;
        } else {
            candidateSeqOffset = so;
            candidateTsOffset = to;
        }
    }

    public boolean mapped() {
        return mapped;
    }

    public int originalSeq(int seq) {
        return (seq - seqOffset) & 0xFFFF;
    }

    public long originalTimestamp(long timestamp) {
        return (timestamp - tsOffset) & 0xFFFFFFFFL;
    }

    /** The packet matched the presenter's log (or not, e.g. a retransmission that was logged over). */
    public void matched(boolean found) {
        if (found) {
            matched++;
            missesInRow = 0;
        } else {
            unmatched++;
            if (++missesInRow >= RELEARN_AFTER) {
                mapped = false;
                candidateSeqOffset = -1;
            }
        }
    }

    public long expected() {
        return started ? extHighest - extFirst + 1 : 0;
    }

    public long unique() {
        return unique;
    }

    public long duplicates() {
        return duplicates;
    }

    public long reordered() {
        return reordered;
    }

    public long matchedPackets() {
        return matched;
    }

    public long unmatchedPackets() {
        return unmatched;
    }
}
