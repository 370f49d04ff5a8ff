package io.familymeeting.media.core.room;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.media.api.TrackStats;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.LayerAllocator;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.sdp.answer.SendStream;
import io.familymeeting.media.core.transport.TransportOwner;
import io.familymeeting.media.core.transport.WebRtcTransport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A member of a room: its role, its connection state, its tracks (producers when it
 * presents, consumers, one per receiving slot, when it views) and what its last
 * negotiation fixed. Its {@link WebRtcTransport} carries the packets: decrypted RTP comes up
 * through {@link #onRtp} to the producer of its SSRC; consumers send through the transport.
 *
 * <p>It decides what the transport's events mean for the room: secure → connected (the
 * presenter goes on stage, the viewer is bound to it), failed → removed. Does not touch
 * packets beyond routing an RTP packet to its producer by SSRC.
 */
public final class Participant implements TransportOwner, StageSource {
    private static final Logger LOG = Logger.getLogger(Participant.class.getName());

    /** Connection states, in the order they are reached. */
    public enum State { NEW, CONNECTING, CONNECTED, FAILED, CLOSED }

    /** What the last answer fixed: the offerer's ICE ufrag, our send streams by mid, the o= version. */
    record Negotiation(String remoteIceUfrag, Map<String, SendStream> sendStreams, long sessionVersion) {
        Negotiation {
            sendStreams = Map.copyOf(sendStreams);
        }
    }

    private final Room room;
    private final String id;
    private final String displayName;
    private final ParticipantRole role;
    private final WebRtcTransport transport;
    private final EngineContext context;
    private final Instant joinedAt = Instant.now();
    private final SlotShortage slotShortage = new SlotShortage();

    private volatile Negotiation negotiation = new Negotiation("", Map.of(), 0);
    private volatile List<Producer> producers = List.of();
    private volatile List<Consumer> consumers = List.of();
    /** Simulcast layer per video slot from the bandwidth estimate (timer thread only). */
    private final LayerAllocator layers = new LayerAllocator();
    private volatile State state = State.NEW;
    private volatile String failure = "";
    /** The source address counted for this participant's transport, until it goes. */
    private final AtomicReference<InetAddress> claimedAddress = new AtomicReference<>();

