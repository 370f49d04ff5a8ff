package io.familymeeting.media.core.room;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.dtls.DtlsTransport;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.sdp.SendStream;
import io.familymeeting.media.core.ice.IceTransport;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.send.QueuedSender;
import io.familymeeting.media.core.send.SendQueue;
import io.familymeeting.media.core.srtp.SrtpSession;
import io.familymeeting.media.core.util.PacketDemux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One participant's transport (ICE → DTLS → SRTP on the shared media port) and its tracks:
 * producers when it presents, consumers (one per receiving slot) when it views.
 *
 * <p>Its receive thread demultiplexes every packet (RFC 7983): DTLS goes to the handshake,
 * SRTP is decrypted once and handed to the room's fan-out, SRTCP to {@link RtcpReceiver}.
 * Its {@link MediaSender} side protects and sends what other participants' threads forward
 * to it: on the forwarding thread itself, or, when the engine separates receive and send
 * ({@code EXPERIMENT_RTP_SEP_RW}), on the send thread of the {@link SendQueue} it was given,
 * which calls back {@link #sendQueued}. Garbage is counted and dropped; nothing thrown on a
 * packet leaves this class.
 */
public final class Participant implements MediaSender, QueuedSender, FeedbackSender, StageSource {
    private static final Logger LOG = Logger.getLogger(Participant.class.getName());

    /** Connection states, in the order they are reached. */
    public enum State { NEW, CONNECTING, CONNECTED, FAILED, CLOSED }

    private final Room room;
    private final String id;
    private final String displayName;
    private final ParticipantRole role;
    private final IceTransport ice;
    private final DtlsTransport dtls;
    private final EngineContext context;
    private final Instant joinedAt = Instant.now();
    /** Our RTCP sender SSRC towards this participant (RFC 3550 §6.4.1). */
    private final long localSsrc;
    private final RtcpReceiver rtcpReceiver;
    private final RtcpSender rtcpSender;
    /** Null: {@link #sendRtp} / {@link #sendRtcp} protect and send on the calling thread. */
    private final SendQueue sendQueue;

    private volatile List<Producer> producers = List.of();
    private volatile List<Consumer> consumers = List.of();
    private volatile SrtpSession srtp;
    private volatile State state = State.NEW;
    private volatile String failure = "";
    private final Object sendLock = new Object();
    private final byte[] rtcpScratch = new byte[1500];
    private final int[] nackScratch = new int[64];

    private final AtomicLong dropped = new AtomicLong();
    private final SlotShortage slotShortage = new SlotShortage();

    Participant(Room room, String id, String displayName, ParticipantRole role, IceTransport ice,
                DtlsTransport dtls, EngineContext context, long localSsrc) {
        this.room = room;
        this.id = id;
        this.displayName = displayName;
        this.role = role;
        this.ice = ice;
        this.dtls = dtls;
        this.context = context;
        this.localSsrc = localSsrc;
        this.rtcpReceiver = new RtcpReceiver(this);
        this.rtcpSender = new RtcpSender(this);
        this.sendQueue = context.assignSendQueue();
    }

    @Override
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public ParticipantRole role() {
        return role;
    }

    public Room room() {
        return room;
    }

    long localSsrc() {
        return localSsrc;
    }

    IceTransport ice() {
        return ice;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    public State state() {
        return state;
    }

    public List<Producer> producers() {
        return producers;
    }

    @Override
    public List<Producer> producers(TrackKind kind) {
        List<Producer> out = new ArrayList<>();
        for (Producer p : producers) {
            if (p.kind() == kind) {
                out.add(p);
            }
        }
        return out;
    }

    public List<Consumer> consumers() {
        return consumers;
    }

    private volatile String remoteIceUfrag = "";
    private volatile Map<String, SendStream> sendStreams = Map.of();
    private volatile long sessionVersion;

    /** What the last answer fixed: the offerer's ICE ufrag, our send streams by mid, the o= version. */
    void setNegotiation(String remoteIceUfrag, Map<String, SendStream> sendStreams, long sessionVersion) {
        this.remoteIceUfrag = remoteIceUfrag;
        this.sendStreams = Map.copyOf(sendStreams);
        this.sessionVersion = sessionVersion;
    }

    String remoteIceUfrag() {
        return remoteIceUfrag;
    }

    Map<String, SendStream> sendStreams() {
        return sendStreams;
    }

    long sessionVersion() {
        return sessionVersion;
    }

    /** Not failed or closed: a new offer renegotiates rather than replaces it. */
    boolean isAlive() {
        return state == State.NEW || state == State.CONNECTING || state == State.CONNECTED;
    }

    /**
     * Applies a (re)negotiation: producers and consumers of unchanged m-lines (same mid and
     * SSRC) are kept with their state; new ones are created; dropped ones are unbound. When
     * the transport is already up, the room rebinds viewers at once.
     */
    synchronized void updateTracks(List<TrackDescription> incoming, List<TrackDescription> outgoing, long nowMillis) {
        List<Producer> nextProducers = new ArrayList<>();
        for (TrackDescription t : incoming) {
            Producer kept = null;
            for (Producer p : producers) {
                if (p.track().mid().equals(t.mid()) && p.track().ssrc() == t.ssrc() && p.track().kind() == t.kind()) {
                    kept = p;
                }
            }
            nextProducers.add(kept != null ? kept : new Producer(id, t, this));
        }
        List<Consumer> nextConsumers = new ArrayList<>();
        for (TrackDescription t : outgoing) {
            Consumer kept = null;
            for (Consumer c : consumers) {
                if (c.slot().mid().equals(t.mid()) && c.slot().ssrc() == t.ssrc() && c.slot().kind() == t.kind()) {
                    kept = c;
                }
            }
            nextConsumers.add(kept != null ? kept : new Consumer(id, t, this));
        }
        List<Producer> oldProducers = producers;
        List<Consumer> oldConsumers = consumers;
        this.producers = List.copyOf(nextProducers);
        this.consumers = List.copyOf(nextConsumers);
        for (Consumer c : oldConsumers) {
            if (!nextConsumers.contains(c)) {
                c.bind(null, nowMillis);
            }
        }
        if (state == State.CONNECTED) {
            if (role == ParticipantRole.PRESENTER) {
                room.presenterLive(this, nowMillis);
            } else {
                room.viewerReady(this, nowMillis);
            }
        }
        for (Producer p : oldProducers) {
            if (!nextProducers.contains(p) && p.started()) {
                context.emit(MediaEvent.Type.TRACK_ENDED, room.id(), id, p.kind().name().toLowerCase());
            }
        }
    }

    /**
     * Viewer: the room bound its {@code have} slots to a stage source with {@code stage}
     * tracks; a shortage is reported once as {@link MediaEvent.Type#RENEGOTIATION_NEEDED}.
     */
    void slotsBound(SlotCounts have, SlotCounts stage) {
        SlotCounts needed = slotShortage.check(have, stage);
        if (needed != null) {
            LOG.info(() -> "viewer " + room.id() + "/" + id + " has " + have.detail() + " slots, needs " + needed.detail());
            context.emit(MediaEvent.Type.RENEGOTIATION_NEEDED, room.id(), id, needed.detail());
        }
    }

    /** Called before ICE checks start: DTLS follows when ICE connects, media when DTLS connects. */
    void markConnecting() {
        state = State.CONNECTING;
    }

    /** ICE has a selected pair: read the participant's packets and start the DTLS handshake. */
    void onIceConnected() {
        if (state != State.CONNECTING) {
            return;
        }
        ice.startReceiving(this::onPacket, context.executor());
        dtls.start();
    }

    void onIceFailed(String reason) {
        fail("ICE: " + reason);
    }

    /** DTLS is up and SRTP keys are known: media can flow. */
    void onSecure(SrtpSession session) {
        if (state != State.CONNECTING) {
            session.close();
            return;
        }
        this.srtp = session;
        state = State.CONNECTED;
        long now = context.nowMillis();
        context.emit(MediaEvent.Type.CONNECTED, room.id(), id, "selected pair " + ice.selectedPair().orElse("?"));
        if (role == ParticipantRole.PRESENTER) {
            room.presenterLive(this, now);
        } else {
            room.viewerReady(this, now);
        }
    }

    void onDtlsFailed(String reason) {
        fail("DTLS: " + reason);
    }

    /** Fails the transport (ICE, consent or DTLS) and removes the participant from its room. */
    void fail(String reason) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        failure = reason;
        state = State.FAILED;
        LOG.info(() -> "participant " + room.id() + "/" + id + " failed: " + reason);
        release();
        context.emit(MediaEvent.Type.FAILED, room.id(), id, reason);
        context.removed(this);
    }

    /** Closes the participant on request (it left, or was removed, or replaced). */
    void close(String reason) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        release();
        context.emit(MediaEvent.Type.LEFT, room.id(), id, reason);
        context.removed(this);
    }

    private void release() {
        long now = context.nowMillis();
        room.remove(this, now);
        if (role == ParticipantRole.PRESENTER) {
            for (Producer p : producers) {
                if (p.started()) {
                    context.emit(MediaEvent.Type.TRACK_ENDED, room.id(), id, p.kind().name().toLowerCase());
                }
            }
        }
        try {
            dtls.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing DTLS", e);
        }
        ice.close();
        SrtpSession s = srtp;
        srtp = null;
        if (s != null) {
            s.close();
        }
    }

    /** Every non-STUN packet from the participant's selected address (receive thread). */
    void onPacket(byte[] buf, int off, int len) {
        try {
            if (PacketDemux.isDtls(buf, off, len)) {
                dtls.receive(buf, off, len);
                return;
            }
            SrtpSession s = srtp;
            if (s == null || !PacketDemux.isRtpOrRtcp(buf, off, len)) {
                dropped.incrementAndGet();
                return;
            }
            if (PacketDemux.isRtcp(buf, off, len)) {
                int n = s.unprotectRtcp(buf, off, len);
                if (n <= 0) {
                    dropped.incrementAndGet();
                    return;
                }
                rtcpReceiver.onRtcp(buf, off, n, context.nowMillis());
            } else {
                int n = s.unprotectRtp(buf, off, len);
                if (n <= 0) {
                    dropped.incrementAndGet();
                    return;
                }
                onRtp(buf, off, n);
            }
        } catch (RuntimeException e) {
            // A packet must never take the receive loop down: count it, log it once in a while.
            dropped.incrementAndGet();
            LOG.log(Level.FINE, "dropped a packet of " + id, e);
        }
    }

    private final RtpPacket rtpView = new RtpPacket();

    private void onRtp(byte[] buf, int off, int len) {
        if (role != ParticipantRole.PRESENTER || !rtpView.wrap(buf, off, len)) {
            dropped.incrementAndGet();
            return;
        }
        long now = context.nowMillis();
        rtcpSender.onMediaPacket(rtpView, now);
        long ssrc = rtpView.ssrc();
        // Indexed loops: no Iterator per packet.
        List<Producer> list = producers;
        Producer target = null;
        for (int i = 0; i < list.size() && target == null; i++) {
            if (list.get(i).owns(ssrc)) {
                target = list.get(i);
            }
        }
        for (int i = 0; i < list.size() && target == null; i++) {
            if (list.get(i).adoptIfUnsignaled(ssrc, rtpView.payloadType())) {
                target = list.get(i);
            }
        }
        if (target == null) {
            dropped.incrementAndGet();
            return;
        }
        if (target.onRtp(buf, off, len, now)) {
            context.emit(MediaEvent.Type.TRACK_STARTED, room.id(), id, target.kind().name().toLowerCase());
        }
    }

    /** Periodic RTCP and NACK work (timer thread). */
    void onTimer(long nowMillis) {
        if (state != State.CONNECTED) {
            return;
        }
        try {
            for (Producer p : producers) {
                p.onTimer(nowMillis);
            }
            rtcpSender.onTimer(nowMillis);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "RTCP timer of " + id, e);
        }
    }

    // --- MediaSender: what other threads forward to this participant -----------------------

    /** True when the packet was sent, or queued for the send thread. */
    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(false, buf, off, len);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(true, buf, off, len);
    }

    private boolean send(boolean rtcp, byte[] buf, int off, int len) {
        if (srtp == null) {
            return false;
        }
        SendQueue q = sendQueue;
        return q != null ? q.offer(this, rtcp, buf, off, len) : protectAndTransmit(rtcp, buf, off, len);
    }

    /** The send thread of this participant's queue, with a packet {@link #send} queued. */
    @Override
    public boolean sendQueued(boolean rtcp, byte[] buf, int off, int len) {
        return protectAndTransmit(rtcp, buf, off, len);
    }

    private boolean protectAndTransmit(boolean rtcp, byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null) {
            return false;
        }
        synchronized (sendLock) {
            int n = rtcp ? s.protectRtcp(buf, off, len) : s.protectRtp(buf, off, len);
            if (n <= 0) {
                return false;
            }
            return transmit(buf, off, n);
        }
    }

    private boolean transmit(byte[] buf, int off, int len) {
        try {
            return ice.send(buf, off, len);
        } catch (java.io.IOException e) {
            dropped.incrementAndGet();
            return false;
        }
    }

    // --- FeedbackSender: what this participant's producers ask of the publisher ------------

    @Override
    public void sendPli(long mediaSsrc) {
        synchronized (rtcpScratch) {
            int n = Pli.write(rtcpScratch, 0, localSsrc, mediaSsrc);
            sendRtcp(rtcpScratch, 0, n);
        }
        context.emit(MediaEvent.Type.KEYFRAME_REQUESTED, room.id(), id, "");
    }

    @Override
    public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        synchronized (rtcpScratch) {
            int n = GenericNack.write(rtcpScratch, 0, localSsrc, mediaSsrc, lostSeqs, 0, count);
            if (n > 0) {
                sendRtcp(rtcpScratch, 0, n);
            }
        }
    }

    @Override
    public int[] nackScratch() {
        return nackScratch;
    }

    // --- Stats ------------------------------------------------------------------------------

    /**
     * Packets of this participant that were not used: garbage, undecryptable or unroutable
     * ones, DTLS datagrams the transport refused, and datagrams the ICE receive queue dropped.
     */
    long droppedPackets() {
        return dropped.get() + dtls.droppedDatagrams() + ice.droppedPackets();
    }

    ParticipantSnapshot snapshot(long nowMillis) {
        List<TrackStats> tracks = new ArrayList<>();
        for (Producer p : producers) {
            ReceiveStatistics rs = p.receiveStatistics();
            tracks.add(new TrackStats(p.kind().name().toLowerCase(), "in", p.mediaSsrc(), p.packets(), p.bytes(),
                    p.bitrateBps(nowMillis), rs == null ? 0 : rs.cumulativeLost(),
                    rs == null ? 0 : rs.jitter() * 1000.0 / p.track().clockRate(), -1,
                    p.nacksSent(), p.keyframeRequests()));
        }
        for (Consumer c : consumers) {
            tracks.add(new TrackStats(c.slot().kind().name().toLowerCase(), "out", c.slot().ssrc(), c.packets(),
                    c.bytes(), c.bitrateBps(nowMillis), rtcpReceiver.lostReported(c.slot().ssrc()),
                    rtcpReceiver.jitterMillis(c.slot().ssrc(), c.slot().clockRate()),
                    rtcpReceiver.rttMillis(), c.nacksReceived(), c.keyframeRequests(), c.retransmitted()));
        }
        String dtlsState = switch (state) {
            case NEW -> "new";
            case CONNECTING -> srtp == null ? "connecting" : "connected";
            case CONNECTED -> "connected";
            case FAILED -> "failed";
            case CLOSED -> "closed";
        };
        return new ParticipantSnapshot(id, displayName, role, ice.state().name(), dtlsState,
                ice.selectedPair().orElse(""), joinedAt, tracks);
    }

    String failure() {
        return failure;
    }
}
