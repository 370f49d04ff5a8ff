package io.familymeeting.signaling.runtime;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaConnectionFactory;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.signaling.access.AccessConfig;
import io.familymeeting.signaling.access.RoomAccess;
import io.familymeeting.signaling.config.LegacyBroadcastRequests;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.scale.Ownership;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.AccessDocument;
import io.familymeeting.signaling.service.BroadcastRequests;
import io.familymeeting.signaling.service.CameraSignaling;
import io.familymeeting.signaling.service.Heartbeat;
import io.familymeeting.signaling.service.MediaEvents;
import io.familymeeting.signaling.service.NativeRooms;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.service.Reaper;
import io.familymeeting.signaling.service.Resync;
import io.familymeeting.signaling.service.Roster;
import io.familymeeting.signaling.service.SignalingTelemetry;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.telemetry.TelemetrySetup;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The signaling side of one instance, wired once at deployment: opens the signaling store
 * chosen by {@code SIGNALING_BACKEND} ({@link SignalingStores}), makes the services the
 * message-driven beans, timers, REST API and console call, and subscribes to participant,
 * camera and {@code broadcast_requests} documents (the callbacks only enqueue,
 * {@link SignalForwarding}). Owns their lifecycle: started in order at deployment, and at
 * undeploy drained ({@link InstanceDrain}) and closed in reverse.
 *
 * <p>Settings it must not run with (ACCESS_MODE=token without a key) stop it before anything
 * opens: one SEVERE log line, and {@link #refusal()} for the web layer and health checks.
 *
 * <p>Wiring only: what happens to a document is the services' part, which rooms are served
 * is {@link Ownership}'s, and how the engine is reached is {@link MediaAdapter}'s.
 */
@Singleton
@Startup
@DependsOn("JsonLogSetup") // production logs JSON from its first line
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@ConnectionFactoryDefinition(name = MediaAdapter.MEDIA_FACTORY_STANDALONE,
        interfaceName = "io.familymeeting.media.api.MediaConnectionFactory",
        resourceAdapter = MediaAdapter.RESOURCE_ADAPTER,
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        minPoolSize = 1, maxPoolSize = 64)
public class SignalingRuntime {
    private static final Logger LOG = Logger.getLogger(SignalingRuntime.class.getName());
    private static final String FIRESTORE = "firestore";

    private final Clock clock = Clock.systemUTC();
    private MediaAdapter media;
    private Settings settings;
    private AccessConfig access;
    private RoomAccess roomAccess;
    /** Why this instance refuses to serve (settings it must not run with), or null. */
    private volatile String refusal;
    private String instanceId;
    private DocumentStore store;
    private InstanceDrain drain;
    private Ownership ownership;
    private ParticipantSignaling participants;
    private Roster roster;
    private AccessDocument accessDocument;
    private CameraSignaling cameras;
    private BroadcastRequests broadcastRequests;
    private MediaEvents mediaEvents;
    private Reaper reaper;
    private Resync resync;
    private Heartbeat heartbeat;
    private CleanupSweep cleanup;
    private Registration participantsRegistration;
    private Registration camerasRegistration;
    private Registration broadcastRequestsRegistration;
    /** MicroProfile Telemetry's OpenTelemetry (Payara); unsatisfied: no telemetry. */
    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @PostConstruct
    void start() {
        media = MediaAdapter.lookup();
        settings = Settings.fromMicroProfileConfig();
        instanceId = SignalingStores.instanceId(settings);
        boolean legacyOpen;
        try {
            access = AccessConfig.from(settings, clock);
            legacyOpen = LegacyBroadcastRequests.isOpen(settings);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Not a failed deployment: Payara then reports readiness UP with no checks.
            // Deployed but refusing, the instance keeps readiness and startup DOWN.
            refusal = "family-meeting refuses to start: " + e.getMessage();
            LOG.severe(refusal);
            return;
        }
        store = SignalingStores.open(settings);
        // The Firestore rules read the access settings (config/access): published before any listener.
        accessDocument = new AccessDocument(store, access.mode(), legacyOpen, instanceId, clock);
        if (FIRESTORE.equals(store.backend())) {
            accessDocument.publish();
        }
        drain = new InstanceDrain(instanceId, Duration.ofSeconds(Math.max(0, settings.getInt(Setting.DRAIN_SECONDS))),
                media::roomsLeft, this::beat);
        SignalForwarding forwarding = new SignalForwarding(media);
        ParticipantSignaling.Media connect = media::connect;
        SignalingTelemetry telemetry = TelemetrySetup.create(openTelemetry, media::engine, media::rooms);
        // Ownership first: a claim only re-queues documents, and the services it is asked
        // about are made before any listener delivers.
        ownership = Ownership.open(store, settings, instanceId, clock, new OwnedRooms(store, forwarding, media));
        roomAccess = new RoomAccess(access, store, new NativeRooms(store, clock));
        participants = new ParticipantSignaling(store, connect, instanceId, clock, telemetry, ownership::serves,
                ownership::wanted);
        roster = new Roster(store, ownership::serves);
        mediaEvents = new MediaEvents(store, clock, telemetry);
        resync = new Resync(store);
        reaper = new Reaper(store, connect, Duration.ofSeconds(settings.getInt(Setting.REAP_AFTER_SECONDS)), clock);
        heartbeat = new Heartbeat(store, connect, instanceId, settings.getInt(Setting.MAX_BROADCASTS),
                settings.get(Setting.ROLE), drain::isDraining, this::ownedRooms, clock);
        cameras = new CameraSignaling(store, connect, clock, ownership::serves, ownership::wanted);
        participantsRegistration = store.listenGroup(Paths.PARTICIPANTS, forwarding::roomDocument);
        camerasRegistration = store.listenGroup(Paths.CAMERAS, forwarding::roomDocument);
        cleanup = new CleanupSweep(settings, store, clock);
        broadcastRequests = new BroadcastRequests(store, connect, instanceId, clock, ownership::serves,
                legacyOpen);
        broadcastRequestsRegistration = store.listen(Paths.BROADCAST_REQUESTS, forwarding::broadcastRequest);
        heartbeat.beat();
        drain.install();
        LOG.info(() -> "signaling started: instance " + instanceId + ", " + store.backend() + " store, " + access);
    }

    /**
     * True when the Firestore rules can read this instance's access settings (always on the
     * embedded store); false on an instance that refused to start (no store).
     */
    public boolean accessPublished() {
        DocumentStore s = store;
        return s != null && (!FIRESTORE.equals(s.backend()) || accessDocument.isPublished());
    }

    /** Timer: config/access again when it is missing or changed (Firestore only; nothing on the embedded store). */
    public void publishAccess() {
        if (FIRESTORE.equals(store.backend())) {
            accessDocument.publish();
        }
    }

    private void beat() {
        Heartbeat h = heartbeat;
        if (h != null) {
            h.beat();
        }
    }

    private Set<String> ownedRooms() {
        Ownership o = ownership;
        return o == null ? Set.of() : o.owned();
    }

    /** A new connection to the media engine; the caller closes it. */
    public MediaConnection media() throws MediaException {
        return media.connect();
    }

    public MediaConnectionFactory mediaFactory() {
        return media.factory();
    }

    public DocumentStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Why this instance refuses to serve, or null: settings it must not run with (token mode
     * without a key). Then nothing else was started; the web layer answers 503 with this
     * and the health checks keep readiness and startup DOWN.
     */
    public String refusal() {
        return refusal;
    }

    /** ACCESS_MODE and the join tokens. */
    public AccessConfig access() {
        return access;
    }

    /** Who may do what on the embedded store's REST API, and the writes once allowed. */
    public RoomAccess roomAccess() {
        return roomAccess;
    }

    public String instanceId() {
        return instanceId;
    }

    public ParticipantSignaling participants() {
        return participants;
    }

    /** The rooms' rosters (name, role, state of each participant, for the others in the room). */
    public Roster roster() {
        return roster;
    }

    /** The rooms' IP cameras (cameras documents to the engine, and its state back). */
    public CameraSignaling cameras() {
        return cameras;
    }

    public BroadcastRequests broadcastRequests() {
        return broadcastRequests;
    }

    /** Which rooms and broadcasts this instance serves (claims, leases, dispatch). */
    public Ownership ownership() {
        return ownership;
    }

    public MediaEvents mediaEvents() {
        return mediaEvents;
    }

    /** Reads a room's (or broadcaster's) documents again when its events were dropped. */
    public Resync resync() {
        return resync;
    }

    public Reaper reaper() {
        return reaper;
    }

    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Timer: one cleanup sweep (nothing where this instance does not sweep). */
    public void sweep() {
        cleanup.sweep();
    }

    public boolean isDraining() {
        return drain != null && drain.isDraining();
    }

    /** Stops taking new participants (readiness goes DOWN); existing ones carry on. */
    public void drain() {
        drain.drain();
    }

    /**
     * Drains and waits, at most {@code DRAIN_SECONDS}, for this instance's rooms to end.
     *
     * @return the rooms still open when the wait ended
     */
    public int drainAndWait() {
        return drain.drainAndWait();
    }

    @PreDestroy
    void stop() {
        if (drain != null) {
            drain.uninstall();
            if (!drain.isDrained()) {
                drain.drainAndWait();
            }
            drain.stopTaking();
        }
        for (AutoCloseable c : new AutoCloseable[] {participantsRegistration, camerasRegistration,
                broadcastRequestsRegistration, ownership}) {
            close(c);
        }
        if (heartbeat != null) {
            heartbeat.remove();
        }
        if (store != null) {
            store.close();
        }
        LOG.info("signaling stopped");
    }

    private static void close(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warning(() -> "closing " + c + ": " + e.getMessage());
        }
    }
}
