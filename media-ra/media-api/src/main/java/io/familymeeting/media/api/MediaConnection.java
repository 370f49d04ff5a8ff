package io.familymeeting.media.api;

import java.util.List;

/**
 * A handle on the media engine, obtained from a {@link MediaConnectionFactory}.
 * Cheap to get and to close; closing it does not affect any participant.
 */
public interface MediaConnection extends AutoCloseable {

    /**
     * Answers a participant's offer: creates (or, for a known participant, renegotiates)
     * its transport and returns the SDP answer with every server ICE candidate in it.
     *
     * @throws MediaException with {@link MediaException.Reason#MALFORMED_OFFER} or
     *                        {@link MediaException.Reason#NO_USABLE_MEDIA} for a bad offer
     */
    String answer(OfferRequest offer) throws MediaException;

    /** Adds a trickled ICE candidate ({@code candidate:...} attribute value) of a participant. */
    void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException;

    /** Closes a participant's transport; its tracks end for everyone. Unknown ids are ignored. */
    void closeParticipant(String roomId, String participantId);

    /** Closes a room and every participant in it. Unknown ids are ignored. */
    void closeRoom(String roomId);

    /**
     * Hands a signaling change to the resource adapter, which delivers it to the
     * {@link SignalListener} message-driven beans on a container-managed thread, in order per
     * {@link SignalEvent#orderKey()}. Never blocks; safe to call from any thread (store
     * listener callbacks call it).
     */
    void enqueueSignal(SignalEvent event);

    /**
     * Pulls an IP camera into a room as its presenter (a {@code cameras} document, docs/operations.md), or replaces
     * the camera with that id (its ingest restarts with the new configuration). State changes
     * arrive as {@link MediaEvent.Type#CAMERA_STATE} events.
     *
     * @throws MediaException with {@link MediaException.Reason#INVALID_CAMERA} for an unusable
     *                        URL, {@link MediaException.Reason#UNAVAILABLE} when the engine is not running
     */
    void addCamera(String roomId, String cameraId, CameraConfig config) throws MediaException;

    /** Stops a camera (TEARDOWN) and takes it out of its room; false when there was none. */
    boolean removeCamera(String roomId, String cameraId);

    /** Every camera's state, codecs, fps and bitrate now. */
    List<CameraSnapshot> cameras();

    /** Every room the engine serves, with participants and counters. */
    List<RoomSnapshot> rooms();

    /** The engine's own state. */
    EngineSnapshot engine();

    @Override
    void close();
}
