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

import java.net.InetAddress;
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
 * The engine's rooms and the services participants share: admission of offers within the
 * {@link Budgets}, the count of connected transports per source address, the event channel to
 * the owner, and the timer loop that drives RTCP, NACKs and statistics ({@link #TICK_MILLIS}).
 * Rooms are created on the first offer and forgotten when empty.
 */
public final class Rooms implements EngineContext {
    private static final Logger LOG = Logger.getLogger(Rooms.class.getName());
    /** Timer resolution: NACK retries and transport-cc feedback need tens of milliseconds. */
    static final long TICK_MILLIS = 10;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Admission admission;
    private final SourceAddresses addresses;
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
    public Rooms(MediaPort port, DtlsCertificate certificate, IceTransportConfig iceConfig, Budgets budgets,
                 MediaEventListener events, Executor executor, SendLoops sendLoops) {
        this.events = events;
        this.executor = executor;
        this.sendLoops = sendLoops;
        this.addresses = new SourceAddresses(budgets.transportsPerAddress());
        this.admission = new Admission(port, certificate, iceConfig, budgets, new Seats(), this);
    }

    public String answer(OfferRequest offer) throws MediaException {
        if (!running) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "the media engine is stopping");
        }
        // Counted in the room as it is looked up (atomically): it cannot be forgotten meanwhile.
        Room room = rooms.compute(offer.roomId(), (id, r) -> {
            Room found = r != null ? r : new Room(id);
            found.admissionStarted();
            return found;
        });
        Admission.Admitted admitted;
        try {
            admitted = admission.admit(room, offer);
        } finally {
            room.admissionEnded();
            // A refused offer leaves no empty room behind.
            forgetIfEmpty(room);
        }
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

    /** Forgets the room when nothing is left in it and no offer is being admitted to it. */
    public void forgetIfEmpty(Room room) {
        // Atomic with the look-up in answer(): an offer being admitted keeps the room.
        rooms.computeIfPresent(room.id(), (id, r) -> r == room && r.isEmpty() ? null : r);
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
    public void claimAddress(InetAddress address) throws MediaException {
        if (!addresses.claim(address)) {
            throw new MediaException(MediaException.Reason.LIMIT_REACHED, "Too many connections from "
                    + SourceAddresses.describe(address) + ": " + addresses.limit() + " participants from one address"
                    + " are the most this server allows (MEDIA_MAX_TRANSPORTS_PER_ADDRESS).");
        }
    }

    @Override
    public void releaseAddress(InetAddress address) {
        addresses.release(address);
    }

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
        admission.giveSeats(room);
        forgetIfEmpty(room);
    }
}
