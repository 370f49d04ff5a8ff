package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtcp.NackGenerator;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtp.Keyframes;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
import io.familymeeting.media.core.rtp.VideoCodec;

import io.familymeeting.media.core.sdp.answer.HeaderExtensions;

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
 * <p>A simulcast track has one {@link SimulcastLayer} per encoding, lowest first; every
 * packet is handed on with its layer's index and each consumer forwards the one layer it
 * chose ({@link Consumer#forward}). The SSRCs of rid encodings come from the rid and
 * repaired-rid header extensions of their first packets (RFC 8852). Loss tracking, NACKs,
 * statistics and keyframe requests are per layer: a viewer of the low layer asking for a
 * keyframe makes only that encoding send one.
 *
 * <p>Its loss tracking and RTX scratch buffer are allocated with a layer's first packet: a
 * publisher that never sends costs a few hundred bytes per track.
 */
public final class Producer {
    /** Keyframe requests to the publisher: at most one per layer per this interval (Chromium answers each). */
    static final long KEYFRAME_REQUEST_INTERVAL_MILLIS = 300;
    /** Sequence numbers tracked for loss: about 2 s of 2.5 Mbit/s video. */
    static final int NACK_WINDOW = 512;
    /** Requests per lost packet before giving up. */
    static final int NACK_MAX_REQUESTS = 5;
    /** Minimum time between two requests of the same packet when the RTT is unknown. */
    static final long NACK_RETRY_MILLIS = 40;
    /** Simulcast encodings forwarded per track at most; further ones are ignored. */
    public static final int MAX_LAYERS = 4;

    private final String publisherId;
    private final TrackDescription track;
    private final FeedbackSender feedback;
    private final SimulcastLayer[] layers;
    /** Header extension ids of the rid and repaired-rid elements, 0 when not negotiated. */
    private final int ridId, repairedRidId;
    /** Guards every layer's NACK generator. */
    private final Object nackLock = new Object();
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
        int n = Math.min(MAX_LAYERS, track.encodings().size());
        this.layers = new SimulcastLayer[n];
        for (int i = 0; i < n; i++) {
            TrackDescription.Encoding e = track.encodings().get(i);
            layers[i] = new SimulcastLayer(i, e.rid(), e.ssrc(), e.rtxSsrc(), KEYFRAME_REQUEST_INTERVAL_MILLIS);
        }
        this.ridId = extensionId(track, HeaderExtensions.RTP_STREAM_ID);
        this.repairedRidId = extensionId(track, HeaderExtensions.REPAIRED_RTP_STREAM_ID);
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

    private static int extensionId(TrackDescription track, String uri) {
        Integer id = track.extensionIds().get(uri);
        return id == null || id <= 0 || id > 255 ? 0 : id;
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

    /** Encodings of this track: 1, or the simulcast layers (lowest first, as signaled). */
    public int layerCount() {
        return layers.length;
    }

    /** The SSRC of the lowest layer that has one (learned from the first packet if not signaled), or -1. */
    public long mediaSsrc() {
        for (SimulcastLayer l : layers) {
            if (l.ssrc >= 0) {
                return l.ssrc;
            }
        }
        return -1;
    }

    /** True when this producer owns packets with this SSRC (media or RTX of one of its layers). */
    public boolean owns(long ssrc) {
        return layerOf(ssrc) != null;
    }

    private SimulcastLayer layerOf(long ssrc) {
        for (SimulcastLayer l : layers) {
            if (l.ssrc == ssrc || (l.rtxSsrc >= 0 && l.rtxSsrc == ssrc)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Adopts the SSRC of an unsignaled stream: a rid encoding whose packet names it (rid or
     * repaired rid), or, without rid, the track's one unsignaled stream. Receive thread.
     */
    public boolean adoptIfUnsignaled(RtpPacket packet) {
        long ssrc = packet.ssrc();
        int pt = packet.payloadType() & 0x7F;
        if (ridId > 0 || repairedRidId > 0) {
            SimulcastLayer l = layerNamed(packet, ridId);
            if (l != null && l.ssrc < 0 && codecByPt[pt] != null) {
                l.ssrc = ssrc;
                return true;
            }
            l = layerNamed(packet, repairedRidId);
            if (l != null && l.rtxSsrc < 0 && codecByRtxPt[pt] != null) {
                l.rtxSsrc = ssrc;
                return true;
            }
            if (layers.length > 1) {
                return false; // a simulcast stream that does not say which one it is
            }
        }
        if (layers.length == 1 && layers[0].ssrc < 0 && codecByPt[pt] != null) {
            layers[0].ssrc = ssrc;
            return true;
        }
        return false;
    }

    /** The layer whose rid the packet's element {@code id} names, or null. */
    private SimulcastLayer layerNamed(RtpPacket packet, int id) {
        if (id <= 0) {
            return null;
        }
        int at = packet.findExtension(id);
        int len = packet.extensionLength(id);
        if (at < 0 || len <= 0) {
            return null;
        }
        byte[] b = packet.buffer();
        for (SimulcastLayer l : layers) {
            if (l.rid != null && matches(l.rid, b, at, len)) {
                return l;
            }
        }
        return null;
    }

    /** RFC 8852 §3: the element is the rid's US-ASCII characters (a one-byte-form element may end in a NUL). */
    private static boolean matches(String rid, byte[] b, int at, int len) {
        while (len > 0 && b[at + len - 1] == 0) {
            len--;
        }
        if (len != rid.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) { // no copy: this runs for every packet of an SSRC nobody owns
            if ((b[at + i] & 0xFF) != rid.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean started() {
        return started;
    }

    public long lastPacketMillis() {
        return lastPacketMillis;
    }

    /**
     * One decrypted RTP packet from the publisher (media or RTX of one of its layers). Returns
     * true when this was the track's first packet.
     */
    public boolean onRtp(byte[] buf, int off, int len, long nowMillis) {
        if (!view.wrap(buf, off, len)) {
            return false;
        }
        long ssrc = view.ssrc();
        SimulcastLayer layer = layerOf(ssrc);
        if (layer == null) {
            return false;
        }
        if (layer.rtxSsrc >= 0 && ssrc == layer.rtxSsrc) {
            // RFC 4588 §4: restore the original packet, then forward it like any other.
            if (view.payloadLength() < 2 || layer.ssrc < 0) {
                return false;
            }
            CodecInfo codec = codecByRtxPt[view.payloadType() & 0x7F];
            if (codec == null) {
                return false;
            }
            if (rtxScratch == null) {
                rtxScratch = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
            }
            int n = Rtx.unwrap(view, rtxScratch, 0, codec.payloadType(), layer.ssrc);
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
                nackGenerator(layer).onPacket(view.sequenceNumber());
            }
        } else {
            ReceiveStatistics stats = layer.receiveStats;
            if (stats == null || stats.ssrc() != ssrc) {
                stats = new ReceiveStatistics(ssrc, track.clockRate());
                layer.receiveStats = stats;
            }
            stats.onPacket(view.sequenceNumber(), view.timestamp(), nowMillis * 1000);
            NackGenerator.Result r;
            synchronized (nackLock) {
                r = nackGenerator(layer).onPacket(view.sequenceNumber());
            }
            if (r == NackGenerator.Result.RESET) {
                requestKeyframe(layer.index, nowMillis);
            }
        }
        boolean first = !started;
        started = true;
        lastPacketMillis = nowMillis;
        layer.lastPacketMillis = nowMillis;
        packets.incrementAndGet();
        bytes.addAndGet(view.payloadLength());
        bitrate.add(nowMillis, len);
        layer.bitrate.add(nowMillis, len);

        VideoCodec vc = videoCodecByPt[view.payloadType() & 0x7F];
        boolean keyframe = vc != null && Keyframes.isKeyframe(vc, buf, view.payloadOffset(), view.payloadLength());
        if (keyframe) {
            layer.lastKeyframeMillis = nowMillis;
            if (vc == VideoCodec.VP8) {
                int size = Keyframes.vp8Size(buf, view.payloadOffset(), view.payloadLength());
                if (size > 0) {
                    layer.width = size >>> 16;
                    layer.height = size & 0xFFFF;
                }
            }
        }
        int payloadType = view.payloadType();
        int index = layer.index;
        GopCache g = gop;
        if (g != null) {
            // Under the cache's lock: a joining viewer's replay and live packets never interleave.
            synchronized (g) {
                g.store(buf, off, len, view.timestamp(), keyframe);
                for (Consumer c : consumers) {
                    c.forward(this, index, buf, off, len, payloadType, keyframe, nowMillis);
                }
            }
            return first;
        }
        Consumer[] targets = consumers;
        for (Consumer c : targets) {
            c.forward(this, index, buf, off, len, payloadType, keyframe, nowMillis);
        }
        return first;
    }

    /** The layer's loss tracker, made on first use; under {@link #nackLock}. */
    private static NackGenerator nackGenerator(SimulcastLayer layer) {
        if (layer.nacks == null) {
            layer.nacks = new NackGenerator(NACK_WINDOW, NACK_MAX_REQUESTS);
        }
        return layer.nacks;
    }

    /** Asks the publisher for a keyframe of every layer that has an SSRC (PLI, RFC 4585 §6.3.1), throttled. */
    public void requestKeyframe(long nowMillis) {
        for (SimulcastLayer l : layers) {
            requestKeyframe(l.index, nowMillis);
        }
    }

    /** Asks the publisher for a keyframe of one layer (PLI, RFC 4585 §6.3.1), at most one per layer per interval. */
    public void requestKeyframe(int layerIndex, long nowMillis) {
        if (track.kind() != TrackKind.VIDEO || layerIndex < 0 || layerIndex >= layers.length) {
            return;
        }
        SimulcastLayer l = layers[layerIndex];
        long ssrc = l.ssrc;
        if (ssrc < 0) {
            return;
        }
        synchronized (l.keyframeThrottle) {
            if (!l.keyframeThrottle.tryAcquire(nowMillis)) {
                return;
            }
        }
        keyframeRequests.incrementAndGet();
        feedback.sendPli(ssrc);
    }

    /** Periodic work on the feedback timer: NACKs for lost packets of each layer (RFC 4585 §6.2.1). */
    public void onTimer(long nowMillis) {
        if (!started) {
            return;
        }
        for (SimulcastLayer l : layers) {
            long ssrc = l.ssrc;
            if (ssrc < 0) {
                continue;
            }
            int n;
            synchronized (nackLock) {
                n = l.nacks == null ? 0 : l.nacks.collect(feedback.nackScratch(), nowMillis, NACK_RETRY_MILLIS);
            }
            if (n > 0) {
                nacksSent.addAndGet(n);
                feedback.sendNack(ssrc, feedback.nackScratch(), n);
            }
        }
    }

    /** RFC 3550 A.1/A.8 statistics of the lowest layer that sent, or null before the first packet. */
    public ReceiveStatistics receiveStatistics() {
        for (SimulcastLayer l : layers) {
            if (l.receiveStats != null) {
                return l.receiveStats;
            }
        }
        return null;
    }

    /** RFC 3550 statistics of one layer's media stream, or null before its first packet. */
    public ReceiveStatistics receiveStatistics(int layerIndex) {
        return layers[layerIndex].receiveStats;
    }

    /** Whether the layer sent within {@link SimulcastLayer#INACTIVE_AFTER_MILLIS}. */
    public boolean layerActive(int layerIndex, long nowMillis) {
        return layers[layerIndex].active(nowMillis);
    }

    /** What the layer sends now, in bits per second over the last second. */
    public long layerBitrateBps(int layerIndex, long nowMillis) {
        return layers[layerIndex].bitrate.bitsPerSecond(nowMillis);
    }

    /** Pixels of the layer's pictures as its last keyframe told (VP8), 0 when unknown. */
    public long layerPixels(int layerIndex) {
        return layers[layerIndex].pixels();
    }

    /** "width×height" of the layer's pictures when known, its rid, or its index. */
    public String layerName(int layerIndex) {
        SimulcastLayer l = layers[layerIndex];
        if (l.width > 0) {
            return l.width + "x" + l.height;
        }
        return l.rid != null ? l.rid : Integer.toString(layerIndex);
    }

    /** For statistics: each active layer's name and bitrate, "" without simulcast. */
    public String layersSummary(long nowMillis) {
        if (layers.length == 1) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            if (!layers[i].active(nowMillis)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(layerName(i)).append(' ').append(layers[i].bitrate.bitsPerSecond(nowMillis) / 1000).append(" kbit/s");
        }
        return b.length() == 0 ? "none active" : b.toString();
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
