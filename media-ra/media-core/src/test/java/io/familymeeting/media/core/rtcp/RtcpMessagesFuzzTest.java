package io.familymeeting.media.core.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.testutil.FuzzChecks;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.familymeeting.media.core.testutil.Hex.bytes;

/**
 * Coverage-guided fuzzing (Jazzer) of the RTCP readers: {@link RtcpIterator} over a compound
 * packet and every message view on each packet it yields (and on the whole datagram, as the
 * camera's sender-report reader uses it). Each packet is also copied into an array of exactly
 * its declared size, so a view reading past the packet throws. Invariants: the iterator's
 * packets tile the datagram from its start and a malformed one ends the walk; what a view
 * accepts has its blocks, entries and items inside the packet; SR, RR, Generic NACK, PLI, FIR,
 * SDES (CNAME) and BYE written again from what was read read back the same.
 */
class RtcpMessagesFuzzTest {

    static Stream<byte[]> compounds() {
        String[] v = {RtcpVectors.SR, RtcpVectors.RR, RtcpVectors.SDES, RtcpVectors.BYE, RtcpVectors.NACK,
                RtcpVectors.PLI, RtcpVectors.FIR, RtcpVectors.REMB, RtcpVectors.TCC, RtcpVectors.TCC_PADDED};
        return Stream.concat(Stream.of(v).map(s -> bytes(s)),
                Stream.of(bytes(RtcpVectors.SR + RtcpVectors.SDES + RtcpVectors.NACK + RtcpVectors.PLI),
                        bytes(RtcpVectors.RR + RtcpVectors.FIR + RtcpVectors.BYE + RtcpVectors.TCC_PADDED)));
    }

    @MethodSource("compounds")
    @FuzzTest
    void readAndWriteBack(byte[] datagram) {
        RtcpIterator it = new RtcpIterator().reset(datagram, 0, datagram.length);
        int expectedOffset = 0;
        while (it.next()) {
            int off = it.offset();
            int len = it.length();
            FuzzChecks.same("packet offset", expectedOffset, off);
            FuzzChecks.inside(off, len, datagram.length, "packet");
            FuzzChecks.check(len >= Rtcp.HEADER_LENGTH && it.padding() <= len - Rtcp.HEADER_LENGTH, "packet length");
            expectedOffset = off + len;
            readAll(datagram, off, len);
            readAll(Arrays.copyOfRange(datagram, off, off + len), 0, len);
        }
        FuzzChecks.check(it.malformed() || expectedOffset == datagram.length, "walk ended early without malformed");
        readAll(datagram, 0, datagram.length);
    }

    private static void readAll(byte[] b, int off, int len) {
        senderReport(b, off, len);
        receiverReport(b, off, len);
        nack(b, off, len);
        pli(b, off, len);
        fir(b, off, len);
        sdes(b, off, len);
        bye(b, off, len);
    }

    private static void senderReport(byte[] b, int off, int len) {
        SenderReport sr = new SenderReport();
        if (!sr.wrap(b, off, len)) {
            return;
        }
        NtpTime.toMillis(sr.ntpTimestamp());
        byte[] out = new byte[SenderReport.FIXED_LENGTH + Rtcp.MAX_COUNT * ReportBlock.LENGTH];
        SenderReport.write(out, 0, sr.senderSsrc(), sr.ntpTimestamp(), sr.rtpTimestamp(), sr.packetCount(),
                sr.octetCount());
        copyBlocks(b, off, len, sr.reportCount(), sr::blockOffset, out);
        SenderReport again = new SenderReport();
        FuzzChecks.check(again.wrap(out, 0, out.length), "written SR does not read back");
        FuzzChecks.same("SR sender", sr.senderSsrc(), again.senderSsrc());
        FuzzChecks.same("SR NTP", sr.ntpTimestamp(), again.ntpTimestamp());
        FuzzChecks.same("SR middle 32", sr.ntpMiddle32(), again.ntpMiddle32());
        FuzzChecks.same("SR RTP timestamp", sr.rtpTimestamp(), again.rtpTimestamp());
        FuzzChecks.same("SR packets", sr.packetCount(), again.packetCount());
        FuzzChecks.same("SR octets", sr.octetCount(), again.octetCount());
        sameBlocks(b, sr.reportCount(), sr::blockOffset, out, again.reportCount(), again::blockOffset);
    }

