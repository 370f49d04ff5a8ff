package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.PacketHistory;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
import io.familymeeting.media.core.rtp.VideoCodec;
import io.familymeeting.media.core.rtp.Vp8Descriptor;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.util.StreamRewriter;

import java.util.Arrays;
import java.util.Map;

/**
 * One outgoing track slot of one viewer: what the viewer's browser knows as one receiving
 * m-line with one SSRC. Whichever producer is bound to it (the current presenter's camera,
 * a camera from RTSP, ...), the viewer sees one continuous stream: SSRC, sequence numbers and
 * timestamps are rewritten ({@link StreamRewriter}), payload types and header extension ids
 * mapped to what this viewer negotiated. Sent packets are kept in a {@link PacketHistory}
 * to answer the viewer's NACKs.
 *
 * <p>Of a simulcast producer it forwards one layer: the one {@link #setTargetLayer} chose, from
 * that layer's next keyframe on (it asks for one); until then it keeps forwarding the layer it
 * had. A target of {@link #PAUSED} stops video (the viewer's link cannot carry even the lowest
 * layer). VP8 PictureID and TL0PICIDX are rewritten like sequence numbers, so the viewer's
 * decoder sees one stream across switches.
 *
 * <p>{@link #forward} runs on the producer's receive thread, {@link #retransmit} on the
 * viewer's receive thread, reports on the timer thread: they synchronize on this consumer
 * (one consumer is touched by one presenter at a time, so the lock is uncontended).
 *
 * <p>Its packet buffers (the NACK history, about 770 kB for video, and the rewrite and RTX
 * scratch arrays) are allocated when the first packet is forwarded, and the RTX one with the
 * first retransmission: a slot that is never bound, or a viewer whose transport never comes
 * up, costs about a kilobyte. After that, nothing is allocated.
 */
public final class Consumer {
    /** Packets kept for retransmission: about 1 s of 2.5 Mbit/s video. */
    static final int HISTORY_PACKETS = 512;
    /** {@link #setTargetLayer}: forward no layer (video paused). */
    public static final int PAUSED = -1;
    /** Bytes of padding per probe packet (RFC 3550 §5.1: the count fits in one byte). */
    static final int PADDING_BYTES = 224;

    private final String viewerId;
    private final TrackDescription slot;
    private final MediaSender viewer;
    private final StreamRewriter rewriter = new StreamRewriter();
    private final RtpPacket out = new RtpPacket();
    /** Allocated with the first forwarded packet (video only), then kept. */
    private PacketHistory history;
    /** Allocated with the first forwarded packet, then kept. */
    private byte[] scratch;
    /** Allocated with the first RTX retransmission, then kept. */
    private byte[] rtxScratch;
    private final byte[] payloadTypeMap = new byte[128];
    private final byte[] extensionIdMap = new byte[256];
    /** The viewer's transport-cc id when the source's packets carry one to it, else 0. */
    private int transportCcOutId;
    /** Keeps every id but {@link #transportCcOutId}: removes a transport-cc element of the wrong size. */
    private byte[] withoutTransportCc;
    private final CodecInfo[] outCodecByPt = new CodecInfo[128];
    /** Outgoing payload types that carry VP8 (their descriptors are rewritten). */
    private final boolean[] vp8ByOutPt = new boolean[128];

    private Producer source;
    /** The layer of {@link #source} being forwarded, -1 while waiting for a keyframe (video). */
    private int currentLayer = -1;
    /** The layer the allocator wants, or {@link #PAUSED}; any thread writes it. */
    private volatile int targetLayer;
    private final StreamRewriter pictureIds = new StreamRewriter(15);
    private final StreamRewriter tl0PicIdx = new StreamRewriter(8);
    /** Allocated with the first probe; padding-only RTX packets. */
    private byte[] paddingScratch;
    private volatile long layerSwitches;
    /** {@link LayerAllocator}'s bookkeeping (timer thread only): a higher layer that fits, and since when. */
    int upCandidate = PAUSED;
    long upCandidateSinceMillis;
    /** Set when the allocator switched it down; cleared by a probe that succeeded. */
    boolean mustProbeBeforeUp;
    private int rtxSeq = (int) (Math.random() * 0x8000);

