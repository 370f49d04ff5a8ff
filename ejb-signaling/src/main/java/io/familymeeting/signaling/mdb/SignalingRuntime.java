package io.familymeeting.signaling.mdb;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaConnectionFactory;
import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.scale.Cleanup;
import io.familymeeting.signaling.scale.Ownership;
import io.familymeeting.signaling.service.CameraSignaling;
import io.familymeeting.signaling.service.BroadcastRequests;
import io.familymeeting.signaling.service.Heartbeat;
import io.familymeeting.signaling.service.MediaEvents;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.service.Reaper;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.service.SignalingTelemetry;
import io.familymeeting.signaling.telemetry.TelemetrySetup;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.store.firestore.FirestoreConnector;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signaling side of one instance, made once at deployment: opens the signaling store
 * chosen by {@code SIGNALING_BACKEND}, subscribes to participant and camera documents (the callbacks
 * only hand each change to the media adapter's queue, which delivers it to {@link SignalMDB}
 * on a container thread, in order per room), and holds the services the beans and timers
 * call. The REST API and the console get the store and the media factory from here.
 */
@Singleton
@Startup
@DependsOn("JsonLogSetup") // production logs JSON from its first line
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@ConnectionFactoryDefinition(name = SignalingRuntime.MEDIA_FACTORY_STANDALONE,
        interfaceName = "io.familymeeting.media.api.MediaConnectionFactory",
        resourceAdapter = SignalingRuntime.RESOURCE_ADAPTER,
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        minPoolSize = 1, maxPoolSize = 64)
public class SignalingRuntime {
    private static final Logger LOG = Logger.getLogger(SignalingRuntime.class.getName());
    /**
     * The media connection factory inside the EAR: defined by the EAR's application.xml on
     * the embedded adapter {@code #media-ra} (an embedded RAR's name has its
     * application's name in front, and an annotation cannot say both names).
     */
    public static final String MEDIA_FACTORY_EAR = "java:app/family-meeting/media";
    /**
     * The media connection factory next to a standalone media-ra.rar (Payara Micro):
     * defined by the annotation on this class. Resource definitions are created on first
     * lookup, so inside the EAR this one is never created.
     */
    public static final String MEDIA_FACTORY_STANDALONE = "java:module/family-meeting/media";
    /** The media adapter's name when deployed as media-ra.rar. */
    public static final String RESOURCE_ADAPTER = "media-ra";

    private MediaConnectionFactory mediaFactory;

    private Settings settings;
    private String instanceId;
    private DocumentStore store;
    private Registration participantsRegistration;
    private Registration broadcastRequestsRegistration;
    private BroadcastRequests broadcastRequests;
    private Ownership ownership;
    /** Null when this instance does not sweep (ROLE broadcast). */
    private Cleanup cleanup;
    private ParticipantSignaling participants;
    private CameraSignaling cameras;
    private Registration camerasRegistration;
    private MediaEvents mediaEvents;
    private Reaper reaper;
    private Heartbeat heartbeat;
    private volatile boolean draining;
    private volatile boolean drained;
    private TermSignalDrain termSignal;
    private final Clock clock = Clock.systemUTC();
    /** MicroProfile Telemetry's OpenTelemetry (Payara); unsatisfied: no telemetry. */
    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @PostConstruct
    void start() {
        mediaFactory = lookupMediaFactory();
        settings = Settings.fromMicroProfileConfig();
        instanceId = instanceId(settings);
        store = openStore(settings);
        ParticipantSignaling.Media media = this::media;
        SignalingTelemetry telemetry = TelemetrySetup.create(openTelemetry, this::engineSnapshot, this::roomSnapshots);
        // Ownership first: a claim only re-queues documents, and the services it is asked
        // about are made before any listener delivers.
        ownership = Ownership.open(store, settings, instanceId, clock, new OwnedRooms());
        participants = new ParticipantSignaling(store, media, instanceId, clock, telemetry, ownership::serves,
                ownership::wanted);
        mediaEvents = new MediaEvents(store, clock, telemetry);
        reaper = new Reaper(store, media, Duration.ofSeconds(settings.getInt(Setting.REAP_AFTER_SECONDS)), clock);
        heartbeat = new Heartbeat(store, media, instanceId, settings.getInt(Setting.MAX_BROADCASTS),
                settings.get(Setting.ROLE), () -> draining, this::ownedRooms, clock);
        cameras = new CameraSignaling(store, media, clock, ownership::serves, ownership::wanted);
        participantsRegistration = store.listenGroup(Paths.PARTICIPANTS, this::forward);
        camerasRegistration = store.listenGroup(Paths.CAMERAS, this::forward);
        cleanup = openCleanup(settings, store, clock);
        broadcastRequests = new BroadcastRequests(store, media, instanceId, clock, ownership::serves);
        broadcastRequestsRegistration = store.listen(Paths.BROADCAST_REQUESTS,
                change -> forward(change, BroadcastRequests.orderKey(change.document())));
        heartbeat.beat();
        termSignal = TermSignalDrain.install(this::drainAndWait);
        LOG.info(() -> "signaling started: instance " + instanceId + ", " + store.backend() + " store");
    }

