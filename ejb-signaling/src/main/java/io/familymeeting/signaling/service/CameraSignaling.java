package io.familymeeting.signaling.service;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server does with the {@code rooms/{roomId}/cameras/{cameraId}} documents
 * ({@link CameraDocument}, {@link Fields}): an added or changed configuration
 * (url, transport, credentials, mode) starts or restarts the camera in the engine; a bad one
 * gets {@code state: "error"} and a message instead; a deleted document stops the camera.
 * The engine's reports come back onto the document: {@link #onState} for each state change,
 * {@link #refresh} (a timer) for fps, bitrate and codecs.
 *
 * <p>Changes of the server-written fields alone do not restart anything: the configuration
 * last given to the engine is remembered per camera. It never throws; it owns neither the
 * store nor the engine. Like {@link ParticipantSignaling} it acts only on the rooms the
 * {@code serves} predicate accepts (their {@code rooms/{id}} path): another instance's
 * cameras are skipped without a word.
 */
public final class CameraSignaling {
    private static final Logger LOG = Logger.getLogger(CameraSignaling.class.getName());

    private final DocumentStore store;
    private final ParticipantSignaling.Media media;
    private final Clock clock;
    /** room/camera -> the configuration the engine runs. */
    private final Map<String, CameraConfig> applied = new ConcurrentHashMap<>();

    private final Predicate<String> serves;
    private final Consumer<String> wanted;

    /** Serves every room (one instance). */
    public CameraSignaling(DocumentStore store, ParticipantSignaling.Media media, Clock clock) {
        this(store, media, clock, path -> true);
    }

    /** Serves the rooms whose {@code rooms/{id}} path {@code serves} accepts. */
    public CameraSignaling(DocumentStore store, ParticipantSignaling.Media media, Clock clock,
                           Predicate<String> serves) {
        this(store, media, clock, serves, path -> { });
    }

    /** Same; {@code wanted} hears the rooms it does not serve in which a camera document was written. */
    public CameraSignaling(DocumentStore store, ParticipantSignaling.Media media, Clock clock,
                           Predicate<String> serves, Consumer<String> wanted) {
        this.serves = serves;
        this.wanted = wanted;
        this.store = store;
        this.media = media;
        this.clock = clock;
    }

    /** A change of a cameras document (other collections are ignored). */
    public void handle(SignalEvent event) {
        String roomId = Paths.roomIdOf(event.path());
        if (roomId == null || !Paths.isIn(Paths.CAMERAS, event.path())) {
            return;
        }
        if (!serves.test(Paths.room(roomId))) {
            // another instance's room, or nobody's yet (the claim processes it again)
            if (event.kind() != SignalEvent.Kind.REMOVED) {
                wanted.accept(Paths.room(roomId));
            }
            return;
        }
        String cameraId = event.documentId();
        try {
            // Read even on REMOVED: a listener re-attached after an outage can report a
            // document gone that is still there; the store decides, not the event.
            Document doc = store.get(event.path()).orElse(null);
            if (doc == null) {
                stop(roomId, cameraId);
                return;
            }
            apply(roomId, cameraId, doc);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "camera " + event.path() + " failed", e);
            writeError(event.path(), "the server could not process this camera: " + e.getMessage());
        }
    }

    private void apply(String roomId, String cameraId, Document doc) {
        CameraConfig config;
        try {
            config = CameraDocument.config(doc.data());
        } catch (IllegalArgumentException e) {
            stop(roomId, cameraId);
            if (!(Values.STATE_ERROR.equals(doc.string(Fields.STATE)) && e.getMessage().equals(doc.string(Fields.ERROR)))) {
                writeError(doc.path(), e.getMessage());
            }
            return;
        }
        String key = key(roomId, cameraId);
        try (MediaConnection c = media.connect()) {
            if (config.equals(applied.get(key)) && running(c, roomId, cameraId)) {
                return;
            }
            c.addCamera(roomId, cameraId, config);
            applied.put(key, config);
            LOG.info(() -> "camera " + doc.path() + " started: " + config);
        } catch (MediaException e) {
            applied.remove(key);
            LOG.info(() -> "camera " + doc.path() + " refused: " + e.getMessage());
            writeError(doc.path(), e.getMessage());
        }
    }

    private static boolean running(MediaConnection c, String roomId, String cameraId) {
        return c.cameras().stream().anyMatch(s -> s.roomId().equals(roomId) && s.cameraId().equals(cameraId));
    }

    /** A {@link MediaEvent.Type#CAMERA_STATE} event ("STATE: message"): state and error onto the document. */
    public void onState(MediaEvent event) {
        if (event.type() != MediaEvent.Type.CAMERA_STATE) {
            return;
        }
        String path = Paths.camera(event.roomId(), event.participantId());
        String detail = event.detail();
        int colon = detail.indexOf(':');
        String stateText = (colon < 0 ? detail : detail.substring(0, colon)).trim();
        String message = colon < 0 ? "" : detail.substring(colon + 1).trim();
        CameraState state;
        try {
            state = CameraState.valueOf(stateText);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "camera state '" + detail + "' of " + path + " not understood");
            return;
        }
        if (state == CameraState.STOPPED) {
            return;
        }
        try {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(Fields.STATE, CameraDocument.stateName(state));
            fields.put(Fields.ERROR, state == CameraState.ERROR || state == CameraState.RETRYING ? message : "");
            fields.put(Fields.UPDATED_AT, clock.instant());
            store.update(path, fields);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the state of " + path, e);
        }
    }

    /**
     * Writes every camera's fps, bitrate, codecs and state onto its document; stops a camera
     * whose document is gone (its removal was missed).
     */
    public void refresh() {
        List<CameraSnapshot> snapshots;
        try (MediaConnection c = media.connect()) {
            snapshots = c.cameras();
        } catch (MediaException | RuntimeException e) {
            LOG.log(Level.FINE, "camera stats not available: " + e.getMessage());
            return;
        }
        for (CameraSnapshot s : snapshots) {
            String path = Paths.camera(s.roomId(), s.cameraId());
            try {
                if (s.state() == CameraState.STOPPED) {
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(Fields.STATE, CameraDocument.stateName(s.state()));
                if (s.state() == CameraState.ERROR || s.state() == CameraState.RETRYING) {
                    fields.put(Fields.ERROR, s.message());
                } else {
                    fields.put(Fields.ERROR, "");
                }
                fields.put(Fields.FPS, Math.round(s.fps() * 10) / 10.0);
                fields.put(Fields.BITRATE_BPS, s.bitrateBps());
                fields.put(Fields.VIDEO_CODEC, s.videoCodec());
                fields.put(Fields.AUDIO_CODEC, s.audioCodec());
                fields.put(Fields.UPDATED_AT, clock.instant());
                if (!store.update(path, fields)) {
                    stop(s.roomId(), s.cameraId());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not refresh " + path, e);
            }
        }
    }

    private void stop(String roomId, String cameraId) {
        applied.remove(key(roomId, cameraId));
        try (MediaConnection c = media.connect()) {
            if (c.removeCamera(roomId, cameraId)) {
                LOG.info(() -> "camera " + Paths.camera(roomId, cameraId) + " stopped");
            }
        } catch (MediaException e) {
            LOG.log(Level.FINE, "stopping camera " + roomId + "/" + cameraId + ": " + e.getMessage());
        }
    }

    private void writeError(String path, String message) {
        try {
            store.update(path, Map.of(Fields.STATE, Values.STATE_ERROR, Fields.ERROR, message == null ? "error" : message,
                    Fields.UPDATED_AT, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the error on " + path, e);
        }
    }

    private static String key(String roomId, String cameraId) {
        return roomId + "/" + cameraId;
    }
}
