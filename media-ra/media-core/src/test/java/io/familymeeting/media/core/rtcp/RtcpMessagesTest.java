package io.familymeeting.media.core.rtcp;

import io.familymeeting.media.core.testutil.Hex;
import static io.familymeeting.media.core.testutil.Hex.bytes;
import static io.familymeeting.media.core.testutil.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parse → check → serialize → compare for every message, on the vectors of {@link RtcpVectors}. */
class RtcpMessagesTest {

    private static String hexOf(String annotated) {
        byte[] b = bytes(annotated);
        return hex(b, 0, b.length);
    }

    @Test
    void senderReport() {
        byte[] b = bytes(RtcpVectors.SR);
        SenderReport sr = new SenderReport();
        assertThat(sr.wrap(b, 0, b.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0x12345678L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xe94a7f3c80000000L);
        assertThat(sr.ntpMiddle32()).isEqualTo(0x7f3c8000L);
        assertThat(sr.rtpTimestamp()).isEqualTo(90000);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(100000);
        assertThat(sr.reportCount()).isEqualTo(1);
        assertThat(sr.length()).isEqualTo(52);
        int blk = sr.blockOffset(0);
        assertThat(ReportBlock.ssrc(b, blk)).isEqualTo(0xcafebabeL);
        assertThat(ReportBlock.fractionLost(b, blk)).isEqualTo(10);
        assertThat(ReportBlock.cumulativeLost(b, blk)).isEqualTo(-2);
        assertThat(ReportBlock.extendedHighestSeq(b, blk)).isEqualTo(65541);
        assertThat(ReportBlock.jitter(b, blk)).isEqualTo(32);
        assertThat(ReportBlock.lastSr(b, blk)).isEqualTo(0x4a7f3c80L);
        assertThat(ReportBlock.delaySinceLastSr(b, blk)).isEqualTo(98304);

        byte[] out = new byte[52];
        assertThat(SenderReport.write(out, 0, 0x12345678L, 0xe94a7f3c80000000L, 90000, 100, 100000)).isEqualTo(28);
        int at = ReportBlock.append(out, 0, out.length);
        assertThat(at).isEqualTo(28);
        ReportBlock.write(out, at, 0xcafebabeL, 10, -2, 65541, 32, 0x4a7f3c80L, 98304);
        assertThat(hex(out, 0, 52)).isEqualTo(hexOf(RtcpVectors.SR));
        assertThat(ReportBlock.append(out, 0, out.length)).as("no room").isEqualTo(-1);
    }

    @Test
    void receiverReport() {
        byte[] b = bytes(RtcpVectors.RR);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(b, 0, b.length)).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(1);
        assertThat(rr.reportCount()).isEqualTo(1);
        int blk = rr.blockOffset(0);
        assertThat(ReportBlock.ssrc(b, blk)).isEqualTo(0x12345678L);
        assertThat(ReportBlock.cumulativeLost(b, blk)).isEqualTo(7);
        assertThat(ReportBlock.extendedHighestSeq(b, blk)).isEqualTo(65535);
        assertThat(ReportBlock.jitter(b, blk)).isEqualTo(256);

        byte[] out = new byte[64];
        assertThat(ReceiverReport.write(out, 0, 1)).isEqualTo(8);
        int at = ReportBlock.append(out, 0, out.length);
        ReportBlock.write(out, at, 0x12345678L, 0, 7, 65535, 256, 0, 0);
        assertThat(hex(out, 0, rr.length())).isEqualTo(hexOf(RtcpVectors.RR));
    }