    // Counters (written under the lock, read racily for stats).
    private volatile long packets;
    private volatile long bytes;
    private volatile long nacksReceived;
    private volatile long retransmitted;
    private volatile long keyframeRequests;
    private final BitrateMeter bitrate = new BitrateMeter();
    // What the viewer's last receiver report block about this stream said (RFC 3550 §6.4.1).
    private volatile long reportedLost;
    private volatile long reportedJitter;

    // For sender reports (RFC 3550 §6.4.1): the last packet's RTP timestamp and when it went out.
    private long lastRtpTimestamp;
    private long lastSentMillis;
    private long octets;

    public Consumer(String viewerId, TrackDescription slot, MediaSender viewer) {
        this.viewerId = viewerId;
        this.slot = slot;
        this.viewer = viewer;
        Arrays.fill(payloadTypeMap, (byte) -1);
    }

    public String viewerId() {
        return viewerId;
    }

    public TrackDescription slot() {
        return slot;
    }

    public synchronized Producer source() {
        return source;
    }

    /**
     * Binds this slot to a (new) producer: maps payload types and extension ids, continues
     * the outgoing stream where the previous source left it, and waits for a keyframe before
     * sending video. Passing null unbinds.
     */
    public void bind(Producer producer, long nowMillis) {
        Producer previous;
        synchronized (this) {
            previous = source;
            if (previous == producer) {
                return;
            }
            source = producer;
            Arrays.fill(payloadTypeMap, (byte) -1);
            Arrays.fill(outCodecByPt, null);
            Arrays.fill(vp8ByOutPt, false);
            Arrays.fill(extensionIdMap, (byte) 0);
            transportCcOutId = 0;
            if (producer != null) {
                mapPayloadTypes(producer.track());
                mapExtensions(producer.track().extensionIds());
                rewriter.switchSource();
                pictureIds.switchSource();
                tl0PicIdx.switchSource();
                currentLayer = slot.kind() == TrackKind.VIDEO ? -1 : 0;
                if (targetLayer >= producer.layerCount()) {
                    targetLayer = producer.layerCount() - 1;
                }
            }
        }
        if (previous != null) {
            previous.removeConsumer(this);
        }
        if (producer != null) {
            producer.addConsumer(this, nowMillis);
            producer.requestKeyframe(Math.max(0, targetLayer), nowMillis);
        }
    }

    /**
     * The layer of the bound producer to forward from its next keyframe on ({@code 0} = lowest),
     * or {@link #PAUSED}. Values past the producer's layers mean its highest.
     */
    public void setTargetLayer(int layer) {
        targetLayer = Math.max(PAUSED, layer);
    }

    public int targetLayer() {
        return targetLayer;
    }

    /** The layer being forwarded now, -1 when none (paused, or waiting for a keyframe). */
    public synchronized int currentLayer() {
        return currentLayer;
    }

    /** For statistics: the layer forwarded ("paused", "waiting" for a keyframe), "" without simulcast. */
    public synchronized String layerSummary() {
        if (source == null || source.layerCount() == 1 || slot.kind() != TrackKind.VIDEO) {
            return "";
        }
        if (currentLayer < 0) {
            return targetLayer == PAUSED ? "paused" : "waiting";
        }
        return source.layerName(currentLayer);
    }

    /** Switches from one layer to another since the start. */
    public long layerSwitches() {
        return layerSwitches;
    }

    private void mapPayloadTypes(TrackDescription in) {
        for (CodecInfo ic : in.codecs()) {
            for (CodecInfo oc : slot.codecs()) {
                if (ic.matchKey().equals(oc.matchKey())) {
                    payloadTypeMap[ic.payloadType()] = (byte) oc.payloadType();
                    outCodecByPt[oc.payloadType()] = oc;
                    vp8ByOutPt[oc.payloadType()] = Packets.videoCodec(oc.name()) == VideoCodec.VP8;
                    break;
                }
            }
        }
    }

