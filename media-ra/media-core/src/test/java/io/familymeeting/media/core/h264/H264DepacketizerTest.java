package io.familymeeting.media.core.h264;

import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6184 payloads (§5.6 single NAL unit, §5.7.1 STAP-A, §5.8 FU-A) to NAL units. */
class H264DepacketizerTest {
    record Unit(String hex, long ts, boolean last) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final H264Depacketizer d = new H264Depacketizer(
            (b, off, len, ts, last) -> units.add(new Unit(Hex.hex(b, off, len), ts, last)));

    private void feed(int seq, long ts, boolean marker, String annotated) {
        byte[] p = Hex.bytes(annotated);
        d.onPayload(seq, ts, marker, p, 0, p.length);
    }

    @Test
    void singleNalUnitPassesThrough() {
        feed(1, 3000, true, "65 88 84 00  # IDR slice, NRI 3");
        assertThat(units).containsExactly(new Unit("65888400", 3000, true));
    }

    @Test
    void stapASplitsIntoItsUnitsAndOnlyTheLastCarriesTheMarker() {
        feed(1, 90, true, """
                78              # STAP-A, NRI 3
                00 04 67 42 c0 1f   # SPS
                00 02 68 ce     # PPS
                """);
        assertThat(units).containsExactly(new Unit("6742c01f", 90, false), new Unit("68ce", 90, true));
    }

    @Test
    void truncatedStapADeliversNothing() {
        feed(1, 90, false, "78 00 04 67 42 c0 1f 00 09 68 ce   # second size runs past the end");
        feed(2, 90, false, "78 00 04 67 42 c0 1f 00   # half a size field");
        feed(3, 90, false, "78 00 00   # zero size");
        assertThat(units).isEmpty();
        assertThat(d.dropped()).isEqualTo(3);
    }

    @Test
    void fuAIsReassembledWithTheOriginalHeader() {
        feed(10, 7, false, "7c 85 01 02   # FU indicator NRI 3, S=1 type 5");
        feed(11, 7, false, "7c 05 03 04   # middle");
        feed(12, 7, true, "7c 45 05     # E=1");
        assertThat(units).containsExactly(new Unit("650102030405", 7, true));
    }

    @Test
    void fuAWithALostFragmentIsDropped() {
        feed(10, 7, false, "7c 85 01 02");
        feed(12, 7, true, "7c 45 05   # 11 is missing");
        feed(13, 8, true, "41 9a   # the next picture still goes through");
        assertThat(units).containsExactly(new Unit("419a", 8, true));
    }

    @Test
    void fuAWithoutStartOrInterruptedIsDropped() {
        feed(1, 7, true, "7c 45 05   # end without start");
        feed(2, 8, false, "7c 85 01");
        feed(3, 8, true, "41 9a   # a single NAL unit interrupts it");
        feed(4, 8, true, "7c 45 05   # the end has nothing to end");
        assertThat(units).containsExactly(new Unit("419a", 8, true));
    }

    @Test
    void interleavedModeAndForbiddenBitAreDropped() {
        feed(1, 1, true, "79 00 00 00 02 41 9a   # STAP-B");
        feed(2, 1, true, "9d 85 00 00 01   # FU-B");
        feed(3, 1, true, "c1 9a   # forbidden_zero_bit set");
        feed(4, 1, true, "");
        assertThat(units).isEmpty();
    }

    /**
     * Fuzzing finding (H264DepacketizerFuzzTest): aggregates and fragments may only carry plain
     * NAL units (types 1 to 23, F bit 0); anything else would be sent on to viewers as a single
     * NAL unit packet whose header says STAP-A, MTAP or FU-A.
     */
    @Test
    void aggregatesAndFragmentsOfOtherThanPlainNalUnitsAreDropped() {
        feed(1, 90, false, """
                78                  # STAP-A
                00 04 67 42 c0 1f   # SPS
                00 04 7a 42 c0 1f   # type 26 (MTAP16) inside: the whole aggregate goes
                """);
        feed(2, 90, false, "78 00 03 78 00 01   # STAP-A inside a STAP-A");
        feed(3, 90, false, "78 00 02 e5 88   # F bit set on an aggregated unit");
        feed(4, 90, true, "7c dc 01 02   # FU-A, S=1 E=1, type 28");
        feed(5, 90, true, "7c c0 01 02   # FU-A, S=1 E=1, type 0");
        assertThat(units).isEmpty();
        assertThat(d.dropped()).isEqualTo(5);
        feed(6, 90, true, "7c c5 01 02   # FU-A, S=1 E=1, IDR: still fine");
        assertThat(units).containsExactly(new Unit("650102", 90, true));
    }

    @Test
    void oversizedFragmentedUnitIsDroppedAndTheNextOneWorks() {
        byte[] chunk = new byte[60_000];
        chunk[0] = 0x7c;
        chunk[1] = (byte) 0x85;
        d.onPayload(0, 1, false, chunk, 0, chunk.length);
        chunk[1] = 0x05;
        int seq = 1;
        for (int i = 0; i < H264Depacketizer.MAX_NAL_SIZE / chunk.length + 1; i++) {
            d.onPayload(seq++, 1, false, chunk, 0, chunk.length);
        }
        chunk[1] = 0x45;
        d.onPayload(seq++, 1, true, chunk, 0, chunk.length);
        assertThat(units).isEmpty();
        feed(seq, 2, true, "41 9a");
        assertThat(units).containsExactly(new Unit("419a", 2, true));
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(6184);
        for (int i = 0; i < 20_000; i++) {
            byte[] p = new byte[r.nextInt(40)];
            r.nextBytes(p);
            d.onPayload(r.nextInt(4), r.nextInt(3), r.nextBoolean(), p, 0, p.length);
        }
        for (Unit u : units) {
            assertThat(u.hex()).isNotEmpty();
        }
    }

    @Test
    void packetizerOutputRoundTripsThroughTheDepacketizer() {
        byte[] nal = new byte[5000];
        new Random(1).nextBytes(nal);
        nal[0] = 0x65;
        List<byte[]> packets = new ArrayList<>();
        H264Packetizer p = new H264Packetizer(102, 0x1234, 1200, 65530);
        p.packetize(nal, 0, nal.length, 900, true, (b, off, len) -> packets.add(Arrays.copyOfRange(b, off, off + len)));
        assertThat(packets).hasSize(5).allSatisfy(pk -> assertThat(pk.length).isLessThanOrEqualTo(12 + 1200));
        io.familymeeting.media.core.rtp.RtpPacket view = new io.familymeeting.media.core.rtp.RtpPacket();
        for (int i = 0; i < packets.size(); i++) {
            assertThat(view.wrap(packets.get(i), 0, packets.get(i).length)).isTrue();
            assertThat(view.sequenceNumber()).isEqualTo((65530 + i) & 0xFFFF);
            assertThat(view.marker()).isEqualTo(i == packets.size() - 1);
            assertThat(view.payloadType()).isEqualTo(102);
            assertThat(view.ssrc()).isEqualTo(0x1234);
            d.onPacket(view);
        }
        assertThat(units).hasSize(1);
        assertThat(units.get(0).hex()).isEqualTo(Hex.hex(nal, 0, nal.length));
        assertThat(units.get(0).last()).isTrue();
    }
}
