package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtcp.NackGenerator;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtp.Keyframes;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
import io.familymeeting.media.core.rtp.VideoCodec;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One incoming track of a publisher (a presenter's microphone, camera or screen), and the
 * fan-out of its packets to every {@link Consumer} bound to it.
 *
 * <p>{@link #onRtp} runs on the publisher's receive thread only; it decrypts nothing (the
 * transport did, once) and hands the same plain packet to each consumer, which rewrites and
 * encrypts its own copy. The consumer list is copy-on-write, so binding a viewer never blocks
 * forwarding. Does not know about rooms or signaling.
 *
 * <p>Its loss tracking and RTX scratch buffer are allocated with the track's first packet: a
 * publisher that never sends costs a few hundred bytes per track.
 */
public final class Producer {
    /** Keyframe requests to the publisher: at most one per this interval (Chromium answers each). */
    static final long KEYFRAME_REQUEST_INTERVAL_MILLIS = 300;
    /** Sequence numbers tracked for loss: about 2 s of 2.5 Mbit/s video. */
    static final int NACK_WINDOW = 512;
    /** Requests per lost packet before giving up. */
    static final int NACK_MAX_REQUESTS = 5;
    /** Minimum time between two requests of the same packet when the RTT is unknown. */
    static final long NACK_RETRY_MILLIS = 40;

    private final String publisherId;
    private final TrackDescription track;
    private final FeedbackSender feedback;
    private volatile ReceiveStatistics receiveStats;
    private final KeyframeThrottle keyframeThrottle = new KeyframeThrottle(KEYFRAME_REQUEST_INTERVAL_MILLIS);
    /** Guards {@link #nacks}. */
    private final Object nackLock = new Object();
    /** Lost packets of the publisher's stream to NACK (RFC 4585 §6.2.1); made with the first packet. */
    private NackGenerator nacks;
    private final RtpPacket view = new RtpPacket();
    /** The track's codecs by payload type (RTP payload types are 7 bits, RFC 3550 §5.1). */
    private final CodecInfo[] codecByPt = new CodecInfo[128];
    private final CodecInfo[] codecByRtxPt = new CodecInfo[128];
    /** Keyframe detection per payload type, null for audio and unknown codecs. */
    private final VideoCodec[] videoCodecByPt = new VideoCodec[128];
    /** RTX packets are restored here (receive thread only); made with the first RTX packet. */
    private byte[] rtxScratch;

    private volatile Consumer[] consumers = new Consumer[0];
    /** Packets since the last keyframe for joining viewers, or null (publishers that answer PLI). */
    private volatile GopCache gop;
    private volatile long mediaSsrc;
    private volatile long lastPacketMillis;
    private volatile boolean started;

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong keyframeRequests = new AtomicLong();
    private final AtomicLong nacksSent = new AtomicLong();
    private final BitrateMeter bitrate = new BitrateMeter();

    public Producer(String publisherId, TrackDescription track, FeedbackSender feedback) {
        this.publisherId = publisherId;
        this.track = track;
        this.feedback = feedback;
        this.mediaSsrc = track.ssrc();
        for (CodecInfo c : track.codecs()) {
            if (c.payloadType() >= 0 && c.payloadType() < 128) {
                codecByPt[c.payloadType()] = c;
                videoCodecByPt[c.payloadType()] = track.kind() == TrackKind.VIDEO ? Packets.videoCodec(c.name()) : null;
            }
            if (c.rtxPayloadType() >= 0 && c.rtxPayloadType() < 128) {
                codecByRtxPt[c.rtxPayloadType()] = c;
            }
        }
    }

    public TrackDescription track() {
        return track;
    }

    public TrackKind kind() {
        return track.kind();
    }

    public String publisherId() {
        return publisherId;
    }

    /** The SSRC the publisher sends media on (learned from the first packet if not signaled). */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** True when this producer owns packets with this SSRC (media or RTX). */
    public boolean owns(long ssrc) {
        return ssrc == mediaSsrc || (track.rtxSsrc() >= 0 && ssrc == track.rtxSsrc());
    }

    /** Adopts the SSRC of an unsignaled stream (a simulcast layer or an offer without a=ssrc). */
    public boolean adoptIfUnsignaled(long ssrc, int payloadType) {
        if (mediaSsrc < 0 && codecByPt[payloadType & 0x7F] != null) {
            mediaSsrc = ssrc;
            return true;
        }
        return false;
    }

    public boolean started() {
        return started;
    }

    public long lastPacketMillis() {
        return lastPacketMillis;
    }

    /**
     * One decrypted RTP packet from the publisher (media or RTX of this track). Returns true
     * when this was the track's first packet.
     */
    public boolean onRtp(byte[] buf, int off, int len, long nowMillis) {
        if (!view.wrap(buf, off, len)) {
            return false;
        }
        long ssrc = view.ssrc();
        if (track.rtxSsrc() >= 0 && ssrc == track.rtxSsrc()) {
            // RFC 4588 §4: restore the original packet, then forward it like any other.
            if (view.payloadLength() < 2) {
                return false;
            }
            CodecInfo codec = codecByRtxPt[view.payloadType() & 0x7F];
            if (codec == null) {
                return false;
            }
            if (rtxScratch == null) {
                rtxScratch = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
            }
            int n = Rtx.unwrap(view, rtxScratch, 0, codec.payloadType(), mediaSsrc);
            if (n <= 0) {
                return false;
            }
            buf = rtxScratch;
            off = 0;
            len = n;
            if (!view.wrap(buf, off, len)) {
                return false;
            }
            synchronized (nackLock) {
                nackGenerator().onPacket(view.sequenceNumber());
            }
        } else {
            ReceiveStatistics stats = receiveStats;
            if (stats == null || stats.ssrc() != ssrc) {
                stats = new ReceiveStatistics(ssrc, track.clockRate());
                receiveStats = stats;
            }
            stats.onPacket(view.sequenceNumber(), view.timestamp(), nowMillis * 1000);
            NackGenerator.Result r;
            synchronized (nackLock) {
                r = nackGenerator().onPacket(view.sequenceNumber());
            }
            if (r == NackGenerator.Result.RESET) {
                requestKeyframe(nowMillis);
            }
        }
        boolean first = !started;
        started = true;
        lastPacketMillis = nowMillis;
        packets.incrementAndGet();
        bytes.addAndGet(view.payloadLength());
        bitrate.add(nowMillis, len);

        VideoCodec vc = videoCodecByPt[view.payloadType() & 0x7F];
        boolean keyframe = vc != null && Keyframes.isKeyframe(vc, buf, view.payloadOffset(), view.payloadLength());
        int payloadType = view.payloadType();
        GopCache g = gop;
        if (g != null) {
            // Under the cache's lock: a joining viewer's replay and live packets never interleave.
            synchronized (g) {
                g.store(buf, off, len, view.timestamp(), keyframe);
                for (Consumer c : consumers) {
                    c.forward(this, buf, off, len, payloadType, keyframe, nowMillis);
                }
            }
            return first;
        }
        Consumer[] targets = consumers;
        for (Consumer c : targets) {
            c.forward(this, buf, off, len, payloadType, keyframe, nowMillis);
        }
        return first;
    }

    /** The loss tracker, made on first use; under {@link #nackLock}. */
    private NackGenerator nackGenerator() {
        if (nacks == null) {
            nacks = new NackGenerator(NACK_WINDOW, NACK_MAX_REQUESTS);
        }
        return nacks;
    }

    /** Asks the publisher for a keyframe (PLI, RFC 4585 §6.3.1), throttled. */
    public void requestKeyframe(long nowMillis) {
        if (track.kind() != TrackKind.VIDEO || mediaSsrc < 0) {
            return;
        }
        synchronized (keyframeThrottle) {
            if (!keyframeThrottle.tryAcquire(nowMillis)) {
                return;
            }
        }
        keyframeRequests.incrementAndGet();
        feedback.sendPli(mediaSsrc);
    }

    /** Periodic work on the feedback timer: NACKs for lost packets (RFC 4585 §6.2.1). */
    public void onTimer(long nowMillis) {
        if (mediaSsrc < 0 || !started) {
            return;
        }
        int n;
        synchronized (nackLock) {
            n = nacks == null ? 0 : nacks.collect(feedback.nackScratch(), nowMillis, NACK_RETRY_MILLIS);
        }
        if (n > 0) {
            nacksSent.addAndGet(n);
            feedback.sendNack(mediaSsrc, feedback.nackScratch(), n);
        }
    }

    /** RFC 3550 A.1/A.8 statistics of the media stream, or null before its first packet. */
    public ReceiveStatistics receiveStatistics() {
        return receiveStats;
    }

    /**
     * Keeps the packets since the last keyframe and replays them to every consumer that is
     * added ({@link GopCache}); for publishers that ignore keyframe requests.
     */
    public void enableGopCache(GopCache cache) {
        this.gop = cache;
    }

    /** Packets in the GOP cache now (0 without one). */
    public int gopCacheSize() {
        GopCache g = gop;
        if (g == null) {
            return 0;
        }
        synchronized (g) {
            return g.size();
        }
    }

    public void addConsumer(Consumer c) {
        addConsumer(c, lastPacketMillis);
    }

    /** Adds a consumer; with a GOP cache it first gets the cached pictures. */
    public void addConsumer(Consumer c, long nowMillis) {
        GopCache g = gop;
        if (g != null) {
            synchronized (g) {
                g.replay(this, c, nowMillis);
                addToArray(c);
            }
            return;
        }
        addToArray(c);
    }

    private void addToArray(Consumer c) {
        synchronized (this) {
            Consumer[] next = Arrays.copyOf(consumers, consumers.length + 1);
            next[next.length - 1] = c;
            consumers = next;
        }
    }

    public void removeConsumer(Consumer c) {
        synchronized (this) {
            Consumer[] cur = consumers;
            int i = Arrays.asList(cur).indexOf(c);
            if (i < 0) {
                return;
            }
            Consumer[] next = new Consumer[cur.length - 1];
            System.arraycopy(cur, 0, next, 0, i);
            System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
            consumers = next;
        }
    }

    public int consumerCount() {
        return consumers.length;
    }

    public long packets() {
        return packets.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long keyframeRequests() {
        return keyframeRequests.get();
    }

    public long nacksSent() {
        return nacksSent.get();
    }

    public long bitrateBps(long nowMillis) {
        return bitrate.bitsPerSecond(nowMillis);
    }
}