    /**
     * Extensions whose meaning survives forwarding keep their value under this viewer's id;
     * the others are blanked: mid and rid name the publisher's m-line. The transport-wide
     * sequence number counts the publisher's transport: its element moves to the viewer's id and
     * the viewer's transport writes its own number into it as it sends (its bandwidth estimate).
     */
    private void mapExtensions(Map<String, Integer> in) {
        for (Map.Entry<String, Integer> e : in.entrySet()) {
            if (!ForwardedExtensions.survivesForwarding(e.getKey())
                    && !HeaderExtensions.TRANSPORT_WIDE_CC.equals(e.getKey())) {
                continue;
            }
            Integer outId = slot.extensionIds().get(e.getKey());
            if (outId != null && e.getValue() > 0 && e.getValue() < 256) {
                extensionIdMap[e.getValue()] = (byte) (int) outId;
                if (HeaderExtensions.TRANSPORT_WIDE_CC.equals(e.getKey())) {
                    transportCcOutId = outId;
                    withoutTransportCc = new byte[256];
                    for (int id = 1; id < 256; id++) {
                        withoutTransportCc[id] = (byte) (id == outId ? 0 : id);
                    }
                }
            }
        }
    }

    /**
     * One packet of layer {@code layer} from the bound producer: when it is the layer this viewer
     * gets (or the keyframe that switches it to its target), rewrite a copy, remember it, protect
     * and send it.
     */
    synchronized void forward(Producer from, int layer, byte[] buf, int off, int len, int payloadType,
                              boolean keyframe, long nowMillis) {
        if (from != source || len > Packets.MAX_PACKET_SIZE) {
            return;
        }
        int outPt = payloadTypeMap[payloadType & 0x7f];
        if (outPt < 0) {
            return;
        }
        if (slot.kind() == TrackKind.VIDEO) {
            int target = Math.min(targetLayer, from.layerCount() - 1);
            if (layer != currentLayer) {
                if (layer != target) {
                    return;
                }
                if (!keyframe) {
                    from.requestKeyframe(layer, nowMillis);
                    return;
                }
                if (currentLayer >= 0) {
                    layerSwitches++;
                }
                currentLayer = layer;
            } else if (target == PAUSED) {
                currentLayer = -1;
                return;
            }
        } else if (layer != 0) {
            return;
        }
        if (scratch == null) {
            allocateBuffers();
        }
        System.arraycopy(buf, off, scratch, 0, len);
        if (!out.wrap(scratch, 0, len)) {
            return;
        }
        int inSeq = out.sequenceNumber();
        long inTs = out.timestamp();
        if (!rewriter.accept(out.ssrc(), inSeq, inTs, nowMillis, slot.clockRate())) {
            return;
        }
        int seq = rewriter.rewriteSeq(inSeq);
        long ts = rewriter.rewriteTimestamp(inTs);
        if (vp8ByOutPt[outPt]) {
            rewriteVp8Descriptor(out.ssrc(), out.payloadOffset(), out.payloadLength());
        }
        out.setSsrc(slot.ssrc());
        out.setSequenceNumber(seq);
        out.setTimestamp(ts);
        out.setPayloadType(outPt);
        out.remapExtensionIds(extensionIdMap);
        if (transportCcOutId > 0) {
            int l = out.extensionLength(transportCcOutId);
            if (l >= 0 && l != 2) {
                out.remapExtensionIds(withoutTransportCc); // §2: a 16-bit number; the transport stamps only those
            }
        }
        if (history != null) {
            history.store(scratch, 0, len, seq);
        }
        if (viewer.sendRtp(scratch, 0, len)) {
            packets++;
            bytes += out.payloadLength();
            octets += out.payloadLength();
            bitrate.add(nowMillis, len);
            lastRtpTimestamp = ts;
            lastSentMillis = nowMillis;
        }
    }

