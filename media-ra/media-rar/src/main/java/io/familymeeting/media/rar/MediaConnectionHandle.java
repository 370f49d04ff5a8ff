package io.familymeeting.media.rar;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.core.SfuEngine;

import java.util.List;

/**
 * The application's handle on the engine: every call goes to the adapter's one
 * {@link SfuEngine}. Closing the handle returns it to the pool and affects no participant.
 */
public final class MediaConnectionHandle implements MediaConnection {
    private volatile MediaManagedConnection managed;
    private final MediaResourceAdapter adapter;
    private volatile boolean valid = true;

    MediaConnectionHandle(MediaManagedConnection managed, MediaResourceAdapter adapter) {
        this.managed = managed;
        this.adapter = adapter;
    }

    void reassociate(MediaManagedConnection mc) {
        this.managed = mc;
    }

    void invalidate() {
        valid = false;
    }

    private SfuEngine running() throws MediaException {
        if (!valid) {
            throw new MediaException(MediaException.Reason.UNAVAILABLE, "this media connection is closed");
        }
        SfuEngine e = adapter.engine();
        if (e == null) {
            String why = adapter.startError();
            throw new MediaException(MediaException.Reason.UNAVAILABLE,
                    why.isEmpty() ? "the media engine is not running" : why);
        }
        return e;
    }

    @Override
    public String answer(OfferRequest offer) throws MediaException {
        return running().answer(offer);
    }

    @Override
    public void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException {
        running().addRemoteCandidate(roomId, participantId, candidate);
    }

    @Override
    public void closeParticipant(String roomId, String participantId) {
        SfuEngine e = adapter.engine();
        if (e != null) {
            e.closeParticipant(roomId, participantId);
        }
    }

    @Override
    public void closeRoom(String roomId) {
        SfuEngine e = adapter.engine();
        if (e != null) {
            e.closeRoom(roomId);
        }
    }

    @Override
    public void enqueueSignal(SignalEvent event) {
        adapter.enqueueSignal(event);
    }

    @Override
    public void addCamera(String roomId, String cameraId, CameraConfig config) throws MediaException {
        running().addCamera(roomId, cameraId, config);
    }

    @Override
    public boolean removeCamera(String roomId, String cameraId) {
        SfuEngine e = adapter.engine();
        return e != null && e.removeCamera(roomId, cameraId);
    }

    @Override
    public List<CameraSnapshot> cameras() {
        SfuEngine e = adapter.engine();
        return e == null ? List.of() : e.cameras();
    }

    @Override
    public List<RoomSnapshot> rooms() {
        SfuEngine e = adapter.engine();
        return e == null ? List.of() : e.rooms();
    }

    @Override
    public EngineSnapshot engine() {
        SfuEngine e = adapter.engine();
        if (e == null) {
            return new EngineSnapshot(false, false, adapter.getMediaPort(), List.of(), false, 0, 0, 0);
        }
        return e.snapshot().withDelivery(adapter.deliveryCounts());
    }

    @Override
    public void close() {
        MediaManagedConnection mc = managed;
        if (valid && mc != null) {
            mc.handleClosed(this);
        }
    }
}
