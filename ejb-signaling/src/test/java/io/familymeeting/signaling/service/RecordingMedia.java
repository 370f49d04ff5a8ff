package io.familymeeting.signaling.service;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.SignalEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of the media engine's connection (no engine runs in these unit tests; the
 * real one is exercised by the system tests): answers with a fixed SDP or throws the
 * configured refusal, and records what it was asked.
 */
final class RecordingMedia implements MediaConnection, ParticipantSignaling.Media {
    final List<OfferRequest> offers = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    List<RoomSnapshot> rooms = new ArrayList<>();
    MediaException refusal;

    @Override
    public MediaConnection connect() {
        return this;
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
    }
}