    private static void receiverReport(byte[] b, int off, int len) {
        ReceiverReport rr = new ReceiverReport();
        if (!rr.wrap(b, off, len)) {
            return;
        }
        byte[] out = new byte[ReceiverReport.FIXED_LENGTH + Rtcp.MAX_COUNT * ReportBlock.LENGTH];
        ReceiverReport.write(out, 0, rr.senderSsrc());
        copyBlocks(b, off, len, rr.reportCount(), rr::blockOffset, out);
        ReceiverReport again = new ReceiverReport();
        FuzzChecks.check(again.wrap(out, 0, out.length), "written RR does not read back");
        FuzzChecks.same("RR sender", rr.senderSsrc(), again.senderSsrc());
        sameBlocks(b, rr.reportCount(), rr::blockOffset, out, again.reportCount(), again::blockOffset);
    }

    private interface BlockOffsets {
        int of(int index);
    }

    /** Checks each block lies in the packet and appends a copy of it (through the readers and the writer) to {@code out}. */
    private static void copyBlocks(byte[] b, int off, int len, int count, BlockOffsets blocks, byte[] out) {
        for (int i = 0; i < count; i++) {
            int at = blocks.of(i);
            FuzzChecks.inside(at, ReportBlock.LENGTH, off + len, "report block " + i);
            FuzzChecks.check(at >= off, "report block before the packet");
            int w = ReportBlock.append(out, 0, out.length);
            FuzzChecks.check(w > 0, "no room for report block " + i);
            ReportBlock.write(out, w, ReportBlock.ssrc(b, at), ReportBlock.fractionLost(b, at),
                    ReportBlock.cumulativeLost(b, at), ReportBlock.extendedHighestSeq(b, at), ReportBlock.jitter(b, at),
                    ReportBlock.lastSr(b, at), ReportBlock.delaySinceLastSr(b, at));
        }
    }

    private static void sameBlocks(byte[] b, int count, BlockOffsets blocks, byte[] out, int outCount,
                                   BlockOffsets outBlocks) {
        FuzzChecks.same("report blocks", count, outCount);
        for (int i = 0; i < count; i++) {
            FuzzChecks.check(Arrays.equals(b, blocks.of(i), blocks.of(i) + ReportBlock.LENGTH,
                    out, outBlocks.of(i), outBlocks.of(i) + ReportBlock.LENGTH), "report block " + i + " differs");
        }
    }

    private static void nack(byte[] b, int off, int len) {
        GenericNack nack = new GenericNack();
        if (!nack.wrap(b, off, len)) {
            return;
        }
        FuzzChecks.inside(off + Rtcp.FEEDBACK_HEADER_LENGTH, nack.fciCount() * GenericNack.FCI_LENGTH, off + len,
                "NACK FCI");
        int[] lost = new int[nack.lostCount()];
        FuzzChecks.same("lost sequence numbers", lost.length, nack.lostSequenceNumbers(lost));
        byte[] out = new byte[GenericNack.length(lost, 0, lost.length)];
        FuzzChecks.same("NACK length", out.length,
                GenericNack.write(out, 0, nack.senderSsrc(), nack.mediaSsrc(), lost, 0, lost.length));
        GenericNack again = new GenericNack();
        FuzzChecks.check(again.wrap(out, 0, out.length), "written NACK does not read back");
        FuzzChecks.same("NACK media SSRC", nack.mediaSsrc(), again.mediaSsrc());
        int[] lostAgain = new int[again.lostCount()];
        again.lostSequenceNumbers(lostAgain);
        FuzzChecks.same("lost set", Arrays.stream(lost).boxed().distinct().sorted().toList(),
                Arrays.stream(lostAgain).boxed().distinct().sorted().toList());
    }

