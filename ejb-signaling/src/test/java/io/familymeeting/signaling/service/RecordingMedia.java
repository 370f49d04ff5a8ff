package io.familymeeting.signaling.service;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.SignalEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test double of the media engine's connection for the camera services: records camera
 * calls, keeps the cameras "running" in a map, can be told to refuse the next addCamera, and
 * reports the snapshots a test sets; answers offers with a fixed SDP (or the configured
 * refusal) and records closed participants. No engine runs in these unit tests; the real one
 * is exercised by the system tests.
 */
final class RecordingMedia implements MediaConnection, ParticipantSignaling.Media {
    final List<String> calls = new ArrayList<>();
    final List<OfferRequest> offers = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    List<RoomSnapshot> rooms = new ArrayList<>();
    /** When set, answer() throws it. */
    MediaException refusal;
    final Map<String, CameraConfig> running = new LinkedHashMap<>();
    final List<CameraSnapshot> snapshots = new ArrayList<>();
    MediaException refuseNext;

    @Override
    public void addCamera(String roomId, String cameraId, CameraConfig config) throws MediaException {
        calls.add("add " + roomId + "/" + cameraId);
        if (refuseNext != null) {
            MediaException e = refuseNext;
            refuseNext = null;
            throw e;
        }
        running.put(roomId + "/" + cameraId, config);
    }

    @Override
    public boolean removeCamera(String roomId, String cameraId) {
        calls.add("remove " + roomId + "/" + cameraId);
        return running.remove(roomId + "/" + cameraId) != null;
    }

    @Override
    public List<CameraSnapshot> cameras() {
        if (!snapshots.isEmpty()) {
            return List.copyOf(snapshots);
        }
        List<CameraSnapshot> out = new ArrayList<>();
        running.forEach((key, c) -> {
            String[] ids = key.split("/");
            out.add(new CameraSnapshot(ids[0], ids[1], c.redactedUrl(), io.familymeeting.media.api.CameraState.CONNECTING,
                    "", "", "", 0, 0, 0, -1, java.time.Instant.EPOCH));
        });
        return out;
    }

    @Override
    public String answer(OfferRequest offer) throws MediaException {
        offers.add(offer);
        if (refusal != null) {
            throw refusal;
        }
        return "v=0\r\nanswer-for " + offer.participantId() + "\r\n";
    }

    @Override
    public MediaConnection connect() {
        return this;
    }

    @Override
    public void addRemoteCandidate(String roomId, String participantId, String candidate) {
    }

    @Override
    public void closeParticipant(String roomId, String participantId) {
        closed.add(roomId + "/" + participantId);
    }

    @Override
    public void closeRoom(String roomId) {
        closed.add(roomId);
    }

    @Override
    public void enqueueSignal(SignalEvent event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomSnapshot> rooms() {
        return rooms;
    }

    @Override
    public EngineSnapshot engine() {
        return new EngineSnapshot(true, true, 10000, List.of("127.0.0.1"), true, rooms.size(), 0, 0);
    }

    @Override
    public void close() {
        // a handle: nothing to release
    }
}
