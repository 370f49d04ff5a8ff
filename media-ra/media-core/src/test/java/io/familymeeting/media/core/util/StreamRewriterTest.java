package io.familymeeting.media.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamRewriterTest {

    private static final int VIDEO = 90_000;

    /** One row: incoming (ssrc, seq, ts, nowMillis) → expected outgoing (seq, ts); seq -1 = dropped. */
    private record Row(long ssrc, int seq, long ts, long now, int outSeq, long outTs) {
    }

    private static Row row(long ssrc, int seq, long ts, long now, int outSeq, long outTs) {
        return new Row(ssrc, seq, ts, now, outSeq, outTs);
    }

    private static void run(StreamRewriter rw, Row... rows) {
        for (int i = 0; i < rows.length; i++) {
            Row r = rows[i];
            boolean accepted = rw.accept(r.ssrc, r.seq, r.ts, r.now, VIDEO);
            String at = "row " + i + " " + r;
            if (r.outSeq < 0) {
                assertThat(accepted).as(at).isFalse();
                assertThat(rw.rewriteSeq(r.seq)).as(at).isEqualTo(-1);
            } else {
                assertThat(accepted).as(at).isTrue();
                assertThat(rw.rewriteSeq(r.seq)).as(at).isEqualTo(r.outSeq);
                assertThat(rw.rewriteTimestamp(r.ts)).as(at).isEqualTo(r.outTs);
            }
        }
    }

    @Test
    void singleSourcePassesThroughUnchangedAcrossWrap() {
        run(new StreamRewriter(),
                row(1, 65534, 4294967000L, 0, 65534, 4294967000L),
                row(1, 65535, 4294967000L, 1, 65535, 4294967000L),
                row(1, 0, 1704, 33, 0, 1704),                 // both wrap
                row(1, 1, 1704, 33, 1, 1704));
    }

    @Test
    void switchContinuesSequenceAndAdvancesTimestampByWallClock() {
        run(new StreamRewriter(),
                row(1, 100, 5000, 1000, 100, 5000),
                row(1, 101, 8000, 1033, 101, 8000),
                // new ssrc 50 ms after ts 8000 was first seen: ts += 50 ms * 90 kHz = 4500
                row(2, 30000, 777777, 1083, 102, 12500),
                row(2, 30001, 780777, 1116, 103, 15500),
                row(2, 29999, 774777, 1117, -1, 0),          // older than the switch: dropped
                row(2, 30003, 786777, 1150, 105, 21500),     // gap kept (loss is the viewer's to NACK)
                row(2, 30002, 783777, 1151, 104, 18500),     // late, maps in place
                row(1, 102, 11000, 1160, 106, 21500 + 10 * 90)); // back to ssrc 1: 10 ms after ts 21500
    }

    @Test
    void switchAtOutgoingWrapAndIncomingWrap() {
        run(new StreamRewriter(),
                row(7, 65535, 4294967295L, 0, 65535, 4294967295L),
                // switch: out seq wraps to 0; ts wraps: 4294967295 + 20 ms * 90 = 1799
                row(8, 65534, 4294967290L, 20, 0, 1799),
                row(8, 65535, 4294967290L, 21, 1, 1799),
                row(8, 0, 2704, 53, 2, 1799 + 2710),         // incoming wraps too
                row(8, 65533, 4294967290L - 3000, 54, -1, 0)); // before the switch point
    }

    @Test
    void explicitSwitchWithSameSsrcAndMinimumTimestampStep() {
        StreamRewriter rw = new StreamRewriter();
        run(rw, row(1, 10, 100, 500, 10, 100));
        rw.switchSource();
        // same wall-clock instant: ts still moves forward by 1
        run(rw, row(1, 5000, 900000, 500, 11, 101));
    }

    @Test
    void sameFrameTimestampUsesTimeTheFrameStarted() {
        run(new StreamRewriter(),
                row(1, 1, 3000, 100, 1, 3000),
                row(1, 2, 3000, 130, 2, 3000),   // same frame, later packet
                row(2, 9, 0, 140, 3, 3000 + 40 * 90));
    }

    @Test
    void floorTrailsNewestSoLongSegmentsDoNotWrapPastIt() {
        StreamRewriter rw = new StreamRewriter();
        long ts = 0;
        for (int i = 0; i < 70_000; i++) {
            int seq = i & 0xFFFF;
            assertThat(rw.accept(1, seq, ts, i, VIDEO)).as("seq %d", i).isTrue();
            assertThat(rw.rewriteSeq(seq)).isEqualTo(seq);
        }
        // newest is 70_000 & 0xFFFF = 4464; a packet 100 behind still maps
        assertThat(rw.rewriteSeq(4364)).isEqualTo(4364);
        // one far older than a quarter of the space is dropped
        assertThat(rw.accept(1, 4464 - 20_000 & 0xFFFF, ts, 0, VIDEO)).isFalse();
    }

    @Test
    void pictureIdCounterOf15Bits() {
        StreamRewriter pid = new StreamRewriter(15);
        assertThat(pid.accept(1, 32766)).isTrue();
        assertThat(pid.rewriteSeq(32766)).isEqualTo(32766);
        assertThat(pid.accept(1, 32767)).isTrue();
        assertThat(pid.accept(2, 12)).isTrue();           // new source: continues at 0 (wrapped)
        assertThat(pid.rewriteSeq(12)).isEqualTo(0);
        assertThat(pid.accept(2, 13)).isTrue();
        assertThat(pid.rewriteSeq(13)).isEqualTo(1);
        assertThat(pid.accept(2, 11)).isFalse();
        assertThat(pid.lastSeq()).isEqualTo(1);
        assertThat(pid.lastTimestamp()).as("no timestamp mapping for a bare counter").isZero();
        assertThat(pid.timestampOffset()).isZero();
    }

    @Test
    void nothingAcceptedYet() {
        StreamRewriter rw = new StreamRewriter();
        assertThat(rw.rewriteSeq(5)).isEqualTo(-1);
        assertThat(rw.lastSeq()).isEqualTo(-1);
        assertThat(rw.lastTimestamp()).isEqualTo(-1);
    }

    @Test
    void randomizedSwitchesKeepOutputContinuousAndCollisionFree() {
        Random r = new Random(5104);
        StreamRewriter rw = new StreamRewriter();
        long now = 0;
        long previousSsrc = -1;
        for (int s = 0; s < 300; s++) {
            long ssrc = 1 + r.nextInt(3);
            if (ssrc == previousSsrc) {
                rw.switchSource();   // same ssrc restarting (e.g. a new presenter track reusing it)
            }
            previousSsrc = ssrc;
            int first = r.nextInt(65536);
            long ts = r.nextLong() & 0xFFFFFFFFL;
            int n = 1 + r.nextInt(300);
            int previousLast = rw.lastSeq();
            int firstOut = -1;
            int newestOut = -1;
            for (int i = 0; i < n; i++) {
                now += 1 + r.nextInt(20);
                // mostly in order; some late by up to 5, which may reach before the switch
                int k = i > 0 && r.nextInt(6) == 0 ? i - 1 - r.nextInt(5) : i;
                int in = SeqNum.add(first, k);
                boolean ok = rw.accept(ssrc, in, SeqNum.tsAdd(ts, 3000L * k), now, VIDEO);
                if (i == 0) {
                    firstOut = previousLast < 0 ? in : SeqNum.add(previousLast, 1);
                }
                // accepted exactly when not older than the segment's first packet
                assertThat(ok).as("segment %d packet %d", s, i).isEqualTo(k >= 0);
                if (ok) {
                    int out = rw.rewriteSeq(in);
                    assertThat(out).isEqualTo(SeqNum.add(firstOut, k));
                    assertThat(rw.rewriteTimestamp(SeqNum.tsAdd(ts, 3000L * k)))
                            .isEqualTo(SeqNum.tsAdd(rw.rewriteTimestamp(ts), 3000L * k));
                    newestOut = Math.max(newestOut, k);
                }
            }
            assertThat(rw.lastSeq()).isEqualTo(SeqNum.add(firstOut, newestOut));
        }
    }
}
