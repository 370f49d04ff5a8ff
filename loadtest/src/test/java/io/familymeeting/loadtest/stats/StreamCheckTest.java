package io.familymeeting.loadtest.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamCheckTest {
    @Test
    void countsLossDuplicatesAndReorderingAcrossTheWrap() {
        StreamCheck s = new StreamCheck(1, true);
        int[] seqs = {65533, 65534, 0, 65535, 1, 1, 4, 5};
        for (int seq : seqs) {
            s.onPacket(seq, 0, 0);
        }
        assertThat(s.expected()).isEqualTo(9);          // 65533 .. 5
        assertThat(s.unique()).isEqualTo(7);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.reordered()).isEqualTo(1);         // 65535 after 0
        assertThat(s.expected() - s.unique()).isEqualTo(2); // 2 and 3
        assertThat(s.nacks.missingCount()).isEqualTo(2);
    }

    @Test
    void offsetsAreFixedByTwoDecryptedPacketsThatAgree() {
        StreamCheck s = new StreamCheck(1, false);
        s.learn(1000, 5000, 10, 100);
        assertThat(s.mapped()).isFalse();
        s.learn(1001, 5960, 11, 1060);
        assertThat(s.mapped()).isTrue();
        assertThat(s.originalSeq(1002)).isEqualTo(12);
        assertThat(s.originalTimestamp(6920)).isEqualTo(2020);
    }
}
