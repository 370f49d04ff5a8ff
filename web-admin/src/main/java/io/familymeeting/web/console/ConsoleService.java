package io.familymeeting.web.console;

import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.NativeCameras;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.store.DocumentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * What the console reads and does, in one place: snapshots of the engine turned into view
 * records, and the operator's actions (close a room, remove a participant, add or remove a
 * camera, drain). Cameras are written like the REST API writes them ({@link NativeCameras}:
 * the cameras document, which the server then starts or stops).
 */
@ApplicationScoped
public class ConsoleService {
    private static final Logger LOG = Logger.getLogger(ConsoleService.class.getName());

    @Inject
    private SignalingRuntime runtime;
    @Inject
    private ServletContext servletContext;

    private final Clock clock = Clock.systemUTC();
    private final BitrateHistory history = new BitrateHistory();
    private volatile String version;

    public ConsoleStatus status() {
        Instant now = clock.instant();
        String error = "";
        EngineSnapshot engine;
        List<RoomSnapshot> rooms;
        List<CameraSnapshot> cameras;
        try (MediaConnection c = runtime.media()) {
            engine = c.engine();
            rooms = c.rooms();
            cameras = c.cameras();
        } catch (MediaException | RuntimeException e) {
            error = "media adapter: " + e.getMessage();
            engine = new EngineSnapshot(false, false, 0, List.of(), false, 0, 0, 0);
            rooms = List.of();
            cameras = List.of();
        }
        List<RoomView> views = RoomView.of(rooms, cameras, now);
        return new ConsoleStatus(now.toEpochMilli(), instance(engine, error), views,
                history.sample(now.toEpochMilli(), bitrates(views)));
    }

    public Optional<RoomView> room(String roomId) {
        return status().rooms().stream().filter(r -> r.id().equals(roomId)).findFirst();
    }

    /** Chart keys to [in, out] bps: the total, each room, each participant. */
    static Map<String, long[]> bitrates(List<RoomView> rooms) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("total", new long[] {rooms.stream().mapToLong(RoomView::bitrateInBps).sum(),
                rooms.stream().mapToLong(RoomView::bitrateOutBps).sum()});
        for (RoomView r : rooms) {
            m.put("r:" + r.id(), new long[] {r.bitrateInBps(), r.bitrateOutBps()});
            for (ParticipantView p : r.participants()) {
                m.put("p:" + r.id() + "/" + p.id(), new long[] {p.bitrateInBps(), p.bitrateOutBps()});
            }
        }
        return m;
    }

    private InstanceView instance(EngineSnapshot e, String error) {
        DocumentStore store = runtime.store();
        boolean storeUp = store != null && store.isConnected();
        boolean draining = runtime.isDraining();
        boolean live = e.running() && e.threadsAlive();
        boolean ready = e.mediaPortBound() && storeUp && !draining;
        return new InstanceView(runtime.instanceId(), version(), runtime.settings().get(Setting.ROLE),
                store == null ? "none" : store.backend(), draining ? Values.STATE_DRAINING : Values.STATE_READY,
                e.rooms(), runtime.settings().getInt(Setting.MAX_BROADCASTS), e.participants(), e.running(),
                e.mediaPort(), e.mediaPortBound(), e.advertisedAddresses(), live, ready, e.droppedPackets(),
                e.drops().summary(), e.delivery().summary(), error);
    }

    /** Closes a room and every participant in it. */
    public void closeRoom(String roomId) throws MediaException {
        LOG.info(() -> "console: closing room " + roomId);
        try (MediaConnection c = runtime.media()) {
            c.closeRoom(roomId);
        }
    }

    /** Closes one participant's transport; its tracks end for everyone in the room. */
    public void removeParticipant(String roomId, String participantId) throws MediaException {
        LOG.info(() -> "console: removing participant " + participantId + " of room " + roomId);
        try (MediaConnection c = runtime.media()) {
            c.closeParticipant(roomId, participantId);
        }
    }

    /**
     * Creates or replaces a room's camera from the console's form ({@code url}, {@code transport},
     * {@code mode}, {@code user}, {@code password}); answers its public view (never the password).
     *
     * @throws RequestException with status 400 for a bad request (the message says what)
     */
    public Map<String, Object> putCamera(String roomId, String cameraId, Map<String, Object> body) {
        LOG.info(() -> "console: adding camera " + cameraId + " to room " + roomId);
        return cameras().put(roomId, cameraId, body);
    }

    /**
     * Removes a room's camera document; the server stops the camera.
     *
     * @throws RequestException with status 404 when there is none
     */
    public void removeCamera(String roomId, String cameraId) {
        LOG.info(() -> "console: removing camera " + cameraId + " of room " + roomId);
        cameras().delete(roomId, cameraId);
    }

    private NativeCameras cameras() {
        return new NativeCameras(runtime.store(), clock);
    }

    /** Stops taking new participants; readiness goes DOWN. */
    public void drain() {
        runtime.drain();
    }

    /** The web application's Maven version (from the war's pom.properties). */
    String version() {
        String v = version;
        if (v == null) {
            v = "unknown";
            try (InputStream in = servletContext.getResourceAsStream("/META-INF/maven/io.familymeeting/web-admin/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    v = p.getProperty("version", v);
                }
            } catch (IOException | RuntimeException ignored) {
                // keep "unknown"
            }
            version = v;
        }
        return v;
    }
}
