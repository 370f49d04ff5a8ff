package io.familymeeting.media.core.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {

    @Test
    void countsLossAcrossTheSequenceWrapTable() {
        ReceiveStatistics s = new ReceiveStatistics(0xabcL, 90_000);
        // seq, accepted?, extended highest, expected, cumulative lost after the packet
        long[][] rows = {
                {65533, 1, 65533, 1, 0},
                {65534, 1, 65534, 2, 0},
                // 65535 lost
                {0, 1, 65536, 4, 1},        // wrap: cycles = 1
                {2, 1, 65538, 6, 2},        // 1 lost
                {1, 1, 65538, 6, 1},        // 1 arrives late: recovered
                {1, 1, 65538, 6, 0},        // duplicate: counted, lost 0
                {3, 1, 65539, 7, 0},
                {65535, 1, 65539, 7, -1},   // very late 65535: lost goes negative
        };
        for (long[] row : rows) {
            assertThat(s.onPacket((int) row[0], 0, 0)).as("seq %d", row[0]).isEqualTo(row[1] == 1);
            assertThat(s.extendedHighestSeq()).as("seq %d", row[0]).isEqualTo(row[2]);
            assertThat(s.expected()).as("seq %d", row[0]).isEqualTo(row[3]);
            assertThat(s.cumulativeLost()).as("seq %d", row[0]).isEqualTo((int) row[4]);
        }
    }

    @Test
    void fractionLostPerReportInterval() {
        ReceiveStatistics s = new ReceiveStatistics(1, 8000);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 != 3) {                 // lose every 4th packet: 25 of 100
                s.onPacket(seq, seq * 160L, seq * 20_000L);
            }
        }
        byte[] rr = new byte[64];
        ReceiverReport.write(rr, 0, 99);
        assertThat(s.appendReportBlock(rr, 0, rr.length, 2_000_000)).isTrue();
        // expected 99 (0..98; 99 was lost and is not yet known), received 75, lost 24
        assertThat(ReportBlock.fractionLost(rr, 8)).isEqualTo(24 * 256 / 99);
        assertThat(ReportBlock.cumulativeLost(rr, 8)).isEqualTo(24);
        assertThat(ReportBlock.extendedHighestSeq(rr, 8)).isEqualTo(98);
        assertThat(ReportBlock.ssrc(rr, 8)).isEqualTo(1);
        // next interval without loss
        for (int seq = 100; seq < 110; seq++) {
            s.onPacket(seq, seq * 160L, seq * 20_000L);
        }
        assertThat(s.peekFractionLost()).isEqualTo(256 / 11);  // 99 now known lost: 1 of 11
        s.writeReportBlock(rr, 8, 0);
        assertThat(s.peekFractionLost()).isZero();
    }

    @Test
    void jitterFollowsRfc3550A8() {
        ReceiveStatistics s = new ReceiveStatistics(1, 8000);
        // 20 ms packets (160 units); packet 2 arrives 10 ms (80 units) late
        s.onPacket(0, 0, 0);
        s.onPacket(1, 160, 20_000);
        assertThat(s.jitter()).isZero();
        s.onPacket(2, 320, 50_000);   // D = 80: J = 80/16 = 5
        assertThat(s.jitter()).isEqualTo(5);
        s.onPacket(3, 480, 60_000);   // back on time: D = 80 again: J = 5 + (80 - 5)/16
        assertThat(s.jitter()).isEqualTo(9);
        // same timestamp (same frame) arriving later does not count
        s.onPacket(4, 480, 90_000);
        assertThat(s.jitter()).isEqualTo(9);
    }

    @Test
    void lsrAndDlsr() {
        ReceiveStatistics s = new ReceiveStatistics(1, 90_000);
        s.onPacket(10, 0, 0);
        s.onSenderReport(0x4a7f3c80L, 1_000_000);
        byte[] b = new byte[24];
        s.writeReportBlock(b, 0, 2_500_000);
        assertThat(ReportBlock.lastSr(b, 0)).isEqualTo(0x4a7f3c80L);
        assertThat(ReportBlock.delaySinceLastSr(b, 0)).isEqualTo(98_304);   // 1.5 s × 65536
        ReceiveStatistics none = new ReceiveStatistics(2, 90_000);
        none.onPacket(1, 0, 0);
        none.writeReportBlock(b, 0, 5);
        assertThat(ReportBlock.lastSr(b, 0)).isZero();
        assertThat(ReportBlock.delaySinceLastSr(b, 0)).isZero();
    }

    @Test
    void probationAndRestartAsInA1() {
        ReceiveStatistics s = new ReceiveStatistics(1, 90_000, ReceiveStatistics.RFC_MIN_SEQUENTIAL);
        assertThat(s.onPacket(500, 0, 0)).isFalse();
        assertThat(s.isValid()).isFalse();
        assertThat(s.onPacket(501, 0, 0)).isTrue();
        assertThat(s.received()).isEqualTo(1);
        assertThat(s.expected()).isEqualTo(1);
        // a jump of 10000: first packet rejected, sequential second restarts the source
        assertThat(s.onPacket(10_501, 0, 0)).isFalse();
        assertThat(s.onPacket(10_502, 0, 0)).isTrue();
        assertThat(s.received()).isEqualTo(1);
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.extendedHighestSeq()).isEqualTo(10_502);
        // probation broken by a non-sequential packet
        ReceiveStatistics p = new ReceiveStatistics(1, 90_000, 2);
        assertThat(p.onPacket(1, 0, 0)).isFalse();
        assertThat(p.onPacket(5, 0, 0)).isFalse();
        assertThat(p.onPacket(6, 0, 0)).isTrue();
    }
}