    /** Store callback (store thread): hand the change to the media adapter's delivery queue. */
    private void forward(DocumentChange change) {
        forward(change, ParticipantSignaling.orderKey(change.path()));
    }

    /** Same, with the given order key (the broadcaster's id for {@code broadcast_requests}). */
    private void forward(DocumentChange change, String orderKey) {
        SignalEvent.Kind kind = switch (change.type()) {
            case ADDED -> SignalEvent.Kind.ADDED;
            case MODIFIED -> SignalEvent.Kind.MODIFIED;
            case REMOVED -> SignalEvent.Kind.REMOVED;
        };
        try (MediaConnection c = media()) {
            c.enqueueSignal(new SignalEvent(orderKey, change.path(), kind, change.data()));
        } catch (MediaException | RuntimeException e) {
            LOG.log(Level.WARNING, "signaling change of " + change.path() + " not delivered: " + e.getMessage());
        }
    }

    private static MediaConnectionFactory lookupMediaFactory() {
        try {
            InitialContext ctx = new InitialContext();
            try {
                return (MediaConnectionFactory) ctx.lookup(MEDIA_FACTORY_EAR);
            } catch (NamingException notInAnEar) {
                return (MediaConnectionFactory) ctx.lookup(MEDIA_FACTORY_STANDALONE);
            }
        } catch (NamingException e) {
            throw new IllegalStateException("no media connection factory (is media-ra.rar deployed before web-admin.war?): "
                    + e.getMessage(), e);
        }
    }

    private static DocumentStore openStore(Settings settings) {
        String backend = settings.get(Setting.SIGNALING_BACKEND);
        if ("embedded".equalsIgnoreCase(backend)) {
            return new EmbeddedStore();
        }
        if ("firestore".equalsIgnoreCase(backend)) {
            return FirestoreConnector.open(settings);
        }
        throw new IllegalStateException("SIGNALING_BACKEND '" + backend + "' is not available in this build"
                + " (supported: embedded, firestore)");
    }

