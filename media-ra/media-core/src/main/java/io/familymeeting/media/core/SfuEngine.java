package io.familymeeting.media.core;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.ice.MediaPortConfig;
import io.familymeeting.media.core.room.Rooms;
import io.familymeeting.media.core.rtsp.CameraTargets;
import io.familymeeting.media.core.rtsp.Cameras;
import io.familymeeting.media.core.send.SendLoops;
import io.familymeeting.media.core.srtp.SrtpSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * The SFU engine's front door: what the resource adapter (or a test harness) calls.
 * It owns the shared media port, the DTLS certificate and the rooms; it does not know about
 * signaling stores or containers. Long-running loops are run on the {@code Executor} given by
 * the owner, so inside the application server they are container-managed {@code Work}:
 * the RTCP timer, DTLS handshakes, cameras and, when {@link EngineConfig#sendLoops()} is not 0
 * ({@code EXPERIMENT_RTP_SEP_RW}), the send loops. Received datagrams are handled on the media
 * port's fixed set of forwarding threads ({@link EngineConfig#forwardingThreads()}), not one
 * thread per participant.
 */
public final class SfuEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SfuEngine.class.getName());

    private final EngineConfig config;
    private final MediaEventListener events;
    private final Executor longRunning;

    private volatile MediaPort mediaPort;
    private volatile Rooms rooms;
    private volatile Cameras cameras;
    private volatile SendLoops sendLoops;
    private volatile boolean running;

    public SfuEngine(EngineConfig config, MediaEventListener events, Executor longRunning) {
        this.config = Objects.requireNonNull(config, "config");
        this.events = Objects.requireNonNull(events, "events");
        this.longRunning = Objects.requireNonNull(longRunning, "longRunning");
    }

    /** Makes the DTLS certificate, binds the media port and starts the RTCP timer. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        // jitsi-srtp picks its AES provider with a one-second benchmark on first use: do it now,
        // not in the first participant's DTLS handshake.
        SrtpSession.warmUp();
        DtlsCertificate certificate = DtlsCertificate.generate();
        MediaPortConfig portConfig = new MediaPortConfig(config.bindAddress(), config.mediaPort(),
                config.advertisedAddresses(), config.advertisedAddresses().isEmpty(),
                config.receiveBufferBytes(), config.sendBufferBytes(), config.allowedCandidateNetworks(),
                config.blockPrivateCandidates(), config.forwardingThreads());
        MediaPort port = MediaPort.open(portConfig);
        IceTransportConfig iceConfig = IceTransportConfig.defaults().withConsentTimeoutMillis(config.consentTimeoutMillis());
        SendLoops loops = config.sendLoops() == 0 ? null : new SendLoops(config.sendLoops(), SendLoops.QUEUE_PACKETS);
        Rooms r = new Rooms(port, certificate, iceConfig, config.budgets(), events, longRunning, loops);
        try {
            if (loops != null) {
                loops.start(longRunning);
            }
            r.startTimer();
        } catch (RuntimeException e) {
            if (loops != null) {
                loops.close();
            }
            port.close();
            throw new IOException("could not start the engine's loops: " + e.getMessage(), e);
        }
        this.mediaPort = port;
        this.sendLoops = loops;
        this.rooms = r;
        this.cameras = new Cameras(r, longRunning, config.budgets().camerasPerRoom(), cameraTargets());
        this.running = true;
        LOG.info(() -> "media engine listening on UDP " + port.localAddresses() + ", certificate " + certificate.fingerprintHex()
                + ", " + port.forwardingThreads() + " forwarding thread(s)"
                + (loops == null ? "" : ", " + loops.loops() + " separate send loop(s)"));
    }

    /**
     * The camera target rules: {@link EngineConfig#cameraAllowedNetworks()} allowed, and the
     * bound and advertised addresses counted as this server's own besides its interfaces'.
     */
    private CameraTargets cameraTargets() {
        List<String> own = new ArrayList<>(config.advertisedAddresses());
        own.add(config.bindAddress());
        return CameraTargets.of(config.cameraAllowedNetworks(), own);
    }

    /** Answers an offer; see {@link io.familymeeting.media.api.MediaConnection#answer}. */
    public String answer(OfferRequest offer) throws MediaException {
        return requireRooms().answer(offer);
    }

    public void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException {
        requireRooms().addRemoteCandidate(roomId, participantId, candidate);
    }

    public void closeParticipant(String roomId, String participantId) {
        Rooms r = rooms;
        if (r != null) {
            r.closeParticipant(roomId, participantId);
        }
    }

    /** Closes every participant of the room and removes its cameras. */
    public void closeRoom(String roomId) {
        Cameras c = cameras;
        if (c != null) {
            c.removeRoom(roomId);
        }
        Rooms r = rooms;
        if (r != null) {
            r.closeRoom(roomId);
        }
    }

    // --- cameras (RTSP ingest, rooms/{roomId}/cameras/{cameraId} of docs/operations.md) --------

    /**
     * Adds an IP camera as a presenter of the room (created if needed), or replaces the camera
     * with this id. Returns at once: the camera connects on the engine's executor and reports
     * its state as {@link io.familymeeting.media.api.MediaEvent.Type#CAMERA_STATE} events
     * (participantId = cameraId) and in {@link #cameras()}.
     *
     * @throws MediaException INVALID_CAMERA when the URL is not an rtsp:// URL; UNAVAILABLE when stopped
     */
    public void addCamera(String roomId, String cameraId, CameraConfig config) throws MediaException {
        Objects.requireNonNull(config, "config");
        requireRooms();
        Cameras c = cameras;
        if (c == null) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "the media engine is not running");
        }
        c.add(roomId, cameraId, config);
    }

    /** Stops a camera (TEARDOWN) and takes it out of its room; false when there was none. */
    public boolean removeCamera(String roomId, String cameraId) {
        Cameras c = cameras;
        return c != null && c.remove(roomId, cameraId);
    }

    /** Every camera's state, codecs, fps and bitrate now. */
    public List<CameraSnapshot> cameras() {
        Cameras c = cameras;
        return c == null ? List.of() : c.snapshot();
    }

    /** The camera itself (GOP cache size, capture-clock mapping): for diagnostics and tests. */
    public Optional<io.familymeeting.media.core.rtsp.Camera> cameraSource(String roomId, String cameraId) {
        Cameras c = cameras;
        return c == null ? Optional.empty() : c.get(roomId, cameraId);
    }

    public Optional<CameraSnapshot> camera(String roomId, String cameraId) {
        Cameras c = cameras;
        return c == null ? Optional.empty() : c.get(roomId, cameraId).map(io.familymeeting.media.core.rtsp.Camera::snapshot);
    }

    public List<RoomSnapshot> rooms() {
        Rooms r = rooms;
        return r == null ? List.of() : r.snapshot();
    }

    public EngineSnapshot snapshot() {
        Rooms r = rooms;
        MediaPort port = mediaPort;
        SendLoops loops = sendLoops;
        boolean bound = port != null && port.isOpen();
        List<String> advertised = new ArrayList<>(config.advertisedAddresses());
        if (advertised.isEmpty() && port != null) {
            for (InetSocketAddress a : port.localAddresses()) {
                advertised.add(a.getAddress().getHostAddress());
            }
        }
        boolean threadsAlive = r != null && r.timerAlive() && (loops == null || loops.allRunning())
                && port != null && port.forwardingRunning();
        DropCounts drops = (r == null ? DropCounts.NONE : r.drops())
                .withStunRejected(port == null ? 0 : port.stunRequestsRefused())
                .plusOverflow(loops == null ? 0 : loops.stats().dropped());
        return new EngineSnapshot(running, bound, port == null ? config.mediaPort() : port.port(), advertised,
                threadsAlive, r == null ? 0 : r.roomCount(), r == null ? 0 : r.participantCount(), drops.total(),
                drops);
    }

    /**
     * The send loops' counters when receive and send are separated
     * ({@link EngineConfig#sendLoops()} &gt; 0); empty otherwise or when stopped.
     */
    public Optional<SendLoops.Stats> sendLoopStats() {
        SendLoops loops = sendLoops;
        return loops == null ? Optional.empty() : Optional.of(loops.stats());
    }

    /** True while started, the port is bound and the engine's timer, forwarding threads (and send loops) run. */
    public boolean isHealthy() {
        Rooms r = rooms;
        MediaPort port = mediaPort;
        SendLoops loops = sendLoops;
        return running && port != null && port.isOpen() && port.forwardingRunning() && r != null && r.timerAlive()
                && (loops == null || loops.allRunning());
    }

    private Rooms requireRooms() throws MediaException {
        Rooms r = rooms;
        if (!running || r == null) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "the media engine is not running");
        }
        return r;
    }

    /** Closes every participant, stops the timer and releases the media port. */
    @Override
    public synchronized void close() {
        running = false;
        Cameras c = cameras;
        cameras = null;
        if (c != null) {
            c.close();
        }
        Rooms r = rooms;
        rooms = null;
        MediaPort port = mediaPort;
        mediaPort = null;
        SendLoops loops = sendLoops;
        sendLoops = null;
        try {
            // Sending stops first: nothing queued is protected with a session being closed.
            if (loops != null) {
                loops.close();
            }
            if (r != null) {
                r.close();
            }
        } finally {
            // The port is released whatever happened to the participants.
            if (port != null) {
                port.close();
            }
        }
    }
}
