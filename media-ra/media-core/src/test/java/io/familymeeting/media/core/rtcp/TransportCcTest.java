package io.familymeeting.media.core.rtcp;

import io.familymeeting.media.core.testutil.Hex;
import static io.familymeeting.media.core.testutil.Hex.bytes;
import static io.familymeeting.media.core.testutil.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcTest {

    private static final long NONE = TransportCcFeedback.NOT_RECEIVED;

    private static String hexOf(String annotated) {
        byte[] b = bytes(annotated);
        return hex(b, 0, b.length);
    }

    @Test
    void parsesTwoBitVectorWithLargeAndNegativeDeltas() {
        byte[] b = bytes(RtcpVectors.TCC);
        TransportCcFeedback fb = new TransportCcFeedback();
        assertThat(fb.wrap(b, 0, b.length)).isTrue();
        assertThat(fb.senderSsrc()).isEqualTo(1);
        assertThat(fb.mediaSsrc()).isEqualTo(0xcafebabeL);
        assertThat(fb.baseSequenceNumber()).isEqualTo(100);
        assertThat(fb.packetStatusCount()).isEqualTo(5);
        assertThat(fb.referenceTime()).isEqualTo(10);
        assertThat(fb.feedbackPacketCount()).isZero();
        int[] seqs = new int[8];
        long[] at = new long[8];
        assertThat(fb.decode(seqs, at)).isEqualTo(5);
        assertThat(java.util.Arrays.copyOf(seqs, 5)).containsExactly(100, 101, 102, 103, 104);
        assertThat(java.util.Arrays.copyOf(at, 5)).containsExactly(641_000L, NONE, 741_000L, 740_500L, 745_000L);
    }

    @Test
    void buildsTheVectorsByteForByte() {
        TransportCcBuilder builder = new TransportCcBuilder(64);
        builder.add(100, 641_000);
        builder.add(103, 740_500);   // out of order
        builder.add(102, 741_000);
        builder.add(104, 745_000);
        byte[] out = new byte[64];
        int len = builder.write(out, 0, 1200, 1, 0xcafebabeL);
        assertThat(hex(out, 0, len)).isEqualTo(hexOf(RtcpVectors.TCC));
        assertThat(builder.hasPending()).isFalse();
        assertThat(builder.write(out, 0, 1200, 1, 2)).isZero();

        assertThat(builder.add(101, 800_000)).as("already reported lost").isFalse();
        assertThat(builder.add(7, 64_000)).as("older than the window").isFalse();
        assertThat(builder.hasPending()).isFalse();

        // second vector: feedback count 1, so one feedback first
        TransportCcBuilder b4 = new TransportCcBuilder(64);
        b4.add(6, 0);
        assertThat(b4.write(out, 0, 1200, 1, 2)).isPositive();
        b4.add(7, 64_000);
        b4.add(8, 64_250);
        b4.add(9, 64_500);
        assertThat(b4.nextFeedbackCount()).isEqualTo(1);
        len = b4.write(out, 0, 1200, 1, 0xcafebabeL);
        assertThat(hex(out, 0, len)).isEqualTo(hexOf(RtcpVectors.TCC_PADDED));
        TransportCcFeedback fb = new TransportCcFeedback();
        assertThat(fb.wrap(out, 0, len)).isTrue();
        int[] seqs = new int[3];
        long[] at = new long[3];
        fb.decode(seqs, at);
        assertThat(at).containsExactly(64_000L, 64_250L, 64_500L);
    }

    @Test
    void runLengthForLongLossesAndSequenceWrap() {
        TransportCcBuilder builder = new TransportCcBuilder(1024);
        builder.add(65500, 1_000_000);
        builder.add(100, 1_020_000);        // 136 later, 135 lost in between, across the wrap
        byte[] out = new byte[100];
        int len = builder.write(out, 0, 1200, 1, 2);
        TransportCcFeedback fb = new TransportCcFeedback();
        assertThat(fb.wrap(out, 0, len)).isTrue();
        assertThat(fb.packetStatusCount()).isEqualTo(137);
        // greedy chunks: one-bit vector (received, 13 not received), run of 122 not received,
        // run of 1 small delta
        assertThat(hex(out, 20, 6)).isEqualTo("a000" + "007a" + "2001");
        int[] seqs = new int[137];
        long[] at = new long[137];
        fb.decode(seqs, at);
        assertThat(seqs[136]).isEqualTo(100);
        assertThat(at[0]).isEqualTo(1_000_000);
        assertThat(at[136]).isEqualTo(1_020_000);
        assertThat(at[1]).isEqualTo(NONE);
    }

    @Test
    void splitsWhenADeltaDoesNotFitIn16Bits() {
        TransportCcBuilder builder = new TransportCcBuilder(64);
        builder.add(1, 0);
        builder.add(2, 10_000_000);   // 10 s later: 40000 ticks > 32767
        byte[] out = new byte[64];
        TransportCcFeedback fb = new TransportCcFeedback();
        int len = builder.write(out, 0, 1200, 1, 2);
        assertThat(fb.wrap(out, 0, len)).isTrue();
        assertThat(fb.packetStatusCount()).isEqualTo(1);
        assertThat(builder.hasPending()).isTrue();
        len = builder.write(out, 0, 1200, 1, 2);
        assertThat(fb.wrap(out, 0, len)).isTrue();
        assertThat(fb.baseSequenceNumber()).isEqualTo(2);
        assertThat(fb.feedbackPacketCount()).isEqualTo(1);
        long[] at = new long[1];
        fb.decode(new int[1], at);
        assertThat(at[0]).isEqualTo(10_000_000);
    }

    @Test
    void randomizedRoundTripAcrossSizesLossesReorderingAndWrap() {
        Random r = new Random(2015);
        for (int round = 0; round < 200; round++) {
            TransportCcBuilder builder = new TransportCcBuilder(4096);
            Map<Integer, Long> accepted = new HashMap<>();
            Map<Integer, Long> reported = new HashMap<>();
            int seq = r.nextInt(65536);
            long t = r.nextInt(1_000_000_000);
            int n = 1 + r.nextInt(2000);
            int maxLen = 24 + r.nextInt(400);
            byte[] out = new byte[maxLen];
            TransportCcFeedback fb = new TransportCcFeedback();
            int[] seqs = new int[65536];
            long[] at = new long[65536];
            int expectedCount = 0;
            for (int i = 0; i < n; i++) {
                seq = (seq + 1 + (r.nextInt(10) == 0 ? r.nextInt(30) : 0)) & 0xFFFF;
                t += r.nextInt(20) == 0 ? r.nextInt(12_000_000) : r.nextInt(30_000);
                int s = seq;
                long arrival = t;
                if (r.nextInt(8) == 0) {   // arrives slightly late and out of order
                    s = (seq - 1 - r.nextInt(3)) & 0xFFFF;
                    arrival = t + r.nextInt(5000) - 2500;
                }
                if (builder.add(s, arrival)) {
                    accepted.putIfAbsent(s, arrival);
                }
                if (r.nextInt(50) == 0 || i == n - 1) {
                    while (builder.hasPending()) {
                        int len = builder.write(out, 0, maxLen, 1, 2);
                        assertThat(len).isBetween(24, maxLen);
                        assertThat(len % 4).isZero();
                        assertThat(fb.wrap(out, 0, len)).isTrue();
                        assertThat(fb.feedbackPacketCount()).isEqualTo(expectedCount++ & 0xFF);
                        int count = fb.decode(seqs, at);
                        for (int k = 0; k < count; k++) {
                            if (reported.put(seqs[k], at[k]) != null) {
                                throw new AssertionError("seq " + seqs[k] + " reported twice");
                            }
                        }
                    }
                }
            }
            for (Map.Entry<Integer, Long> e : reported.entrySet()) {
                Long arrival = accepted.get(e.getKey());
                if (arrival == null) {
                    if (e.getValue() != NONE) {
                        throw new AssertionError("seq " + e.getKey() + " reported received");
                    }
                } else {
                    long floored = Math.floorDiv(arrival, 250) * 250;
                    long modulus = (1L << 24) * 64_000;
                    if (Math.floorMod(e.getValue() - floored, modulus) != 0) {
                        throw new AssertionError("seq " + e.getKey() + ": " + e.getValue() + " != " + floored);
                    }
                }
            }
            assertThat(reported.keySet().containsAll(accepted.keySet())).as("every accepted arrival reported").isTrue();
        }
    }

    @Test
    void rejectsMalformedFeedback() {
        byte[] ok = bytes(RtcpVectors.TCC);
        TransportCcFeedback fb = new TransportCcFeedback();
        byte[] b = ok.clone();
        b[15] = 9;                   // status count 9: deltas no longer fit
        assertThat(fb.wrap(b, 0, b.length)).isFalse();
        b = ok.clone();
        b[20] = (byte) 0xFF;         // two-bit vector with reserved symbol 11
        assertThat(fb.wrap(b, 0, b.length)).isFalse();
        b = ok.clone();
        b[20] = 0x60;                // run-length chunk of reserved symbol
        b[21] = 0x05;
        assertThat(fb.wrap(b, 0, b.length)).isFalse();
        assertThat(fb.wrap(ok, 0, 19)).isFalse();
        assertThat(fb.wrap(bytes(RtcpVectors.NACK), 0, 20)).isFalse();
    }

    @Test
    void fuzzParserNeverThrows() {
        Random r = new Random(1515);
        byte[] seed = bytes(RtcpVectors.TCC);
        TransportCcFeedback fb = new TransportCcFeedback();
        int[] seqs = new int[70000];
        long[] at = new long[70000];
        for (int i = 0; i < 100_000; i++) {
            byte[] b = seed.clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                b[12 + r.nextInt(b.length - 12)] = (byte) r.nextInt(256);
            }
            int len = r.nextInt(b.length + 1);
            if (fb.wrap(b, 0, len)) {
                fb.decode(seqs, at);
            }
        }
    }
}
