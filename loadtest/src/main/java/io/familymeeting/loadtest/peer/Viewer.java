package io.familymeeting.loadtest.peer;

import static io.familymeeting.media.core.util.Bytes.u16;
import static io.familymeeting.media.core.util.Bytes.u32;

import io.familymeeting.loadtest.media.PayloadHash;
import io.familymeeting.loadtest.net.Reactor;
import io.familymeeting.loadtest.signaling.Signaling;
import io.familymeeting.loadtest.stats.DelayRecorder;
import io.familymeeting.loadtest.stats.SendLog;
import io.familymeeting.loadtest.stats.StreamCheck;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.TransportCcBuilder;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A receiving client that never decodes and never decrypts media: it reads each packet's clear
 * RTP header, checks every stream's continuity ({@link StreamCheck}), measures the added delay
 * against the presenter's {@link SendLog} (after learning the SFU's sequence and timestamp
 * offsets from a few decrypted packets per stream), and sends what a browser sends: transport-cc
 * feedback and NACKs every {@link #FEEDBACK_INTERVAL_NANOS}, a receiver report every second.
 * It offers recvonly (our server) or answers the server's offer (Janus).
 */
public final class Viewer extends Peer implements Signaling.OfferAnswer {
    private static final long FEEDBACK_INTERVAL_NANOS = 50_000_000L;
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** Wait between two NACKs for one number: libwebrtc's round trip before it has measured one (100 ms). */
    private static final long NACK_RTT_MILLIS = 100;
    private static final int MAX_STREAMS = 8;

    private final Presenter source;
    private final DelayRecorder delays;
    private final long senderSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final StreamCheck[] streams = new StreamCheck[MAX_STREAMS];
    private volatile int streamCount;
    private final TransportCcBuilder transportCc = new TransportCcBuilder(4096);
    private final byte[] scratch = new byte[2048];
    private final int[] lost = new int[512];
    private int audioPt = -1;
    private int videoPt = -1;
    private int transportCcId;
    private long nextFeedbackNanos;
    private long nextReportNanos;
    private volatile long foreignPackets;
    private volatile long nacksSent;
    private volatile long feedbackSent;

    /**
     * @param source the room's presenter, whose send log gives the delay
     * @param delays the recorder of this viewer's reactor thread
     */
    public Viewer(String id, PeerContext context, Reactor reactor, Presenter source, DelayRecorder delays) {
        super(id, context, reactor);
        this.source = source;
        this.delays = delays;
    }

    @Override
    public String createOffer() {
        return LocalDescriptions.offer(localIce(), false, 0, 0, id);
    }

    @Override
    public void setAnswer(String answer) {
        RemoteDescription d = RemoteDescription.parse(answer);
        learnFormats(d);
        start(d, true);
    }

    @Override
    public String answer(String offer) {
        RemoteDescription d = RemoteDescription.parse(offer);
        learnFormats(d);
        String answer = LocalDescriptions.answer(localIce(), d);
        start(d, false);
        return answer;
    }

    private void learnFormats(RemoteDescription d) {
        for (RemoteDescription.Section s : d.sections) {
            if (s.kind.equals("audio") && audioPt < 0) {
                audioPt = s.payloadType("opus");
            } else if (s.kind.equals("video") && videoPt < 0) {
                videoPt = s.payloadType("VP8");
            }
            if (transportCcId == 0) {
                transportCcId = s.extensionId(HeaderExtensions.TRANSPORT_WIDE_CC);
            }
        }
    }

    @Override
    protected void onRtp(byte[] buf, int len, long nowNanos) {
        int header = 12 + 4 * (buf[0] & 0x0F);
        if ((buf[0] & 0x10) != 0 && header + 4 <= len) {
            int extLength = 4 * u16(buf, header + 2);
            if (transportCcId > 0 && u16(buf, header) == 0xBEDE) {
                readTransportSeq(buf, header + 4, Math.min(len, header + 4 + extLength), nowNanos);
            }
            header += 4 + extLength;
        }
        int pt = buf[1] & 0x7F;
        StreamCheck s = stream(u32(buf, 8), pt);
        if (s == null) {
            foreignPackets++;
            return;
        }
        int seq = u16(buf, 2);
        long ts = u32(buf, 4);
        if (!s.onPacket(seq, ts, nowNanos)) {
            return;
        }
        SendLog log = source.log(s.video);
        if (s.mapped()) {
            long sent = log.sendNanos(s.originalSeq(seq), s.originalTimestamp(ts));
            s.matched(sent > 0);
            if (sent > 0) {
                delays.record(s.video, (nowNanos - sent) / 1000);
            }
        } else if (s.wantsToLearn() && header < len) {
            learn(s, log, buf, len, header, seq, ts);
        }
    }

    /** RFC 8285 §4.2: finds the transport-wide sequence number among one-byte elements. */
    private void readTransportSeq(byte[] buf, int pos, int end, long nowNanos) {
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            int extId = b >>> 4;
            int length = (b & 0x0F) + 1;
            if (extId == 15 || pos + 1 + length > end) {
                return;
            }
            if (extId == transportCcId && length == 2) {
                transportCc.add(u16(buf, pos + 1), nowNanos / 1000);
                return;
            }
            pos += 1 + length;
        }
    }

    /** Decrypts a copy of the packet and looks its payload up in the presenter's log. */
    private void learn(StreamCheck s, SendLog log, byte[] buf, int len, int header, int seq, long ts) {
        System.arraycopy(buf, 0, scratch, 0, len);
        int n = srtp.unprotectRtp(scratch, 0, len);
        if (n <= header) {
            s.learn(seq, ts, -1, 0);
            return;
        }
        if ((scratch[0] & 0x20) != 0) { // RFC 3550 §5.1: padding, its count in the last byte
            n -= scratch[n - 1] & 0xFF;
        }
        int p = s.video ? header + vp8DescriptorLength(scratch, header, n) : header;
        if (p >= n) {
            s.learn(seq, ts, -1, 0);
            return;
        }
        long found = log.find(PayloadHash.of(scratch, p, n - p));
        s.learn(seq, ts, found < 0 ? -1 : (int) (found >>> 32), found & 0xFFFFFFFFL);
    }

    /** RFC 7741 §4.2: the VP8 payload descriptor's length. */
    private static int vp8DescriptorLength(byte[] b, int off, int end) {
        int p = off;
        int first = b[p++] & 0xFF;
        if ((first & 0x80) != 0 && p < end) {
            int x = b[p++] & 0xFF;
            if ((x & 0x80) != 0 && p < end) { // I: picture id, 7 or 15 bits
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                p++;
            }
            if ((x & 0x30) != 0) { // T or K: TID / KEYIDX
                p++;
            }
        }
        return p - off;
    }

    private StreamCheck stream(long ssrc, int pt) {
        int n = streamCount;
        for (int i = 0; i < n; i++) {
            if (streams[i].ssrc == ssrc) {
                return streams[i];
            }
        }
        if (n == MAX_STREAMS || (pt != audioPt && pt != videoPt)) {
            return null;
        }
        StreamCheck s = new StreamCheck(ssrc, pt == videoPt);
        streams[n] = s;
        streamCount = n + 1;
        return s;
    }

    @Override
    protected void onRtcp(byte[] buf, int len, long nowNanos) {
        RtcpIterator rtcp = decryptRtcp(buf, len);
        while (rtcp != null && rtcp.next()) {
            if (rtcp.packetType() == Rtcp.PT_SR && rtcp.length() >= 28) {
                int off = rtcp.offset();
                long ssrc = u32(buf, off + 4);
                long ntpMiddle = u32(buf, off + 10);
                for (int i = 0; i < streamCount; i++) {
                    if (streams[i].ssrc == ssrc) {
                        streams[i].statistics.onSenderReport(ntpMiddle, nowNanos / 1000);
                    }
                }
            }
        }
    }

    @Override
    protected long nextMediaTickNanos() {
        return Math.min(nextFeedbackNanos, nextReportNanos);
    }

    @Override
    protected void onTick(long nowNanos) {
        if (nextReportNanos == 0) {
            nextFeedbackNanos = nowNanos + FEEDBACK_INTERVAL_NANOS;
            nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
            return;
        }
        byte[] b = sendBuffer();
        if (nowNanos - nextFeedbackNanos >= 0) {
            nextFeedbackNanos = nowNanos + FEEDBACK_INTERVAL_NANOS;
            long mediaSsrc = streamCount > 0 ? streams[0].ssrc : 0;
            for (int i = 0; i < 4 && transportCc.hasPending(); i++) {
                int n = transportCc.write(b, 0, 1200, senderSsrc, mediaSsrc);
                if (n <= 0) {
                    break;
                }
                sendRtcp(b, n);
                feedbackSent++;
            }
            for (int i = 0; i < streamCount; i++) {
                StreamCheck s = streams[i];
                int count = s.nacks.collect(lost, nowNanos / 1_000_000, NACK_RTT_MILLIS);
                if (count > 0) {
                    int n = GenericNack.write(b, 0, senderSsrc, s.ssrc, lost, 0, count);
                    if (n > 0) {
                        sendRtcp(b, n);
                        nacksSent += count;
                    }
                }
            }
        }
        if (nowNanos - nextReportNanos >= 0) {
            nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
            int n = ReceiverReport.write(b, 0, senderSsrc);
            for (int i = 0; i < streamCount; i++) {
                streams[i].statistics.appendReportBlock(b, 0, 1200, nowNanos / 1000);
            }
            sendRtcp(b, Rtcp.declaredLength(b, 0) > n ? Rtcp.declaredLength(b, 0) : n);
        }
    }

    /** The streams seen so far (read from any thread; the array grows only). */
    public StreamCheck[] streams() {
        int n = streamCount;
        StreamCheck[] copy = new StreamCheck[n];
        System.arraycopy(streams, 0, copy, 0, n);
        return copy;
    }

    public long foreignPackets() {
        return foreignPackets;
    }

    public long nacksSent() {
        return nacksSent;
    }

    public long feedbackSent() {
        return feedbackSent;
    }
}