    /** VP8 PictureID and TL0PICIDX continue across switches of source or layer (in {@link #scratch}). */
    private void rewriteVp8Descriptor(long ssrc, int payloadOffset, int payloadLength) {
        int pid = Vp8Descriptor.longPictureIdOffset(scratch, payloadOffset, payloadLength);
        if (pid >= 0 && pictureIds.accept(ssrc, Vp8Descriptor.pictureId(scratch, pid))) {
            int outPid = pictureIds.rewriteSeq(Vp8Descriptor.pictureId(scratch, pid));
            if (outPid >= 0) {
                Vp8Descriptor.setPictureId(scratch, pid, outPid);
            }
        }
        int tl0 = Vp8Descriptor.tl0PicIdxOffset(scratch, payloadOffset, payloadLength);
        if (tl0 >= 0 && tl0PicIdx.accept(ssrc, scratch[tl0] & 0xFF)) {
            int outTl0 = tl0PicIdx.rewriteSeq(scratch[tl0] & 0xFF);
            if (outTl0 >= 0) {
                scratch[tl0] = (byte) outTl0;
            }
        }
    }

    /** Whether {@link #sendPadding} can probe this viewer: RTX and transport-cc negotiated, a packet forwarded. */
    public synchronized boolean canSendPadding() {
        return paddingRtxPayloadType() >= 0 && paddingTransportCcId() > 0 && packets > 0;
    }

    private int paddingRtxPayloadType() {
        if (slot.rtxSsrc() < 0) {
            return -1;
        }
        for (CodecInfo c : slot.codecs()) {
            if (c.rtxPayloadType() >= 0) {
                return c.rtxPayloadType();
            }
        }
        return -1;
    }

    private int paddingTransportCcId() {
        Integer id = slot.extensionIds().get(HeaderExtensions.TRANSPORT_WIDE_CC);
        return id == null || id < 1 || id > RtpPacket.ONE_BYTE_MAX_ID ? 0 : id;
    }

    /**
     * Sends padding-only RTX packets, as many whole ones as fit in {@code bytes}, to probe the
     * viewer's link for the bandwidth estimate (their transport-wide sequence numbers are stamped
     * as they leave). Returns the bytes sent: 0 when {@link #canSendPadding} is false.
     */
    public synchronized int sendPadding(int bytes) {
        int rtxPt = paddingRtxPayloadType();
        int twcc = paddingTransportCcId();
        if (rtxPt < 0 || twcc == 0 || packets == 0) {
            return 0;
        }
        if (paddingScratch == null) {
            paddingScratch = new byte[64 + PADDING_BYTES + Packets.SRTP_TRAILER_ROOM];
        }
        byte[] b = paddingScratch;
        int sent = 0;
        while (sent + 20 + PADDING_BYTES <= bytes) {
            // RFC 3550 §5.1 header (V=2, P=1, X=1), one-byte extension block with transport-cc
            // (RFC 8285 §4.2), no payload, then padding whose last byte counts it.
            b[0] = (byte) 0xB0;
            b[1] = (byte) (rtxPt & 0x7F);
            b[2] = (byte) (rtxSeq >> 8);
            b[3] = (byte) rtxSeq;
            rtxSeq = (rtxSeq + 1) & 0xffff;
            long ts = lastRtpTimestamp;
            b[4] = (byte) (ts >> 24);
            b[5] = (byte) (ts >> 16);
            b[6] = (byte) (ts >> 8);
            b[7] = (byte) ts;
            long ssrc = slot.rtxSsrc();
            b[8] = (byte) (ssrc >> 24);
            b[9] = (byte) (ssrc >> 16);
            b[10] = (byte) (ssrc >> 8);
            b[11] = (byte) ssrc;
            b[12] = (byte) 0xBE;
            b[13] = (byte) 0xDE;
            b[14] = 0;
            b[15] = 1;
            b[16] = (byte) (twcc << 4 | 1);
            b[17] = 0;
            b[18] = 0;
            b[19] = 0;
            int n = 20 + PADDING_BYTES;
            Arrays.fill(b, 20, n - 1, (byte) 0);
            b[n - 1] = (byte) PADDING_BYTES;
            if (!viewer.sendRtp(b, 0, n)) {
                break;
            }
            sent += n;
        }
        return sent;
    }

