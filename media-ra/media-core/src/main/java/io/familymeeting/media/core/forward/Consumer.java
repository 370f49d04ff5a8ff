package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.PacketHistory;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
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

    private Producer source;
    private boolean waitingForKeyframe;
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
            Arrays.fill(extensionIdMap, (byte) 0);
            transportCcOutId = 0;
            if (producer != null) {
                mapPayloadTypes(producer.track());
                mapExtensions(producer.track().extensionIds());
                rewriter.switchSource();
                waitingForKeyframe = slot.kind() == TrackKind.VIDEO;
            }
        }
        if (previous != null) {
            previous.removeConsumer(this);
        }
        if (producer != null) {
            producer.addConsumer(this, nowMillis);
            producer.requestKeyframe(nowMillis);
        }
    }

    private void mapPayloadTypes(TrackDescription in) {
        for (CodecInfo ic : in.codecs()) {
            for (CodecInfo oc : slot.codecs()) {
                if (ic.matchKey().equals(oc.matchKey())) {
                    payloadTypeMap[ic.payloadType()] = (byte) oc.payloadType();
                    outCodecByPt[oc.payloadType()] = oc;
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

    /** One packet from the bound producer: rewrite a copy, remember it, protect and send it. */
    synchronized void forward(Producer from, byte[] buf, int off, int len, int payloadType,
                              boolean keyframe, long nowMillis) {
        if (from != source || len > Packets.MAX_PACKET_SIZE) {
            return;
        }
        int outPt = payloadTypeMap[payloadType & 0x7f];
        if (outPt < 0) {
            return;
        }
        if (waitingForKeyframe) {
            if (!keyframe) {
                from.requestKeyframe(nowMillis);
                return;
            }
            waitingForKeyframe = false;
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

    /** The viewer asked for a keyframe (PLI or FIR): pass it to the publisher, throttled there. */
    public void onKeyframeRequest(long nowMillis) {
        keyframeRequests++;
        Producer p;
        synchronized (this) {
            p = source;
        }
        if (p != null) {
            p.requestKeyframe(nowMillis);
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
