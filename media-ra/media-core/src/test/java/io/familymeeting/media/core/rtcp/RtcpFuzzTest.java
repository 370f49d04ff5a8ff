package io.familymeeting.media.core.rtcp;

import io.familymeeting.media.core.testutil.Hex;
import static io.familymeeting.media.core.testutil.Hex.bytes;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every RTCP parser on mutated and truncated copies of the vectors and on random bytes: wrap
 * answers false or the accessors stay within the packet (an out-of-bounds read would throw).
 */
class RtcpFuzzTest {

    private static final String[] SEEDS = {
            RtcpVectors.SR, RtcpVectors.RR, RtcpVectors.SDES, RtcpVectors.BYE, RtcpVectors.NACK,
            RtcpVectors.PLI, RtcpVectors.FIR, RtcpVectors.REMB, RtcpVectors.TCC, RtcpVectors.TCC_PADDED,
    };

    @Test
    void parsersNeverThrowOnGarbage() {
        Random r = new Random(4585_5104L);
        byte[][] seeds = new byte[SEEDS.length][];
        for (int i = 0; i < SEEDS.length; i++) {
            seeds[i] = bytes(SEEDS[i]);
        }
        SenderReport sr = new SenderReport();
        ReceiverReport rr = new ReceiverReport();
        Bye bye = new Bye();
        GenericNack nack = new GenericNack();
        Fir fir = new Fir();
        TransportCcFeedback tcc = new TransportCcFeedback();
        int[] ints = new int[1024];
        long[] longs = new long[1024];
        for (int i = 0; i < 300_000; i++) {
            byte[] b;
            if (i % 3 != 0) {
                b = seeds[r.nextInt(seeds.length)].clone();
                for (int k = r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            } else {
                b = new byte[r.nextInt(80)];
                r.nextBytes(b);
                if (b.length > 1) {
                    b[0] = (byte) (0x80 | (b[0] & 0x3F));
                    b[1] = (byte) (200 + r.nextInt(7));
                }
            }
            int len = r.nextInt(b.length + 1);
            if (sr.wrap(b, 0, len)) {
                sr.ntpTimestamp();
                sr.octetCount();
                for (int k = 0; k < sr.reportCount(); k++) {
                    ReportBlock.delaySinceLastSr(b, sr.blockOffset(k));
                }
            }
            if (rr.wrap(b, 0, len)) {
                for (int k = 0; k < rr.reportCount(); k++) {
                    ReportBlock.delaySinceLastSr(b, rr.blockOffset(k));
                }
            }
            if (Sdes.isValid(b, 0, len)) {
                for (int k = 0; k < Sdes.chunkCount(b, 0); k++) {
                    Sdes.cname(b, 0, len, k);
                    Sdes.chunkSsrc(b, 0, len, k);
                }
            }
            if (bye.wrap(b, 0, len)) {
                for (int k = 0; k < bye.ssrcCount(); k++) {
                    bye.ssrc(k);
                }
                bye.reason();
            }
            if (nack.wrap(b, 0, len)) {
                nack.lostSequenceNumbers(ints);
            }
            if (Pli.isPli(b, 0, len)) {
                Pli.mediaSsrc(b, 0);
            }
            if (fir.wrap(b, 0, len)) {
                for (int k = 0; k < fir.entryCount(); k++) {
                    fir.entrySeqNr(k);
                }
            }
            if (tcc.wrap(b, 0, len)) {
                tcc.decode(ints, longs);
            }
        }
    }
}