    /** The first packet to forward: the buffers of the forwarding path (see the class comment). */
    private void allocateBuffers() {
        scratch = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
        if (slot.kind() == TrackKind.VIDEO) {
            history = new PacketHistory(HISTORY_PACKETS, Packets.MAX_PACKET_SIZE);
        }
    }

    /** Whether the packet buffers exist yet (a packet was forwarded): for memory tests. */
    synchronized boolean hasBuffers() {
        return scratch != null;
    }

    /**
     * The viewer lost these packets (its NACK, RFC 4585 §6.2.1): send them again from the
     * history, as RTX (RFC 4588) when the viewer negotiated it, else as they were.
     */
    public synchronized void retransmit(int[] seqs, int count) {
        nacksReceived += count;
        if (history == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            int n = history.copyOut(seqs[i], scratch, 0);
            if (n <= 0) {
                continue;
            }
            if (slot.rtxSsrc() >= 0 && out.wrap(scratch, 0, n)) {
                CodecInfo codec = outCodecByPt[out.payloadType()];
                if (codec != null && codec.rtxPayloadType() >= 0) {
                    if (rtxScratch == null) {
                        rtxScratch = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
                    }
                    int m = Rtx.wrap(out, rtxScratch, 0, codec.rtxPayloadType(), slot.rtxSsrc(), rtxSeq);
                    rtxSeq = (rtxSeq + 1) & 0xffff;
                    if (m > 0 && viewer.sendRtp(rtxScratch, 0, m)) {
                        retransmitted++;
                    }
                    continue;
                }
            }
            if (viewer.sendRtp(scratch, 0, n)) {
                retransmitted++;
            }
        }
    }

    /**
     * The viewer asked for a keyframe (PLI or FIR): passed to the publisher for the layer this
     * viewer gets, throttled there per layer, so viewers of other layers are not disturbed.
     */
    public void onKeyframeRequest(long nowMillis) {
        keyframeRequests++;
        Producer p;
        int layer;
        synchronized (this) {
            p = source;
            layer = currentLayer >= 0 ? currentLayer : targetLayer;
        }
        if (p != null && layer >= 0) {
            p.requestKeyframe(layer, nowMillis);
        }
    }

    /**
     * The values of a sender report for this stream at {@code nowMillis}: the RTP timestamp
     * extrapolated from the last packet sent (RFC 3550 §6.4.1), packet and octet counts.
     * Returns false when nothing was sent yet.
     */
    public synchronized boolean senderReport(long nowMillis, long[] rtpTsPacketsOctets) {
        if (packets == 0) {
            return false;
        }
        long elapsed = nowMillis - lastSentMillis;
        rtpTsPacketsOctets[0] = (lastRtpTimestamp + elapsed * slot.clockRate() / 1000) & 0xffffffffL;
        rtpTsPacketsOctets[1] = packets & 0xffffffffL;
        rtpTsPacketsOctets[2] = octets & 0xffffffffL;
        return true;
    }

    /**
     * The viewer's receiver report block about this stream (its receive thread): cumulative
     * number of packets lost and interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1).
     */
    public void onReceiverReport(long cumulativeLost, long jitter) {
        reportedLost = cumulativeLost;
        reportedJitter = jitter;
    }

    /** Packets lost as the viewer last reported, 0 before its first report. */
    public long reportedLost() {
        return reportedLost;
    }

    /** Interarrival jitter as the viewer last reported, in milliseconds; 0 before its first report. */
    public double reportedJitterMillis() {
        return reportedJitter * 1000.0 / slot.clockRate();
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long nacksReceived() {
        return nacksReceived;
    }

    public long retransmitted() {
        return retransmitted;
    }

    public long keyframeRequests() {
        return keyframeRequests;
    }

    public long bitrateBps(long nowMillis) {
        return bitrate.bitsPerSecond(nowMillis);
    }
}
