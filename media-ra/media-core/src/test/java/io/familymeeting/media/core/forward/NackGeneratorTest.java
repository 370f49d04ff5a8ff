package io.familymeeting.media.core.forward;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class NackGeneratorTest {
    private final int[] out = new int[64];

    private int[] collect(NackGenerator g, long now) {
        int n = g.collect(now, out);
        return Arrays.copyOf(out, n);
    }

    @Test
    void inOrderStreamIsNeverNacked() {
        NackGenerator g = new NackGenerator();
        for (int s = 100; s < 200; s++) {
            g.onPacket(s);
        }
        assertThat(collect(g, 1000)).isEmpty();
    }

    @Test
    void gapIsNackedAndRetriedThenForgotten() {
        NackGenerator g = new NackGenerator();
        g.collect(1000, out);
        g.onPacket(10);
        g.onPacket(13); // 11 and 12 lost
        assertThat(collect(g, 1000)).containsExactly(11, 12);
        assertThat(collect(g, 1010)).as("not before the retry interval").isEmpty();
        assertThat(collect(g, 1000 + NackGenerator.RETRY_MILLIS)).containsExactly(11, 12);
        assertThat(collect(g, 1000 + 2 * NackGenerator.RETRY_MILLIS)).containsExactly(11, 12);
        assertThat(collect(g, 1000 + 3 * NackGenerator.RETRY_MILLIS)).as("after MAX_TRIES").isEmpty();
        assertThat(g.missingCount()).isZero();
    }

    @Test
    void lateArrivalAndRecoveryCancelTheRequest() {
        NackGenerator g = new NackGenerator();
        g.onPacket(1);
        g.onPacket(5); // 2,3,4 missing
        g.onPacket(3); // late
        g.onRecovered(4); // came as RTX
        assertThat(collect(g, 50)).containsExactly(2);
    }

    @Test
    void gapAcrossTheSequenceWrapIsFound() {
        NackGenerator g = new NackGenerator();
        g.onPacket(65534);
        g.onPacket(1); // 65535 and 0 lost
        assertThat(collect(g, 10)).containsExactly(65535, 0);
    }

    @Test
    void hugeJumpIsARestartNotLoss() {
        NackGenerator g = new NackGenerator();
        g.onPacket(10);
        g.onPacket(10 + NackGenerator.MAX_GAP + 50);
        assertThat(collect(g, 10)).isEmpty();
    }

    @Test
    void storageIsBounded() {
        NackGenerator g = new NackGenerator();
        int s = 0;
        g.onPacket(s);
        for (int i = 0; i < 20; i++) {
            s += 60; // 59 lost each time
            g.onPacket(s);
        }
        assertThat(g.missingCount()).isLessThanOrEqualTo(NackGenerator.CAPACITY);
    }
}
