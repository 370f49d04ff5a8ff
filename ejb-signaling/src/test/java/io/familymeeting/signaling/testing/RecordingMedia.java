package io.familymeeting.signaling.testing;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.SignalEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the media engine: answers every offer with a fixed SDP naming the
 * participant (or refuses offers whose SDP contains {@value #REFUSE}), and records the
 * offers, closes and enqueued signals; {@link #rooms()} lists the answered participants not
 * closed since. No media, no sockets.
 */
public final class RecordingMedia implements MediaConnection {
    /** Offers containing this are refused with {@code MALFORMED_OFFER}. */
    public static final String REFUSE = "refuse-me";

    public final List<OfferRequest> offers = new CopyOnWriteArrayList<>();
    /** "roomId/participantId" of each closed participant. */
    public final List<String> closedParticipants = new CopyOnWriteArrayList<>();
    public final List<String> closedRooms = new CopyOnWriteArrayList<>();
    public final List<SignalEvent> signals = new CopyOnWriteArrayList<>();
    /** "roomId/cameraId" of each camera added (none is run: {@link #cameras()} stays empty). */
    public final List<String> addedCameras = new CopyOnWriteArrayList<>();

    /** The answer SDP given to a participant. */
    public static String answerFor(String roomId, String participantId) {
        return "v=0\r\ns=answer " + roomId + "/" + participantId + "\r\n";
    }

    @Override
    public String answer(OfferRequest offer) throws MediaException {
        if (offer.sdp().contains(REFUSE)) {
            throw new MediaException(MediaException.Reason.MALFORMED_OFFER, "the offer has no usable m-line");
        }
        offers.add(offer);
        return answerFor(offer.roomId(), offer.participantId());
    }

    @Override
    public void addRemoteCandidate(String roomId, String participantId, String candidate) {
    }

    @Override
    public void closeParticipant(String roomId, String participantId) {
        closedParticipants.add(roomId + "/" + participantId);
    }

    @Override
    public void closeRoom(String roomId) {
        closedRooms.add(roomId);
    }

    @Override
    public void enqueueSignal(SignalEvent event) {
        signals.add(event);
    }

    /** Every answered participant not closed since, grouped by room. */
    @Override
    public List<RoomSnapshot> rooms() {
        java.util.Map<String, List<ParticipantSnapshot>> rooms = new java.util.LinkedHashMap<>();
        for (OfferRequest o : offers) {
            if (!closedRooms.contains(o.roomId()) && !closedParticipants.contains(o.roomId() + "/" + o.participantId())) {
                rooms.computeIfAbsent(o.roomId(), k -> new java.util.ArrayList<>()).add(new ParticipantSnapshot(
                        o.participantId(), o.displayName(), o.role(), "connected", "connected", "", java.time.Instant.EPOCH, List.of()));
            }
        }
        return rooms.entrySet().stream().map(e -> new RoomSnapshot(e.getKey(), e.getValue())).toList();
    }

    @Override
    public EngineSnapshot engine() {
        throw new UnsupportedOperationException("not in this test double");
    }

    @Override
    public void addCamera(String roomId, String cameraId, io.familymeeting.media.api.CameraConfig config) {
        addedCameras.add(roomId + "/" + cameraId);
    }

    @Override
    public boolean removeCamera(String roomId, String cameraId) {
        return false;
    }

    @Override
    public List<io.familymeeting.media.api.CameraSnapshot> cameras() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
