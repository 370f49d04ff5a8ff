package io.familymeeting.loadtest.peer;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put24;
import static io.familymeeting.media.core.util.Bytes.put32;

import io.familymeeting.loadtest.media.Fixture;
import io.familymeeting.loadtest.media.MediaPacket;
import io.familymeeting.loadtest.net.Reactor;
import io.familymeeting.loadtest.stats.SendLog;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A publishing client: offers sendonly Opus + VP8 and, once connected, replays the
 * {@link Fixture} in a loop at its real pacing, as RTP (RFC 3550) with the header extensions the
 * answer kept (abs-send-time, transport-wide sequence number, mid; one-byte form, RFC 8285 §4.2),
 * VP8 payloads with the RFC 7741 descriptor (15-bit picture id, continuing across loops) and
 * continuous sequence numbers and timestamps, video paced like Chromium's pacer. It sends a sender report per stream every second
 * and counts the feedback it gets (NACK, PLI, transport-cc, receiver reports); it does not
 * retransmit (no RTX negotiated) nor adapt its rate. Each sent packet is logged
 * ({@link SendLog}) for the viewers' delay measurement.
 */
public final class Presenter extends Peer {
    private static final int RTP_HEADER = 12;
    /** RFC 8285 §4.2: one-byte header extension profile. */
    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** Chromium's pacer sends at 2.5 times the target bit rate (libwebrtc's kDefaultPaceMultiplier). */
    static final double PACING_FACTOR = 2.5;
    /** How far ahead of its pace video may run (the reactor wakes about every millisecond). */
    private static final long PACING_BURST_NANOS = 5_000_000L;

    private final Fixture fixture;
    private final long audioSsrc;
    private final long videoSsrc;
    private final SendLog audioLog = new SendLog();
    private final SendLog videoLog = new SendLog();
    private final long audioTsBase;
    private final long videoTsBase;
    private int audioSeq;
    private int videoSeq;
    private int transportSeq;
    private int absSendTimeId;
    private int transportCcId;
    private int audioMidId;
    private int videoMidId;
    private String audioMid = "0";
    private String videoMid = "1";

    private final Cursor audio;
    private final Cursor video;
    private long mediaStartNanos;
    private long nextReportNanos;
    private long lastAudioTs;
    private long lastVideoTs;
    private long lastAudioTsNanos;
    private long lastVideoTsNanos;

    private volatile long sentPackets;
    private volatile long sentBytes;
    private long sentAudio;
    private long sentVideo;
    private long audioOctets;
    private long videoOctets;
    private volatile long maxLagNanos;
    private volatile long nacksReceived;
    private volatile long plisReceived;
    private volatile long transportCcReceived;
    private volatile long receiverReports;

    public Presenter(String id, PeerContext context, Reactor reactor, Fixture fixture) {
        super(id, context, reactor);
        this.fixture = fixture;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        audioSsrc = r.nextLong(1, 1L << 32);
        videoSsrc = r.nextLong(1, 1L << 32);
        audioSeq = r.nextInt(1 << 16);
        videoSeq = r.nextInt(1 << 16);
        audioTsBase = r.nextLong(1L << 32);
        videoTsBase = r.nextLong(1L << 32);
        audio = new Cursor(false);
        video = new Cursor(true);
    }

    public String createOffer() {
        return LocalDescriptions.offer(localIce(), true, audioSsrc, videoSsrc, id);
    }

    public void setAnswer(String answer) {
        RemoteDescription d = RemoteDescription.parse(answer);
        for (RemoteDescription.Section s : d.sections) {
            if (s.port == 0) {
                throw new IllegalStateException(id + ": the server rejected the " + s.kind + " section:\n" + answer);
            }
            absSendTimeId = s.extensionId(HeaderExtensions.ABS_SEND_TIME);
            transportCcId = s.extensionId(HeaderExtensions.TRANSPORT_WIDE_CC);
            if (s.kind.equals("audio")) {
                audioMidId = s.extensionId(HeaderExtensions.MID);
                audioMid = s.mid;
            } else {
                videoMidId = s.extensionId(HeaderExtensions.MID);
                videoMid = s.mid;
            }
        }
        start(d, true);
    }

    public SendLog log(boolean video) {
        return video ? videoLog : audioLog;
    }

    @Override
    protected long nextMediaTickNanos() {
        if (mediaStartNanos == 0) {
            return Long.MIN_VALUE / 2; // now: start the replay
        }
        return Math.min(Math.min(audio.dueNanos(), video.dueNanos()), nextReportNanos);
    }

    @Override
    protected void onTick(long nowNanos) {
        if (mediaStartNanos == 0) {
            mediaStartNanos = nowNanos;
            audio.start(nowNanos);
            video.start(nowNanos);
            nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
        }
        audio.sendDue(nowNanos);
        video.sendDue(nowNanos);
        if (nowNanos - nextReportNanos >= 0) {
            sendReports(nowNanos);
            nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
        }
    }

    /**
     * One stream's place in the looped fixture. Video is paced as Chromium's pacer does (at most
     * {@link #PACING_FACTOR} times the fixture's bit rate), so a keyframe leaves in a spread
     * of packets rather than one burst; audio is not paced.
     */
    private final class Cursor {
        private final boolean isVideo;
        private final List<MediaPacket> list;
        private final long nanosPerByte;
        private long start;
        private long loop;
        private int next;
        private long pacedNanos;

        Cursor(boolean isVideo) {
            this.isVideo = isVideo;
            this.list = fixture.packets(isVideo);
            this.nanosPerByte = isVideo ? Math.max(1, (long) (8e9 / (PACING_FACTOR * fixture.videoBitsPerSecond()))) : 0;
        }

        void start(long nowNanos) {
            start = nowNanos;
            pacedNanos = nowNanos;
        }

        long dueNanos() {
            long due = start + loop * fixture.loopNanos() + list.get(next).atNanos();
            return isVideo && pacedNanos - PACING_BURST_NANOS - due > 0 ? pacedNanos - PACING_BURST_NANOS : due;
        }

        void sendDue(long nowNanos) {
            while (true) {
                MediaPacket p = list.get(next);
                long due = start + loop * fixture.loopNanos() + p.atNanos();
                if (nowNanos - due < 0 || (isVideo && pacedNanos - nowNanos > PACING_BURST_NANOS)) {
                    return;
                }
                long lag = nowNanos - due;
                if (lag > maxLagNanos) {
                    maxLagNanos = lag;
                }
                send(p, loop);
                if (isVideo) {
                    pacedNanos = Math.max(pacedNanos, due) + nanosPerByte * p.length();
                }
                if (++next == list.size()) {
                    next = 0;
                    loop++;
                }
            }
        }
    }

    private void send(MediaPacket p, long loop) {
        byte[] b = sendBuffer();
        boolean video = p.video();
        int seq = video ? videoSeq : audioSeq;
        long ts = ((video ? videoTsBase : audioTsBase) + loop * fixture.loopTicks(video) + p.rtpTimestamp()) & 0xFFFFFFFFL;
        b[0] = (byte) 0x90; // V=2, X=1 (RFC 3550 §5.1)
        b[1] = (byte) ((p.marker() ? 0x80 : 0) | (video ? LocalDescriptions.VP8_PT : LocalDescriptions.OPUS_PT));
        put16(b, 2, seq);
        put32(b, 4, ts);
        put32(b, 8, video ? videoSsrc : audioSsrc);
        long now = System.nanoTime();
        int pos = writeExtensions(b, RTP_HEADER, video, now);
        if (video) {
            // RFC 7741 §4.2: X=1, S on a frame's first packet, PID 0; I=1; 15-bit picture id (M=1).
            int pictureId = (int) ((loop * fixture.videoFrames() + p.frameIndex()) & 0x7FFF);
            b[pos] = (byte) (0x80 | (p.startOfFrame() ? 0x10 : 0));
            b[pos + 1] = (byte) 0x80;
            b[pos + 2] = (byte) (0x80 | (pictureId >>> 8));
            b[pos + 3] = (byte) pictureId;
            pos += 4;
        }
        System.arraycopy(p.data(), p.offset(), b, pos, p.length());
        int len = pos + p.length();
        (video ? videoLog : audioLog).record(seq, ts, p.hash(), now);
        if (video) {
            videoSeq = (videoSeq + 1) & 0xFFFF;
            lastVideoTs = ts;
            lastVideoTsNanos = now;
            sentVideo++;
            videoOctets += p.length() + 4;
        } else {
            audioSeq = (audioSeq + 1) & 0xFFFF;
            lastAudioTs = ts;
            lastAudioTsNanos = now;
            sentAudio++;
            audioOctets += p.length();
        }
        if (sendRtp(b, len)) {
            sentPackets++;
            sentBytes += len;
        }
    }

    /** RFC 8285 §4.2 one-byte elements: abs-send-time (3 bytes), transport seq (2), mid; padded to 4. */
    private int writeExtensions(byte[] b, int off, boolean video, long nowNanos) {
        int pos = off + 4;
        if (absSendTimeId > 0) {
            b[pos] = (byte) ((absSendTimeId << 4) | 2);
            put24(b, pos + 1, (int) (((nowNanos << 18) / 1_000_000_000L) & 0xFFFFFF)); // 6.18 fixed-point seconds
            pos += 4;
        }
        if (transportCcId > 0) {
            b[pos] = (byte) ((transportCcId << 4) | 1);
            put16(b, pos + 1, transportSeq);
            transportSeq = (transportSeq + 1) & 0xFFFF;
            pos += 3;
        }
        int midId = video ? videoMidId : audioMidId;
        String mid = video ? videoMid : audioMid;
        if (midId > 0) {
            b[pos] = (byte) ((midId << 4) | (mid.length() - 1));
            for (int i = 0; i < mid.length(); i++) {
                b[pos + 1 + i] = (byte) mid.charAt(i);
            }
            pos += 1 + mid.length();
        }
        while ((pos - off) % 4 != 0) {
            b[pos++] = 0;
        }
        put16(b, off, ONE_BYTE_PROFILE);
        put16(b, off + 2, (pos - off - 4) / 4);
        return pos;
    }

    private void sendReports(long nowNanos) {
        byte[] b = sendBuffer();
        long ntp = NtpTime.now();
        if (sentAudio > 0) {
            long ts = lastAudioTs + (nowNanos - lastAudioTsNanos) * 48 / 1_000_000;
            int n = SenderReport.write(b, 0, audioSsrc, ntp, ts & 0xFFFFFFFFL, sentAudio, audioOctets);
            sendRtcp(b, n);
        }
        if (sentVideo > 0) {
            long ts = lastVideoTs + (nowNanos - lastVideoTsNanos) * 90 / 1_000_000;
            int n = SenderReport.write(b, 0, videoSsrc, ntp, ts & 0xFFFFFFFFL, sentVideo, videoOctets);
            sendRtcp(b, n);
        }
    }

    @Override
    protected void onRtp(byte[] buf, int len, long nowNanos) {
        // a sendonly client gets no media
    }

    @Override
    protected void onRtcp(byte[] buf, int len, long nowNanos) {
        RtcpIterator rtcp = decryptRtcp(buf, len);
        while (rtcp != null && rtcp.next()) {
            int pt = rtcp.packetType();
            int fmt = rtcp.countOrFmt();
            if (pt == Rtcp.PT_RTPFB && fmt == Rtcp.FMT_NACK) {
                nacksReceived++;
            } else if (pt == Rtcp.PT_RTPFB && fmt == Rtcp.FMT_TRANSPORT_CC) {
                transportCcReceived++;
            } else if (pt == Rtcp.PT_PSFB && (fmt == Rtcp.FMT_PLI || fmt == Rtcp.FMT_FIR)) {
                plisReceived++;
            } else if (pt == Rtcp.PT_RR) {
                receiverReports++;
            }
        }
    }

    public long sentPackets() {
        return sentPackets;
    }

    public long sentBytes() {
        return sentBytes;
    }

    public long maxLagMillis() {
        return maxLagNanos / 1_000_000;
    }

    public long nacksReceived() {
        return nacksReceived;
    }

    public long plisReceived() {
        return plisReceived;
    }

    public long transportCcReceived() {
        return transportCcReceived;
    }

    public long receiverReports() {
        return receiverReports;
    }
}
