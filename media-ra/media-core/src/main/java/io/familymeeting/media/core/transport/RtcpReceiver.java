package io.familymeeting.media.core.transport;

import io.familymeeting.media.core.bwe.SendSideEstimator;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtcp.Fir;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.ReportBlock;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.rtcp.TransportCcFeedback;

import java.util.List;

/**
 * Acts on the RTCP a participant sends (its receive thread): NACKs and keyframe requests of a
 * viewer go to the consumer of that SSRC; sender reports of a presenter feed the receive
 * statistics (LSR/DLSR); receiver reports about our outgoing streams give each consumer the
 * loss and jitter the viewer sees, and the transport its round-trip time; transport-cc
 * feedback about what we sent feeds the transport's bandwidth estimate. Unknown and
 * malformed messages are skipped. Allocation-free per packet (indexed loops, reused views).
 */
final class RtcpReceiver {
    /** RTT samples above this (in 1/65536 s) are taken for a wrong LSR echo and ignored. */
    private static final long MAX_RTT = 65536L * 10;

    private final TransportOwner owner;
    private final RtcpIterator iterator = new RtcpIterator();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final GenericNack nack = new GenericNack();
    private final Fir fir = new Fir();
    private final TransportCcFeedback transportCc = new TransportCcFeedback();
    private final SendSideEstimator bwe;
    private final int[] lost = new int[512];
    private volatile double rttMillis = -1;

    RtcpReceiver(TransportOwner owner, SendSideEstimator bwe) {
        this.owner = owner;
        this.bwe = bwe;
    }

    /**
     * Acts on each valid packet of the compound; false when the walk ended at a malformed packet
     * (RFC 3550 §6.1: the packets before it were used).
     */
    boolean onRtcp(byte[] buf, int off, int len, long nowMillis) {
        iterator.reset(buf, off, len);
        while (iterator.next()) {
            int p = iterator.offset();
            int n = iterator.length();
            switch (iterator.packetType()) {
                case Rtcp.PT_SR -> onSenderReport(buf, p, n, nowMillis);
                case Rtcp.PT_RR -> {
                    if (rr.wrap(buf, p, n)) {
                        for (int i = 0; i < rr.reportCount(); i++) {
                            onReportBlock(buf, rr.blockOffset(i));
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
                    } else if (iterator.countOrFmt() == Rtcp.FMT_TRANSPORT_CC && transportCc.wrap(buf, p, n)) {
                        bwe.onFeedback(transportCc, System.nanoTime() / 1000);
                    }
                }
                case Rtcp.PT_PSFB -> onPayloadFeedback(buf, p, n, nowMillis);
                default -> {
                    // SDES, BYE, APP, REMB: nothing to do.
                }
            }
        }
        return !iterator.malformed();
    }

    private void onSenderReport(byte[] buf, int p, int n, long nowMillis) {
        if (!sr.wrap(buf, p, n)) {
            return;
        }
        List<Producer> producers = owner.producers();
        for (int i = 0; i < producers.size(); i++) {
            Producer producer = producers.get(i);
            for (int l = 0; l < producer.layerCount(); l++) {
                ReceiveStatistics rs = producer.receiveStatistics(l);
                if (rs != null && rs.ssrc() == sr.senderSsrc()) {
                    rs.onSenderReport(sr.ntpMiddle32(), nowMillis * 1000);
                }
            }
        }
        for (int i = 0; i < sr.reportCount(); i++) {
            onReportBlock(buf, sr.blockOffset(i));
        }
    }

    /** PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1): the viewer wants a keyframe. */
    private void onPayloadFeedback(byte[] buf, int p, int n, long nowMillis) {
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

    private void onReportBlock(byte[] b, int block) {
        Consumer c = consumer(ReportBlock.ssrc(b, block));
        if (c == null) {
            return;
        }
        c.onReceiverReport(ReportBlock.cumulativeLost(b, block), ReportBlock.jitter(b, block));
        long lsr = ReportBlock.lastSr(b, block);
        long dlsr = ReportBlock.delaySinceLastSr(b, block);
        if (lsr != 0) {
            // RFC 3550 §6.4.1: RTT = A - LSR - DLSR, in units of 1/65536 s.
            long a = NtpTime.middle32(NtpTime.now());
            long rtt = (a - lsr - dlsr) & 0xFFFFFFFFL;
            if (rtt < MAX_RTT) {
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

    /** The round-trip time from the last usable report block, or -1 before one. */
    double rttMillis() {
        return rttMillis;
    }
}
