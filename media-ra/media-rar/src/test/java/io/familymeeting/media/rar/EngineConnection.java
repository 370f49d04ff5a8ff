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
 * The signaling services' connection to a real {@link SfuEngine} without an application
 * server: what {@link MediaConnectionHandle} does inside one, minus the pool. Signals are not
 * taken here (the tests feed their own {@link KeyedDelivery}).
 */
final class EngineConnection implements MediaConnection {
    private final SfuEngine engine;

    EngineConnection(SfuEngine engine) {
        this.engine = engine;
    }

    @Override
    public String answer(OfferRequest offer) throws MediaException {
        return engine.answer(offer);
    }

    @Override
    public void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException {
        engine.addRemoteCandidate(roomId, participantId, candidate);
    }

    @Override
    public void closeParticipant(String roomId, String participantId) {
        engine.closeParticipant(roomId, participantId);
    }

    @Override
    public void closeRoom(String roomId) {
        engine.closeRoom(roomId);
    }

    @Override
    public void enqueueSignal(SignalEvent event) {
        throw new UnsupportedOperationException("the test delivers signals itself");
    }

    @Override
    public void addCamera(String roomId, String cameraId, CameraConfig config) throws MediaException {
        engine.addCamera(roomId, cameraId, config);
    }

    @Override
    public boolean removeCamera(String roomId, String cameraId) {
        return engine.removeCamera(roomId, cameraId);
    }

    @Override
    public List<CameraSnapshot> cameras() {
        return engine.cameras();
    }

    @Override
    public List<RoomSnapshot> rooms() {
        return engine.rooms();
    }

    @Override
    public EngineSnapshot engine() {
        return engine.snapshot();
    }

    @Override
    public void close() {
        // nothing to return: one engine, no pool
    }
}