    /** The transport must be attached to it ({@link WebRtcTransport#attach}) before tracks are set. */
    Participant(Room room, String id, String displayName, ParticipantRole role, WebRtcTransport transport,
                EngineContext context) {
        this.room = room;
        this.id = id;
        this.displayName = displayName;
        this.role = role;
        this.transport = transport;
        this.context = context;
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

    WebRtcTransport transport() {
        return transport;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    public State state() {
        return state;
    }

    @Override
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

    @Override
    public List<Consumer> consumers() {
        return consumers;
    }

    void setNegotiation(Negotiation negotiation) {
        this.negotiation = negotiation;
    }

    Negotiation negotiation() {
        return negotiation;
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
            nextProducers.add(kept != null ? kept : new Producer(id, t, transport.feedback()));
        }
        List<Consumer> nextConsumers = new ArrayList<>();
        for (TrackDescription t : outgoing) {
            Consumer kept = null;
            for (Consumer c : consumers) {
                if (c.slot().mid().equals(t.mid()) && c.slot().ssrc() == t.ssrc() && c.slot().kind() == t.kind()) {
                    kept = c;
                }
            }
            nextConsumers.add(kept != null ? kept : new Consumer(id, t, transport));
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

    /** The transport is secure: media can flow. */
    @Override
    public void onSecure() {
        synchronized (this) {
            // Under the lock: a participant that failed or closed meanwhile stays so.
            if (state != State.CONNECTING) {
                return;
            }
            state = State.CONNECTED;
        }
        long now = context.nowMillis();
        context.emit(MediaEvent.Type.CONNECTED, room.id(), id, "selected pair " + transport.selectedPair().orElse("?"));
        if (role == ParticipantRole.PRESENTER) {
            room.presenterLive(this, now);
        } else {
            room.viewerReady(this, now);
        }
    }

    @Override
    public void onFailed(String reason) {
        fail(reason);
    }

    /**
     * ICE connected from {@code remote}: counted against the limit of transports per source
     * address; over it, the participant is refused ({@link MediaEvent.Type#REFUSED}) and removed.
     */
    @Override
    public boolean onIceConnected(InetSocketAddress remote) {
        if (!isAlive()) {
            return false;
        }
        InetAddress address = remote.getAddress();
        try {
            context.claimAddress(address);
        } catch (MediaException e) {
            end(MediaEvent.Type.REFUSED, e.getMessage());
            return false;
        }
        claimedAddress.set(address);
        if (!isAlive()) {
            // Closed meanwhile: release() may have run before the address was set.
            releaseAddress();
            return false;
        }
        return true;
    }

    /** Fails the transport (ICE, consent or DTLS) and removes the participant from its room. */
    void fail(String reason) {
        end(MediaEvent.Type.FAILED, reason);
    }

    /** FAILED or REFUSED: records why, removes the participant and reports it. */
    private void end(MediaEvent.Type type, String reason) {
        synchronized (this) {
            if (state == State.FAILED || state == State.CLOSED) {
                return;
            }
            failure = reason;
            state = State.FAILED;
        }
        LOG.info(() -> "participant " + room.id() + "/" + id + (type == MediaEvent.Type.REFUSED ? " refused: " : " failed: ")
                + reason);
        release();
        context.emit(type, room.id(), id, reason);
        context.removed(this);
    }

    /** Closes the participant on request (it left, or was removed, or replaced). */
    void close(String reason) {
        synchronized (this) {
            if (state == State.FAILED || state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
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
        transport.close();
        releaseAddress();
    }

    /** Gives the counted source address back (once). */
    private void releaseAddress() {
        InetAddress address = claimedAddress.getAndSet(null);
        if (address != null) {
            context.releaseAddress(address);
        }
    }

    /** A decrypted RTP packet of this presenter (receive thread): to the producer of its SSRC. */
    @Override
    public boolean onRtp(RtpPacket packet, long nowMillis) {
        long ssrc = packet.ssrc();
        // Indexed loops: no Iterator per packet.
        List<Producer> list = producers;
        Producer target = null;
        for (int i = 0; i < list.size() && target == null; i++) {
            if (list.get(i).owns(ssrc)) {
                target = list.get(i);
            }
        }
        for (int i = 0; i < list.size() && target == null; i++) {
            if (list.get(i).adoptIfUnsignaled(packet)) {
                target = list.get(i);
            }
        }
        if (target == null) {
            return false;
        }
        if (target.onRtp(packet.buffer(), packet.offset(), packet.length(), nowMillis)) {
            context.emit(MediaEvent.Type.TRACK_STARTED, room.id(), id, target.kind().name().toLowerCase());
        }
        return true;
    }

    @Override
    public void onKeyframeRequested(long mediaSsrc) {
        context.emit(MediaEvent.Type.KEYFRAME_REQUESTED, room.id(), id, "");
    }

    /** Periodic NACK and RTCP work (timer thread). */
    void onTimer(long nowMillis) {
        if (state != State.CONNECTED) {
            return;
        }
        try {
            List<Producer> list = producers;
            for (int i = 0; i < list.size(); i++) {
                list.get(i).onTimer(nowMillis);
            }
            transport.onTimer(nowMillis);
            List<Consumer> slots = consumers;
            if (!slots.isEmpty()) {
                layers.onTimer(slots, transport.estimatedSendBps(), transport.sendLossFraction(), nowMillis);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "RTCP timer of " + id, e);
        }
    }

    // --- Stats ------------------------------------------------------------------------------

    /** Packets of this participant's transport that were not used ({@link WebRtcTransport#droppedPackets}). */
    long droppedPackets() {
        return transport.droppedPackets();
    }

    /** What this participant's transport refused, by cause ({@link WebRtcTransport#drops}). */
    DropCounts drops() {
        return transport.drops();
    }

    ParticipantSnapshot snapshot(long nowMillis) {
        List<TrackStats> tracks = new ArrayList<>();
        for (Producer p : producers) {
            ReceiveStatistics rs = p.receiveStatistics();
            tracks.add(new TrackStats(p.kind().name().toLowerCase(), "in", p.mediaSsrc(), p.packets(), p.bytes(),
                    p.bitrateBps(nowMillis), rs == null ? 0 : rs.cumulativeLost(),
                    rs == null ? 0 : rs.jitter() * 1000.0 / p.track().clockRate(), -1,
                    p.nacksSent(), p.keyframeRequests(), 0, p.layersSummary(nowMillis)));
        }
        for (Consumer c : consumers) {
            tracks.add(new TrackStats(c.slot().kind().name().toLowerCase(), "out", c.slot().ssrc(), c.packets(),
                    c.bytes(), c.bitrateBps(nowMillis), c.reportedLost(), c.reportedJitterMillis(),
                    transport.rttMillis(), c.nacksReceived(), c.keyframeRequests(), c.retransmitted(),
                    c.layerSummary()));
        }
        String dtlsState = switch (state) {
            case NEW -> "new";
            case CONNECTING -> transport.isSecure() ? "connected" : "connecting";
            case CONNECTED -> "connected";
            case FAILED -> "failed";
            case CLOSED -> "closed";
        };
        return new ParticipantSnapshot(id, displayName, role, transport.iceState(), dtlsState,
                transport.selectedPair().orElse(""), joinedAt, tracks, transport.drops(), transport.estimatedSendBps());
    }

    String failure() {
        return failure;
    }
}
