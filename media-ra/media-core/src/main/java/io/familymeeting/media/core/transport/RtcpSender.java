package io.familymeeting.media.core.transport;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtcp.Bye;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.Sdes;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.rtcp.TransportCcBuilder;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.rtp.RtpPacket;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every RTCP message the SFU writes to one participant:
 * <ul>
 *   <li>on its own initiative (timer thread), to a presenter: transport-wide congestion control
 *       feedback every {@link #TRANSPORT_CC_INTERVAL_MILLIS}
 *       (draft-holmer-rmcat-transport-wide-cc-extensions-01), so its bandwidth estimate can
 *       grow, and a receiver report every {@link #REPORT_INTERVAL_MILLIS} (RFC 3550 §6.4.2);
 *       to a viewer: a sender report per outgoing stream every {@link #REPORT_INTERVAL_MILLIS}
 *       (RFC 3550 §6.4.1), for its jitter buffer, lip sync and RTT. Each report is a compound
 *       packet with an SDES CNAME chunk ({@link WebRtcTransport#CNAME}), as RFC 3550 §6.1 asks
 *       of every compound packet;</li>
 *   <li>where they arise ({@link FeedbackSender}, for the producers): PLI and generic NACK to
 *       the publisher, alone (reduced-size RTCP, RFC 5506, which WebRTC peers negotiate);</li>
 *   <li>when the transport closes: RR, SDES and a BYE (RFC 3550 §6.6) for every SSRC the SFU
 *       used towards the participant.</li>
 * </ul>
 * It writes and hands packets to the transport's send side; it protects and sends nothing itself.
 *
 * <p>Its buffers are made when first needed (the transport-cc table, about 50 kB, with the
 * presenter's first packet that carries a transport-wide sequence number), so the transport
 * of a participant that never connects costs little here.
 */
final class RtcpSender implements FeedbackSender {
    static final long TRANSPORT_CC_INTERVAL_MILLIS = 50;
    static final long REPORT_INTERVAL_MILLIS = 1000;
    private static final byte[] CNAME = WebRtcTransport.CNAME.getBytes(StandardCharsets.UTF_8);

    private final TransportOwner owner;
    private final MediaSender transport;
    private final ParticipantRole role;
    /** Our RTCP sender SSRC towards this participant (RFC 3550 §6.4.1). */
    private final long localSsrc;
    /** Packets the transport-cc table holds (a power of two, TransportCcBuilder). */
    private static final int TRANSPORT_CC_PACKETS = 4096;
    /** Largest RTCP compound written. */
    private static final int RTCP_BYTES = 1500;

    /** Guards {@link #transportCc} and {@link #transportCcMediaSsrc}. */
    private final Object transportCcLock = new Object();
    /** Made with the first media packet that has a transport-wide sequence number. */
    private TransportCcBuilder transportCc;
    /** Timer-thread messages; made on the first report. */
    private byte[] out;
    /** Guards {@link #feedback}. */
    private final Object feedbackLock = new Object();
    /** Feedback from any thread (PLI, NACK); made with the first one. */
    private byte[] feedback;
    private final int[] nackScratch = new int[64];
    private final long[] srValues = new long[3];
    private long lastTransportCc;
    private long lastReport;
    private int transportCcId = -2;
    private long transportCcMediaSsrc;

    RtcpSender(TransportOwner owner, MediaSender transport, ParticipantRole role, long localSsrc) {
        this.owner = owner;
        this.transport = transport;
        this.role = role;
        this.localSsrc = localSsrc;
    }

    /** A presenter's media packet arrived (receive thread): note its transport-wide sequence number. */
    void onMediaPacket(RtpPacket packet, long nowMillis) {
        int id = transportCcId;
        if (id == -2) {
            id = findTransportCcId();
            transportCcId = id;
        }
        if (id <= 0) {
            return;
        }
        int at = packet.findExtension(id);
        if (at < 0 || packet.extensionLength(id) < 2) {
            return;
        }
        byte[] b = packet.buffer();
        int seq = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        synchronized (transportCcLock) {
            if (transportCc == null) {
                transportCc = new TransportCcBuilder(TRANSPORT_CC_PACKETS);
            }
            transportCc.add(seq, nowMillis * 1000);
            transportCcMediaSsrc = packet.ssrc();
        }
    }

    private int findTransportCcId() {
        List<Producer> producers = owner.producers();
        for (int i = 0; i < producers.size(); i++) {
            Integer id = producers.get(i).track().extensionIds().get(HeaderExtensions.TRANSPORT_WIDE_CC);
            if (id != null) {
                return id;
            }
        }
        return -1;
    }

    void onTimer(long nowMillis) {
        if (out == null) {
            out = new byte[RTCP_BYTES];
        }
        if (role == ParticipantRole.PRESENTER && nowMillis - lastTransportCc >= TRANSPORT_CC_INTERVAL_MILLIS) {
            lastTransportCc = nowMillis;
            sendTransportCc();
        }
        if (nowMillis - lastReport >= REPORT_INTERVAL_MILLIS) {
            lastReport = nowMillis;
            if (role == ParticipantRole.PRESENTER) {
                sendReceiverReport(nowMillis);
            } else {
                sendSenderReports(nowMillis);
            }
        }
    }

    private void sendTransportCc() {
        while (true) {
            int n;
            synchronized (transportCcLock) {
                if (transportCc == null || !transportCc.hasPending()) {
                    return;
                }
                n = transportCc.write(out, 0, 1200, localSsrc, transportCcMediaSsrc);
            }
            if (n <= 0) {
                return;
            }
            transport.sendRtcp(out, 0, n);
        }
    }

    private void sendReceiverReport(long nowMillis) {
        if (ReceiverReport.write(out, 0, localSsrc) <= 0) {
            return;
        }
        List<Producer> producers = owner.producers();
        for (int i = 0; i < producers.size(); i++) {
            Producer p = producers.get(i);
            for (int l = 0; l < p.layerCount(); l++) { // one report block per simulcast layer
                ReceiveStatistics rs = p.receiveStatistics(l);
                if (rs != null) {
                    rs.appendReportBlock(out, 0, out.length, nowMillis * 1000);
                }
            }
        }
        int n = withCname(out, Rtcp.declaredLength(out, 0), localSsrc);
        transport.sendRtcp(out, 0, n);
    }

    private void sendSenderReports(long nowMillis) {
        long ntp = NtpTime.now();
        List<Consumer> consumers = owner.consumers();
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (c.senderReport(nowMillis, srValues)) {
                long ssrc = c.slot().ssrc();
                int n = SenderReport.write(out, 0, ssrc, ntp, srValues[0], srValues[1], srValues[2]);
                if (n > 0) {
                    transport.sendRtcp(out, 0, withCname(out, n, ssrc));
                }
            }
        }
    }

    /**
     * Appends an SDES packet with the CNAME chunk of {@code ssrc} behind the report at
     * {@code dst[0..length)} (RFC 3550 §6.1, §6.5.1); returns the compound's length.
     */
    private static int withCname(byte[] dst, int length, long ssrc) {
        int n = Sdes.write(dst, length, ssrc, CNAME);
        return n > 0 ? length + n : length;
    }

    // --- FeedbackSender: what this participant's producers ask of the publisher ------------

    @Override
    public void sendPli(long mediaSsrc) {
        synchronized (feedbackLock) {
            byte[] buf = feedbackBuffer();
            int n = Pli.write(buf, 0, localSsrc, mediaSsrc);
            transport.sendRtcp(buf, 0, n);
        }
        owner.onKeyframeRequested(mediaSsrc);
    }

    @Override
    public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        synchronized (feedbackLock) {
            byte[] buf = feedbackBuffer();
            int n = GenericNack.write(buf, 0, localSsrc, mediaSsrc, lostSeqs, 0, count);
            if (n > 0) {
                transport.sendRtcp(buf, 0, n);
            }
        }
    }

    /** Under {@link #feedbackLock}. */
    private byte[] feedbackBuffer() {
        if (feedback == null) {
            feedback = new byte[RTCP_BYTES];
        }
        return feedback;
    }

    @Override
    public int[] nackScratch() {
        return nackScratch;
    }

    // --- Goodbye ----------------------------------------------------------------------------

    /**
     * Writes the compound a closing transport sends (RFC 3550 §6.1, §6.6): an empty receiver
     * report and the CNAME of our RTCP SSRC, then a BYE for it and every stream we sent the
     * participant (media and RTX SSRCs, at most {@link Rtcp#MAX_COUNT}).
     *
     * @return the compound's length, or -1 when {@code dst} is too small
     */
    int writeGoodbye(byte[] dst) {
        long[] ssrcs = new long[Rtcp.MAX_COUNT];
        int count = 0;
        ssrcs[count++] = localSsrc;
        List<Consumer> consumers = owner.consumers();
        for (int i = 0; i < consumers.size() && count < ssrcs.length; i++) {
            ssrcs[count++] = consumers.get(i).slot().ssrc();
            long rtx = consumers.get(i).slot().rtxSsrc();
            if (rtx >= 0 && count < ssrcs.length) {
                ssrcs[count++] = rtx;
            }
        }
        int n = ReceiverReport.write(dst, 0, localSsrc);
        if (n <= 0) {
            return -1;
        }
        n = withCname(dst, n, localSsrc);
        int bye = Bye.write(dst, n, ssrcs, count, null);
        return bye > 0 ? n + bye : -1;
    }
}