    private static String instanceId(Settings settings) {
        String id = settings.get(Setting.INSTANCE_ID);
        if (!id.isEmpty()) {
            return id;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String raw = settings.get(Setting.APP_NAME) + "-" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return raw.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public MediaConnection media() throws MediaException {
        return mediaFactory.getConnection();
    }

    public MediaConnectionFactory mediaFactory() {
        return mediaFactory;
    }

    public DocumentStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    public String instanceId() {
        return instanceId;
    }

    public ParticipantSignaling participants() {
        return participants;
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

    private Set<String> ownedRooms() {
        Ownership o = ownership;
        return o == null ? Set.of() : o.owned();
    }

    /** The monitor role sweeps (the embedded backend's single instance too); CLEANUP_AFTER_SECONDS for every age. */
    static Cleanup openCleanup(Settings settings, DocumentStore store, Clock clock) {
        String role = settings.get(Setting.ROLE).toLowerCase(Locale.ROOT);
        boolean firestore = "firestore".equalsIgnoreCase(settings.get(Setting.SIGNALING_BACKEND));
        if (firestore && !role.equals("monitor") && !role.equals("both")) {
            return null;
        }
        Duration age = Duration.ofSeconds(Math.max(1, settings.getInt(Setting.CLEANUP_AFTER_SECONDS)));
        return new Cleanup(store, clock, age, age, age, firestore);
    }

    /** Timer: one cleanup sweep (no-op where this instance does not sweep). */
    public void sweep() {
        if (cleanup == null) {
            return;
        }
        try {
            List<String> deleted = cleanup.sweep();
            if (!deleted.isEmpty()) {
                LOG.info(() -> "cleanup deleted " + deleted.size() + " document(s): " + deleted);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cleanup sweep failed: " + e.getMessage());
        }
    }

    /**
     * A claimed room's documents go through the queue again (a native room's participants and
     * cameras as ADDED, as a new listener would report them; a broadcast's requests); a lost
     * one is closed.
     */
    private final class OwnedRooms implements Ownership.Rooms {
        @Override
        public void claimed(String path) {
            String id = DocumentPaths.id(path);
            if (path.startsWith(Paths.ROOMS + "/")) {
                for (String collection : List.of(Paths.PARTICIPANTS, Paths.CAMERAS)) {
                    for (Document d : store.list(path + "/" + collection)) {
                        forward(new DocumentChange(DocumentChange.Type.ADDED, d));
                    }
                }
                return;
            }
            for (Document d : store.list(Paths.BROADCAST_REQUESTS)) {
                if (d.id().equals(id) || id.equals(d.string(Fields.PARENT))) {
                    forward(new DocumentChange(DocumentChange.Type.MODIFIED, d), BroadcastRequests.orderKey(d));
                }
            }
        }

        @Override
        public void lost(String path) {
            try (MediaConnection c = media()) {
                c.closeRoom(DocumentPaths.id(path));
            } catch (MediaException | RuntimeException e) {
                LOG.log(Level.FINE, "closing lost room " + path + ": " + e.getMessage());
            }
        }
    }

    public MediaEvents mediaEvents() {
        return mediaEvents;
    }

    public Reaper reaper() {
        return reaper;
    }

    public Heartbeat heartbeat() {
        return heartbeat;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Stops taking new participants (readiness goes DOWN); existing ones carry on. */
    public void drain() {
        if (!draining) {
            LOG.info(() -> "instance " + instanceId + " draining: no new participants");
        }
        draining = true;
        if (heartbeat != null) {
            heartbeat.beat();
        }
    }

    /**
     * Rooms this engine still serves, or 0 when the engine cannot be asked (then there is
     * nothing left to wait for).
     */
    private EngineSnapshot engineSnapshot() {
        try (MediaConnection c = media()) {
            return c.engine();
        } catch (MediaException e) {
            return null;
        }
    }

    /** The engine's rooms and counters for the traffic metrics, or null when it cannot be asked. */
    private List<RoomSnapshot> roomSnapshots() {
        try (MediaConnection c = media()) {
            return c.rooms();
        } catch (MediaException e) {
            return null;
        }
    }

    private int roomsLeft() {
        try (MediaConnection c = media()) {
            return c.engine().rooms();
        } catch (MediaException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Drains and waits, at most {@code DRAIN_SECONDS}, for this instance's rooms to end
     * (their participants leave or move to another instance). Called on SIGTERM
     * ({@link TermSignalDrain}) and, if that did not run, when the application stops.
     *
     * @return the rooms still open when the wait ended
     */
    public int drainAndWait() {
        drain();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(0, settings.getInt(Setting.DRAIN_SECONDS))).toNanos();
        int left = roomsLeft();
        if (left > 0) {
            LOG.info(() -> "draining: waiting up to " + settings.get(Setting.DRAIN_SECONDS) + " s for rooms to end");
        }
        while (left > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = roomsLeft();
        }
        drained = true;
        int remaining = left;
        LOG.info(() -> "drained: " + remaining + " room(s) still open");
        return remaining;
    }

    @PreDestroy
    void stop() {
        if (termSignal != null) {
            termSignal.uninstall();
        }
        if (!drained && settings != null && mediaFactory != null) {
            drainAndWait();
        }
        draining = true;
        if (participantsRegistration != null) {
            participantsRegistration.close();
        }
        if (camerasRegistration != null) {
            camerasRegistration.close();
        }
        if (broadcastRequestsRegistration != null) {
            broadcastRequestsRegistration.close();
        }
        if (ownership != null) {
            ownership.close();
        }
        if (heartbeat != null) {
            heartbeat.remove();
        }
        if (store != null) {
            store.close();
        }
        LOG.info("signaling stopped");
    }
}
