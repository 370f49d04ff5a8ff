package io.familymeeting.media.core.rtcp;

import io.familymeeting.media.core.testutil.Hex;
import static io.familymeeting.media.core.testutil.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpIteratorTest {

    private final RtcpIterator it = new RtcpIterator();

    @Test
    void walksACompoundPacket() {
        byte[] b = bytes(RtcpVectors.SR + RtcpVectors.SDES + RtcpVectors.PLI + RtcpVectors.TCC_PADDED);
        byte[] framed = new byte[b.length + 6];
        System.arraycopy(b, 0, framed, 3, b.length);
        it.reset(framed, 3, b.length);
        int[][] expected = {
                // type, count/fmt, offset, length, padding
                {200, 1, 3, 52, 0},
                {202, 1, 55, 16, 0},
                {206, 1, 71, 12, 0},
                {205, 15, 83, 28, 3},
        };
        for (int[] row : expected) {
            assertThat(it.next()).isTrue();
            assertThat(new int[] {it.packetType(), it.countOrFmt(), it.offset(), it.length(), it.padding()})
                    .containsExactly(row);
        }
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isFalse();
    }

    @Test
    void stopsAtBadLengthAfterTheValidPrefix() {
        byte[] b = bytes(RtcpVectors.PLI + RtcpVectors.NACK);
        b[12 + 3] = 5; // NACK claims 24 bytes, only 20 remain
        it.reset(b, 0, b.length);
        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(206);
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isTrue();
        assertThat(it.next()).isFalse();
    }

    @Test
    void rejectsTable() {
        String[][] rows = {
                {"81 c9 00", "shorter than a header"},
                {"41 c9 00 01 00 00 00 01", "version 1"},
                {"81 c9 00 02 00 00 00 01", "length past the end"},
                {"a1 c9 00 01 00 00 00 00", "padding count 0"},
                {"a1 c9 00 01 00 00 00 05", "padding longer than the body"},
                {"81 ce 00 02 00 00 00 01 ca fe ba be 00", "trailing byte"},
        };
        for (String[] row : rows) {
            byte[] b = bytes(row[0]);
            it.reset(b, 0, b.length);
            while (it.next()) {
                // skip valid ones
            }
            assertThat(it.malformed()).as(row[1]).isTrue();
        }
        it.reset(new byte[4], 2, 4);
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isTrue();
    }

    @Test
    void emptyInputIsNotMalformed() {
        it.reset(new byte[0], 0, 0);
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isFalse();
    }

    @Test
    void fuzzPacketsStayInBounds() {
        Random r = new Random(3550);
        byte[] seed = bytes(RtcpVectors.SR + RtcpVectors.NACK + RtcpVectors.REMB);
        for (int i = 0; i < 100_000; i++) {
            byte[] b;
            if (r.nextBoolean()) {
                b = seed.clone();
                for (int k = r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            } else {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
            int len = r.nextInt(b.length + 1);
            it.reset(b, 0, len);
            int end = 0;
            while (it.next()) {
                assertThat(it.offset()).isEqualTo(end);
                assertThat(it.length()).isGreaterThanOrEqualTo(4);
                end = it.offset() + it.length();
                assertThat(end).isLessThanOrEqualTo(len);
            }
        }
    }
}
