package io.familymeeting.media.core.room;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.ice.IceCandidateInfo;
import io.familymeeting.media.core.ice.IceCandidateType;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.send.SendLoops;
import io.familymeeting.media.core.send.SendQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's rooms and the services participants share: admission of offers, the event
 * channel to the owner, and the timer loop that drives RTCP, NACKs and statistics
 * ({@link #TICK_MILLIS}). Rooms are created on the first offer and forgotten when empty.
 */
public final class Rooms implements EngineContext {
    private static final Logger LOG = Logger.getLogger(Rooms.class.getName());
    /** Timer resolution: NACK retries and transport-cc feedback need tens of milliseconds. */
    static final long TICK_MILLIS = 10;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Admission admission;
    private final MediaEventListener events;
    private final Executor executor;
    /** Null: participants send on the forwarding thread. */
    private final SendLoops sendLoops;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile Thread timerThread;
    /** What participants that left had dropped (removals come from several threads; guarded by itself). */
    private final Object goneLock = new Object();
    private DropCounts dropsOfGone = DropCounts.NONE;

    /** With {@code sendLoops} non-null, every participant sends through one of its queues. */
    public Rooms(MediaPort port, DtlsCertificate certificate, IceTransportConfig iceConfig,
                 MediaEventListener events, Executor executor, SendLoops sendLoops) {
        this.events = events;
        this.executor = executor;
        this.sendLoops = sendLoops;
        this.admission = new Admission(port, certificate, iceConfig, this);
    }

    public String answer(OfferRequest offer) throws MediaException {
        if (!running) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "the media engine is stopping");
        }
        Room room = rooms.computeIfAbsent(offer.roomId(), Room::new);
        Admission.Admitted admitted = admission.admit(room, offer);
        LOG.fine(() -> "answered " + offer.roomId() + "/" + offer.participantId() + " as " + offer.role());
        return admitted.answerSdp();
    }

    public void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException {
        Room room = rooms.get(roomId);
        Participant p = room == null ? null : room.participant(participantId);
        if (p == null) {
            throw new MediaException(MediaException.Reason.NOT_FOUND, "no participant " + participantId + " in room " + roomId);
        }
        String text = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
        if (text.startsWith("candidate:")) {
            text = text.substring("candidate:".length());
        }
        try {
            Candidate c = Candidate.parse(text);
            if (!c.isUdp() || c.address().endsWith(".local")) {
                return;
            }
            p.transport().ice().addRemoteCandidate(new IceCandidateInfo(c.foundation(), c.component(), "udp", c.priority(),
                    c.address(), c.port(), IceCandidateType.fromSdpName(c.type()), c.relatedAddress(),
                    c.relatedPort() == null ? -1 : c.relatedPort()));
        } catch (SdpParseException | IllegalArgumentException e) {
            throw new MediaException(MediaException.Reason.MALFORMED_OFFER, "malformed candidate: " + e.getMessage(), e);
        }
    }

    /** The room with this id, created if needed (to attach a camera before anyone joins). */
    public Room room(String roomId) {
        return rooms.computeIfAbsent(roomId, Room::new);
    }

    /** Forgets the room when nothing is left in it (after a camera was detached). */
    public void forgetIfEmpty(Room room) {
        if (room.isEmpty()) {
            rooms.remove(room.id(), room);
        }
    }

    public void closeParticipant(String roomId, String participantId) {
        Room room = rooms.get(roomId);
        Participant p = room == null ? null : room.participant(participantId);
        if (p != null) {
            p.close("closed on request");
        }
    }

    public void closeRoom(String roomId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            for (Participant p : new ArrayList<>(room.participants())) {
                p.close("room closed");
            }
            rooms.remove(roomId, room);
        }
    }

    public List<RoomSnapshot> snapshot() {
        long now = nowMillis();
        List<RoomSnapshot> out = new ArrayList<>();
        for (Room room : rooms.values()) {
            List<ParticipantSnapshot> ps = new ArrayList<>();
            for (Participant p : room.participants()) {
                ps.add(p.snapshot(now));
            }
            out.add(new RoomSnapshot(room.id(), ps));
        }
        return out;
    }

    public int roomCount() {
        return rooms.size();
    }

    public int participantCount() {
        int n = 0;
        for (Room r : rooms.values()) {
            n += r.participants().size();
        }
        return n;
    }

    public long droppedPackets() {
        return drops().total();
    }

    /** What every participant's transport refused since the engine started, those that left included. */
    public DropCounts drops() {
        DropCounts sum;
        synchronized (goneLock) {
            sum = dropsOfGone;
        }
        for (Room r : rooms.values()) {
            for (Participant p : r.participants()) {
                sum = sum.plus(p.drops());
            }
        }
        return sum;
    }

    /** Starts the timer loop on the owner's executor. */
    public void startTimer() {
        executor.execute(this::timerLoop);
    }

    public boolean timerAlive() {
        Thread t = timerThread;
        return running && t != null && t.isAlive();
    }

    private void timerLoop() {
        timerThread = Thread.currentThread();
        while (running) {
            long now = nowMillis();
            for (Room room : rooms.values()) {
                for (Participant p : room.participants()) {
                    try {
                        p.onTimer(now);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "timer work of " + p.id() + " failed", e);
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
        }
    }

    public void close() {
        running = false;
        for (Room room : rooms.values()) {
            for (Participant p : new ArrayList<>(room.participants())) {
                p.close("server stopping");
            }
        }
        rooms.clear();
        Thread t = timerThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // --- EngineContext -----------------------------------------------------------------------

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public SendQueue assignSendQueue() {
        return sendLoops == null ? null : sendLoops.assign();
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    @Override
    public void emit(MediaEvent.Type type, String roomId, String participantId, String detail) {
        try {
            events.onMediaEvent(new MediaEvent(type, roomId, participantId, detail, null));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "media event listener failed on " + type, e);
        }
    }

    @Override
    public void removed(Participant participant) {
        DropCounts gone = participant.drops();
        synchronized (goneLock) {
            dropsOfGone = dropsOfGone.plus(gone);
        }
        Room room = participant.room();
        if (room.isEmpty()) {
            rooms.remove(room.id(), room);
        }
    }
}