    private static void pli(byte[] b, int off, int len) {
        if (!Pli.isPli(b, off, len)) {
            return;
        }
        byte[] out = new byte[Pli.LENGTH];
        Pli.write(out, 0, Pli.senderSsrc(b, off), Pli.mediaSsrc(b, off));
        FuzzChecks.check(Pli.isPli(out, 0, out.length), "written PLI does not read back");
        FuzzChecks.same("PLI media SSRC", Pli.mediaSsrc(b, off), Pli.mediaSsrc(out, 0));
    }

    private static void fir(byte[] b, int off, int len) {
        Fir fir = new Fir();
        if (!fir.wrap(b, off, len)) {
            return;
        }
        int n = fir.entryCount();
        long[] ssrcs = new long[n];
        int[] seqNrs = new int[n];
        for (int i = 0; i < n; i++) {
            ssrcs[i] = fir.entrySsrc(i);
            seqNrs[i] = fir.entrySeqNr(i);
        }
        byte[] out = new byte[Rtcp.FEEDBACK_HEADER_LENGTH + n * Fir.FCI_LENGTH];
        FuzzChecks.same("FIR length", out.length, Fir.write(out, 0, fir.senderSsrc(), ssrcs, seqNrs, n));
        Fir again = new Fir();
        FuzzChecks.check(again.wrap(out, 0, out.length), "written FIR does not read back");
        FuzzChecks.same("FIR entries", n, again.entryCount());
        for (int i = 0; i < n; i++) {
            FuzzChecks.same("FIR SSRC " + i, ssrcs[i], again.entrySsrc(i));
            FuzzChecks.same("FIR seq nr " + i, seqNrs[i], again.entrySeqNr(i));
        }
    }

    private static void sdes(byte[] b, int off, int len) {
        if (!Sdes.isValid(b, off, len)) {
            return;
        }
        for (int i = 0; i < Sdes.chunkCount(b, off); i++) {
            Sdes.cname(b, off, len, i);
            FuzzChecks.check(Sdes.chunkSsrc(b, off, len, i) >= 0, "valid SDES without the SSRC of chunk " + i);
        }
        String cname = Sdes.cname(b, off, len, 0);
        byte[] text = cname == null ? null : cname.getBytes(StandardCharsets.UTF_8);
        if (text == null || text.length > 255) {
            return;
        }
        long ssrc = Sdes.chunkSsrc(b, off, len, 0);
        byte[] out = new byte[Rtcp.HEADER_LENGTH + 8 + 256];
        int n = Sdes.write(out, 0, ssrc, text);
        FuzzChecks.same("SDES CNAME", cname, Sdes.cname(out, 0, n, 0));
        FuzzChecks.same("SDES SSRC", ssrc, Sdes.chunkSsrc(out, 0, n, 0));
    }

    private static void bye(byte[] b, int off, int len) {
        Bye bye = new Bye();
        if (!bye.wrap(b, off, len)) {
            return;
        }
        long[] ssrcs = new long[bye.ssrcCount()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = bye.ssrc(i);
        }
        String reason = bye.reason();
        byte[] text = reason == null ? null : reason.getBytes(StandardCharsets.UTF_8);
        if (text != null && text.length > 255) {
            return;
        }
        byte[] out = new byte[Rtcp.HEADER_LENGTH + 4 * ssrcs.length + 260];
        int n = Bye.write(out, 0, ssrcs, ssrcs.length, text);
        Bye again = new Bye();
        FuzzChecks.check(again.wrap(out, 0, n), "written BYE does not read back");
        FuzzChecks.same("BYE SSRCs", ssrcs.length, again.ssrcCount());
        for (int i = 0; i < ssrcs.length; i++) {
            FuzzChecks.same("BYE SSRC " + i, ssrcs[i], again.ssrc(i));
        }
        FuzzChecks.same("BYE reason", reason, again.reason());
    }
}
