package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.room.EngineContext;

import java.time.Instant;
import java.util.logging.Logger;

/**
 * A camera's state as users see it: the {@link CameraState}, the message that explains it and
 * since when it holds. Each change goes to the engine's owner as a {@link
 * MediaEvent.Type#CAMERA_STATE} event ("STATE: message"). Written by the session loop and the
 * camera, read from any thread. It does not decide the state: {@link CameraSession} and
 * {@link Camera} do.
 */
final class CameraStatus {
    private static final Logger LOG = Logger.getLogger(CameraStatus.class.getName());

    private final String roomId;
    private final String cameraId;
    private final EngineContext context;
    private volatile CameraState state = CameraState.CONNECTING;
    private volatile String message = "";
    private volatile Instant since = Instant.now();

    CameraStatus(String roomId, String cameraId, EngineContext context) {
        this.roomId = roomId;
        this.cameraId = cameraId;
        this.context = context;
    }

    CameraState state() {
        return state;
    }

    String message() {
        return message;
    }

    Instant since() {
        return since;
    }

    /** A failure is being retried, at once or at the longest backoff. */
    boolean failing() {
        return state == CameraState.ERROR || state == CameraState.RETRYING;
    }

    /** Sets the state and message; emits an event unless both are unchanged. */
    void set(CameraState next, String why) {
        String msg = why == null ? "" : why;
        if (next == state && msg.equals(message)) {
            return;
        }
        boolean changed = next != state;
        state = next;
        message = msg;
        if (changed) {
            since = Instant.now();
        }
        LOG.fine(() -> "camera " + roomId + "/" + cameraId + ": " + next + " " + msg);
        context.emit(MediaEvent.Type.CAMERA_STATE, roomId, cameraId, next.name() + ": " + msg);
    }
}