    @Test
    void reportBlockClampsCumulativeLostAndAppendStopsAt31() {
        byte[] out = new byte[8 + 32 * 24];
        ReceiverReport.write(out, 0, 1);
        for (int i = 0; i < 31; i++) {
            int at = ReportBlock.append(out, 0, out.length);
            assertThat(at).isEqualTo(8 + 24 * i);
            ReportBlock.write(out, at, i, 0, i % 2 == 0 ? 10_000_000 : -10_000_000, 0, 0, 0, 0);
        }
        assertThat(ReportBlock.append(out, 0, out.length)).isEqualTo(-1);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(out, 0, 8 + 31 * 24)).isTrue();
        assertThat(rr.reportCount()).isEqualTo(31);
        assertThat(ReportBlock.cumulativeLost(out, rr.blockOffset(0))).isEqualTo(0x7FFFFF);
        assertThat(ReportBlock.cumulativeLost(out, rr.blockOffset(1))).isEqualTo(-0x800000);
        assertThat(ReportBlock.ssrc(out, rr.blockOffset(30))).isEqualTo(30);
    }

    @Test
    void sdes() {
        byte[] b = bytes(RtcpVectors.SDES);
        assertThat(Sdes.isValid(b, 0, b.length)).isTrue();
        assertThat(Sdes.chunkCount(b, 0)).isEqualTo(1);
        assertThat(Sdes.chunkSsrc(b, 0, b.length, 0)).isEqualTo(0x12345678L);
        assertThat(Sdes.cname(b, 0, b.length, 0)).isEqualTo("abcd");
        assertThat(Sdes.cname(b, 0, b.length, 1)).isNull();
        byte[] out = new byte[32];
        assertThat(Sdes.write(out, 0, 0x12345678L, "abcd".getBytes(StandardCharsets.UTF_8))).isEqualTo(16);
        assertThat(hex(out, 0, 16)).isEqualTo(hexOf(RtcpVectors.SDES));
        // every CNAME length gets at least one END octet and a 32-bit boundary
        for (int n = 0; n <= 255; n++) {
            byte[] big = new byte[300];
            byte[] cname = new byte[n];
            java.util.Arrays.fill(cname, (byte) 'x');
            int len = Sdes.write(big, 0, 9, cname);
            assertThat(len % 4).isZero();
            assertThat(Sdes.isValid(big, 0, len)).isTrue();
            assertThat(Sdes.cname(big, 0, len, 0)).hasSize(n);
        }
    }

    @Test
    void sdesWithTwoChunksAndOtherItems() {
        byte[] b = bytes("""
                82 ca 00 06   # SC=2, length 6 -> 28 bytes
                00 00 00 01   # chunk 1 SSRC
                06 02 68 69   #   TOOL "hi"
                01 01 7a 00   #   CNAME "z", END
                00 00 00 02   # chunk 2 SSRC
                01 02 71 71   #   CNAME "qq"
                00 00 00 00   #   END + pad
                """);
        assertThat(Sdes.isValid(b, 0, b.length)).isTrue();
        assertThat(Sdes.cname(b, 0, b.length, 0)).isEqualTo("z");
        assertThat(Sdes.cname(b, 0, b.length, 1)).isEqualTo("qq");
        assertThat(Sdes.chunkSsrc(b, 0, b.length, 1)).isEqualTo(2);
        b[9] = 40; // TOOL length runs past the packet
        assertThat(Sdes.isValid(b, 0, b.length)).isFalse();
    }

    @Test
    void bye() {
        byte[] b = bytes(RtcpVectors.BYE);
        Bye bye = new Bye();
        assertThat(bye.wrap(b, 0, b.length)).isTrue();
        assertThat(bye.ssrcCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(0x12345678L);
        assertThat(bye.reason()).isEqualTo("bye");
        byte[] out = new byte[12];
        assertThat(Bye.write(out, 0, new long[] {0x12345678L}, 1, "bye".getBytes(StandardCharsets.UTF_8))).isEqualTo(12);
        assertThat(hex(out, 0, 12)).isEqualTo(hexOf(RtcpVectors.BYE));
        assertThat(Bye.write(out, 0, new long[] {1, 2}, 2, null)).isEqualTo(12);
        assertThat(bye.wrap(out, 0, 12)).isTrue();
        assertThat(bye.reason()).isNull();
        assertThat(bye.ssrc(1)).isEqualTo(2);
    }

    @Test
    void genericNack() {
        byte[] b = bytes(RtcpVectors.NACK);
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(b, 0, b.length)).isTrue();
        assertThat(nack.senderSsrc()).isEqualTo(1);
        assertThat(nack.mediaSsrc()).isEqualTo(0xcafebabeL);
        assertThat(nack.fciCount()).isEqualTo(2);
        assertThat(nack.pid(0)).isEqualTo(65534);
        assertThat(nack.blp(0)).isEqualTo(0x8001);
        assertThat(nack.lostCount()).isEqualTo(4);
        int[] lost = new int[10];
        assertThat(nack.lostSequenceNumbers(lost)).isEqualTo(4);
        assertThat(java.util.Arrays.copyOf(lost, 4)).containsExactly(65534, 65535, 14, 20);
        int[] small = new int[3];
        assertThat(nack.lostSequenceNumbers(small)).isEqualTo(3);

        byte[] out = new byte[32];
        int[] seqs = {65534, 65535, 65535, 14, 20};
        assertThat(GenericNack.write(out, 0, 1, 0xcafebabeL, seqs, 0, seqs.length)).isEqualTo(20);
        assertThat(hex(out, 0, 20)).isEqualTo(hexOf(RtcpVectors.NACK));
        assertThat(GenericNack.write(out, 0, 1, 2, seqs, 0, 0)).isEqualTo(-1);
        assertThat(GenericNack.write(new byte[19], 0, 1, 2, seqs, 0, seqs.length)).isEqualTo(-1);
    }

    @Test
    void genericNackRoundTripOfManySequences() {
        java.util.Random r = new java.util.Random(4585);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(60);
            int[] seqs = new int[n];
            int s = r.nextInt(65536);
            for (int i = 0; i < n; i++) {
                s = (s + 1 + (r.nextInt(4) == 0 ? r.nextInt(40) : 0)) & 0xFFFF;
                seqs[i] = s;
            }
            byte[] out = new byte[12 + 4 * n];
            int len = GenericNack.write(out, 0, 1, 2, seqs, 0, n);
            GenericNack nack = new GenericNack();
            assertThat(nack.wrap(out, 0, len)).isTrue();
            int[] back = new int[n];
            assertThat(nack.lostSequenceNumbers(back)).isEqualTo(n);
            assertThat(back).containsExactly(seqs);
        }
    }

    @Test
    void pli() {
        byte[] b = bytes(RtcpVectors.PLI);
        assertThat(Pli.isPli(b, 0, b.length)).isTrue();
        assertThat(Pli.senderSsrc(b, 0)).isEqualTo(1);
        assertThat(Pli.mediaSsrc(b, 0)).isEqualTo(0xcafebabeL);
        byte[] out = new byte[12];
        assertThat(Pli.write(out, 0, 1, 0xcafebabeL)).isEqualTo(12);
        assertThat(hex(out, 0, 12)).isEqualTo(hexOf(RtcpVectors.PLI));
        assertThat(Pli.isPli(bytes(RtcpVectors.FIR), 0, 20)).isFalse();
    }

    @Test
    void fir() {
        byte[] b = bytes(RtcpVectors.FIR);
        Fir fir = new Fir();
        assertThat(fir.wrap(b, 0, b.length)).isTrue();
        assertThat(fir.senderSsrc()).isEqualTo(1);
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.entrySsrc(0)).isEqualTo(0xcafebabeL);
        assertThat(fir.entrySeqNr(0)).isEqualTo(5);
        byte[] out = new byte[20];
        assertThat(Fir.write(out, 0, 1, 0xcafebabeL, 5)).isEqualTo(20);
        assertThat(hex(out, 0, 20)).isEqualTo(hexOf(RtcpVectors.FIR));
        byte[] two = new byte[28];
        assertThat(Fir.write(two, 0, 1, new long[] {7, 8}, new int[] {255, 1}, 2)).isEqualTo(28);
        assertThat(fir.wrap(two, 0, 28)).isTrue();
        assertThat(fir.entryCount()).isEqualTo(2);
        assertThat(fir.entrySsrc(1)).isEqualTo(8);
        assertThat(fir.entrySeqNr(0)).isEqualTo(255);
    }
}
