package io.familymeeting.media.core.room;

import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtcp.Fir;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.ReportBlock;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.rtcp.SenderReport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Acts on the RTCP a participant sends (its receive thread): NACKs and keyframe requests of a
 * viewer go to the consumer of that SSRC; sender reports of a presenter feed the receive
 * statistics (LSR/DLSR); receiver reports about our outgoing streams give loss, jitter and RTT.
 * Unknown and malformed messages are skipped. Allocation-free per packet except for the
 * first report about a new SSRC.
 */
final class RtcpReceiver {
    private final Participant owner;
    private final RtcpIterator iterator = new RtcpIterator();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final GenericNack nack = new GenericNack();
    private final Fir fir = new Fir();
    private final int[] lost = new int[512];
    private final Map<Long, long[]> reports = new ConcurrentHashMap<>();
    private volatile double rttMillis = -1;

    RtcpReceiver(Participant owner) {
        this.owner = owner;
    }

    void onRtcp(byte[] buf, int off, int len, long nowMillis) {
        iterator.reset(buf, off, len);
        while (iterator.next()) {
            int p = iterator.offset();
            int n = iterator.length();
            switch (iterator.packetType()) {
                case Rtcp.PT_SR -> {
                    if (sr.wrap(buf, p, n)) {
                        for (Producer producer : owner.producers()) {
                            ReceiveStatistics rs = producer.receiveStatistics();
                            if (rs != null && rs.ssrc() == sr.senderSsrc()) {
                                rs.onSenderReport(sr.ntpMiddle32(), nowMillis * 1000);
                            }
                        }
                        for (int i = 0; i < sr.reportCount(); i++) {
                            onReportBlock(buf, sr.blockOffset(i), nowMillis);
                        }
                    }
                }
                case Rtcp.PT_RR -> {
                    if (rr.wrap(buf, p, n)) {
                        for (int i = 0; i < rr.reportCount(); i++) {
                            onReportBlock(buf, rr.blockOffset(i), nowMillis);
                        }
                    }
                }
                case Rtcp.PT_RTPFB -> {
                    if (iterator.countOrFmt() == Rtcp.FMT_NACK && nack.wrap(buf, p, n)) {
                        Consumer c = consumer(nack.mediaSsrc());
                        if (c != null) {
                            int count = nack.lostSequenceNumbers(lost);
                            c.retransmit(lost, count);
                        }
                    }
                }
                case Rtcp.PT_PSFB -> {
                    if (iterator.countOrFmt() == Rtcp.FMT_PLI && Pli.isPli(buf, p, n)) {
                        Consumer c = consumer(Pli.mediaSsrc(buf, p));
                        if (c != null) {
                            c.onKeyframeRequest(nowMillis);
                        }
                    } else if (iterator.countOrFmt() == Rtcp.FMT_FIR && fir.wrap(buf, p, n)) {
                        for (int i = 0; i < fir.entryCount(); i++) {
                            Consumer c = consumer(fir.entrySsrc(i));
                            if (c != null) {
                                c.onKeyframeRequest(nowMillis);
                            }
                        }
                    }
                }
                default -> {
                    // SDES, BYE, APP, REMB and transport-cc from receivers: nothing to do.
                }
            }
        }
    }

    private void onReportBlock(byte[] b, int block, long nowMillis) {
        long ssrc = ReportBlock.ssrc(b, block);
        Consumer c = consumer(ssrc);
        if (c == null) {
            return;
        }
        long[] r = reports.computeIfAbsent(ssrc, k -> new long[2]);
        r[0] = ReportBlock.cumulativeLost(b, block);
        r[1] = ReportBlock.jitter(b, block);
        long lsr = ReportBlock.lastSr(b, block);
        long dlsr = ReportBlock.delaySinceLastSr(b, block);
        if (lsr != 0) {
            // RFC 3550 §6.4.1: RTT = A - LSR - DLSR, in units of 1/65536 s.
            long a = NtpTime.middle32(NtpTime.now());
            long rtt = (a - lsr - dlsr) & 0xFFFFFFFFL;
            if (rtt < 65536L * 10) {
                rttMillis = rtt * 1000.0 / 65536;
            }
        }
    }

    private Consumer consumer(long ssrc) {
        List<Consumer> consumers = owner.consumers();
        for (int i = 0; i < consumers.size(); i++) {
            if (consumers.get(i).slot().ssrc() == ssrc) {
                return consumers.get(i);
            }
        }
        return null;
    }

    long lostReported(long ssrc) {
        long[] r = reports.get(ssrc);
        return r == null ? 0 : r[0];
    }

    double jitterMillis(long ssrc, int clockRate) {
        long[] r = reports.get(ssrc);
        return r == null ? 0 : r[1] * 1000.0 / clockRate;
    }

    double rttMillis() {
        return rttMillis;
    }
}
