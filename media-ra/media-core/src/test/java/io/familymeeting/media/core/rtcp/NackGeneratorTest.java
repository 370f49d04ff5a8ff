package io.familymeeting.media.core.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.familymeeting.media.core.rtcp.NackGenerator.Result;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {

    private static int[] collect(NackGenerator g, long now, long rtt) {
        int[] dst = new int[64];
        return Arrays.copyOf(dst, g.collect(dst, now, rtt));
    }

    @Test
    void gapsAcrossTheWrapAreRequestedOldestFirstAndRecovered() {
        NackGenerator g = new NackGenerator(64, 3);
        assertThat(g.onPacket(65533)).isEqualTo(Result.OK);
        assertThat(g.onPacket(65534)).isEqualTo(Result.OK);
        assertThat(g.onPacket(2)).isEqualTo(Result.GAP);        // 65535, 0, 1 missing
        assertThat(g.missingCount()).isEqualTo(3);
        assertThat(collect(g, 1000, 100)).containsExactly(65535, 0, 1);
        assertThat(collect(g, 1050, 100)).as("within one RTT").isEmpty();
        assertThat(g.onPacket(0)).isEqualTo(Result.RECOVERED);
        assertThat(g.onPacket(0)).isEqualTo(Result.OK);          // duplicate
        assertThat(collect(g, 1100, 100)).containsExactly(65535, 1);
        assertThat(collect(g, 1200, 100)).containsExactly(65535, 1);  // third and last request
        assertThat(g.missingCount()).isZero();
        assertThat(collect(g, 1300, 100)).isEmpty();
    }

    @Test
    void writesStraightIntoAGenericNack() {
        NackGenerator g = new NackGenerator(64, 5);
        g.onPacket(100);
        g.onPacket(103);
        g.onPacket(120);
        int[] lost = new int[64];
        int n = g.collect(lost, 0, 50);
        byte[] out = new byte[64];
        int len = GenericNack.write(out, 0, 1, 2, lost, 0, n);
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(out, 0, len)).isTrue();
        int[] back = new int[64];
        assertThat(Arrays.copyOf(back, nack.lostSequenceNumbers(back))).containsExactly(Arrays.copyOf(lost, n));
        assertThat(n).isEqualTo(2 + 16);
    }

    @Test
    void jumpBeyondTheWindowResets() {
        NackGenerator g = new NackGenerator(16, 5);
        g.onPacket(0);
        g.onPacket(5);
        assertThat(g.missingCount()).isEqualTo(4);
        assertThat(g.onPacket(100)).isEqualTo(Result.RESET);
        assertThat(g.missingCount()).isZero();
        assertThat(g.onPacket(101)).isEqualTo(Result.OK);
        g.clear();
        assertThat(g.onPacket(5000)).isEqualTo(Result.OK);
    }

    @Test
    void randomizedAgainstAModel() {
        Random r = new Random(4585);
        NackGenerator g = new NackGenerator(256, 1000);
        TreeSet<Long> model = new TreeSet<>();
        long ext = 70_000;
        long highest = ext;
        g.onPacket((int) ext);
        int[] dst = new int[256];
        for (int i = 0; i < 20_000; i++) {
            if (r.nextInt(10) == 0 && highest - 30 > 0) {
                long late = highest - 1 - r.nextInt(30);
                g.onPacket((int) (late & 0xFFFF));
                model.remove(late);
            } else {
                long next = highest + 1 + (r.nextInt(8) == 0 ? r.nextInt(6) : 0);
                for (long s = highest + 1; s < next; s++) {
                    model.add(s);
                }
                highest = next;
                g.onPacket((int) (next & 0xFFFF));
                model.headSet(highest - 255).clear();   // out of the window
            }
            assertThat(g.missingCount()).isEqualTo(model.size());
            if (i % 97 == 0) {
                int n = g.collect(dst, i, 0);
                assertThat(n).isEqualTo(model.size());
                int k = 0;
                for (long s : model) {
                    assertThat(dst[k++]).isEqualTo((int) (s & 0xFFFF));
                }
            }
        }
    }
}
