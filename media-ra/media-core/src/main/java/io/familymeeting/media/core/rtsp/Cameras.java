package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.core.room.Room;
import io.familymeeting.media.core.room.Rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The engine's cameras, by room and camera id: adding one attaches it to its room (created if
 * needed) and starts its loop on the owner's executor; removing one stops it (TEARDOWN) and
 * lets the room go when nothing else is in it. A room has at most {@code maxPerRoom} cameras:
 * adding one more is refused (replacing one of the same id is not). Every camera connects only
 * where its {@link CameraTargets} allow.
 */
public final class Cameras {
    /** How long removing a camera waits for its loop to send TEARDOWN and close. */
    static final long STOP_WAIT_MILLIS = 2_000;

    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Rooms rooms;
    private final Executor executor;
    private final int maxPerRoom;
    private final CameraTargets targets;

    /** At most {@code maxPerRoom} cameras in a room, whose connections go only where {@code targets} allows. */
    public Cameras(Rooms rooms, Executor executor, int maxPerRoom, CameraTargets targets) {
        this.rooms = rooms;
        this.executor = executor;
        this.maxPerRoom = maxPerRoom;
        this.targets = targets;
    }

    /** Adds (or replaces) a camera. */
    public void add(String roomId, String cameraId, CameraConfig config) throws MediaException {
        try {
            RtspUrl.parse(config.url());
        } catch (IllegalArgumentException e) {
            throw new MediaException(MediaException.Reason.INVALID_CAMERA, e.getMessage(), e);
        }
        remove(roomId, cameraId);
        Room room = rooms.room(roomId);
        Camera camera = new Camera(roomId, cameraId, config, room, rooms, executor, targets);
        synchronized (this) {
            // Counted and added together: cameras added at the same time cannot pass the limit.
            if (countIn(roomId) >= maxPerRoom) {
                rooms.forgetIfEmpty(room);
                throw new MediaException(MediaException.Reason.LIMIT_REACHED, "The room already has " + maxPerRoom
                        + " cameras, the most this server allows in one room (MEDIA_MAX_ROOM_CAMERAS).");
            }
            cameras.put(key(roomId, cameraId), camera);
        }
        camera.start();
    }

    private int countIn(String roomId) {
        int n = 0;
        for (Camera c : cameras.values()) {
            if (c.roomId().equals(roomId)) {
                n++;
            }
        }
        return n;
    }

    public boolean remove(String roomId, String cameraId) {
        Camera c = cameras.remove(key(roomId, cameraId));
        if (c == null) {
            return false;
        }
        Room room = rooms.room(roomId);
        c.stop(STOP_WAIT_MILLIS);
        rooms.forgetIfEmpty(room);
        return true;
    }

    public void removeRoom(String roomId) {
        for (Camera c : new ArrayList<>(cameras.values())) {
            if (c.roomId().equals(roomId)) {
                remove(roomId, c.id());
            }
        }
    }

    public Optional<Camera> get(String roomId, String cameraId) {
        return Optional.ofNullable(cameras.get(key(roomId, cameraId)));
    }

    public List<CameraSnapshot> snapshot() {
        List<CameraSnapshot> out = new ArrayList<>();
        for (Camera c : cameras.values()) {
            out.add(c.snapshot());
        }
        return out;
    }

    public int count() {
        return cameras.size();
    }

    public void close() {
        for (Camera c : new ArrayList<>(cameras.values())) {
            remove(c.roomId(), c.id());
        }
    }

    private static String key(String roomId, String cameraId) {
        return roomId + "\u0000" + cameraId;
    }
}
