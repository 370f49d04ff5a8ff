package io.familymeeting.media.core.room;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.rtcp.TransportCcBuilder;
import io.familymeeting.media.core.rtp.RtpPacket;

/**
 * The RTCP the SFU sends a participant on its own initiative (timer thread):
 * <ul>
 *   <li>to a presenter: transport-wide congestion control feedback every
 *       {@link #TRANSPORT_CC_INTERVAL_MILLIS} (draft-holmer-rmcat-transport-wide-cc-extensions-01),
 *       so its bandwidth estimate can grow, and receiver reports every
 *       {@link #REPORT_INTERVAL_MILLIS} (RFC 3550 §6.4.2);</li>
 *   <li>to a viewer: a sender report per outgoing stream every {@link #REPORT_INTERVAL_MILLIS}
 *       (RFC 3550 §6.4.1), for its jitter buffer, lip sync and RTT.</li>
 * </ul>
 * NACKs and keyframe requests are sent where they arise (producers), not here.
 */
final class RtcpSender {
    static final long TRANSPORT_CC_INTERVAL_MILLIS = 50;
    static final long REPORT_INTERVAL_MILLIS = 1000;
    static final String TRANSPORT_CC_URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    private final Participant owner;
    private final TransportCcBuilder transportCc = new TransportCcBuilder(4096);
    private final byte[] out = new byte[1500];
    private final long[] srValues = new long[3];
    private long lastTransportCc;
    private long lastReport;
    private int transportCcId = -2;
    private long transportCcMediaSsrc;

    RtcpSender(Participant owner) {
        this.owner = owner;
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
        synchronized (transportCc) {
            transportCc.add(seq, nowMillis * 1000);
            transportCcMediaSsrc = packet.ssrc();
        }
    }

    private int findTransportCcId() {
        for (Producer p : owner.producers()) {
            Integer id = p.track().extensionIds().get(TRANSPORT_CC_URI);
            if (id != null) {
                return id;
            }
        }
        return -1;
    }

    void onTimer(long nowMillis) {
        if (owner.role() == ParticipantRole.PRESENTER && nowMillis - lastTransportCc >= TRANSPORT_CC_INTERVAL_MILLIS) {
            lastTransportCc = nowMillis;
            sendTransportCc();
        }
        if (nowMillis - lastReport >= REPORT_INTERVAL_MILLIS) {
            lastReport = nowMillis;
            if (owner.role() == ParticipantRole.PRESENTER) {
                sendReceiverReport(nowMillis);
            } else {
                sendSenderReports(nowMillis);
            }
        }
    }

    private void sendTransportCc() {
        while (true) {
            int n;
            synchronized (transportCc) {
                if (!transportCc.hasPending()) {
                    return;
                }
                n = transportCc.write(out, 0, 1200, owner.localSsrc(), transportCcMediaSsrc);
            }
            if (n <= 0) {
                return;
            }
            owner.sendRtcp(out, 0, n);
        }
    }

    private void sendReceiverReport(long nowMillis) {
        int n = ReceiverReport.write(out, 0, owner.localSsrc());
        if (n <= 0) {
            return;
        }
        for (Producer p : owner.producers()) {
            ReceiveStatistics rs = p.receiveStatistics();
            if (rs != null) {
                rs.appendReportBlock(out, 0, out.length, nowMillis * 1000);
            }
        }
        owner.sendRtcp(out, 0, Rtcp.declaredLength(out, 0));
    }

    private void sendSenderReports(long nowMillis) {
        long ntp = NtpTime.now();
        for (Consumer c : owner.consumers()) {
            if (c.senderReport(nowMillis, srValues)) {
                int n = SenderReport.write(out, 0, c.slot().ssrc(), ntp, srValues[0], srValues[1], srValues[2]);
                if (n > 0) {
                    owner.sendRtcp(out, 0, n);
                }
            }
        }
    }
}
