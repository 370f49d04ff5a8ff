package io.familymeeting.media.core;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.RoomSnapshot;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The SFU engine's front door: what the resource adapter (or a test harness) calls.
 * It owns the shared media socket and the rooms; it does not know about signaling stores
 * or containers. Long-running loops are run on the {@code Executor} given by the owner,
 * so inside the application server they are container-managed {@code Work}.
 */
public final class SfuEngine implements AutoCloseable {
    private final EngineConfig config;
    private final MediaEventListener events;
    private final Executor longRunning;

    public SfuEngine(EngineConfig config, MediaEventListener events, Executor longRunning) {
        this.config = Objects.requireNonNull(config, "config");
        this.events = Objects.requireNonNull(events, "events");
        this.longRunning = Objects.requireNonNull(longRunning, "longRunning");
    }

    /** Binds the media port and starts the receive loop. */
    public void start() throws IOException {
        throw new IOException("engine not implemented yet");
    }

    public String answer(OfferRequest offer) throws MediaException {
        throw new MediaException(MediaException.Reason.UNAVAILABLE, "media engine is not running");
    }

    public void addRemoteCandidate(String roomId, String participantId, String candidate) throws MediaException {
        throw new MediaException(MediaException.Reason.UNAVAILABLE, "media engine is not running");
    }

    public void closeParticipant(String roomId, String participantId) {
    }

    public void closeRoom(String roomId) {
    }

    public List<RoomSnapshot> rooms() {
        return List.of();
    }

    public EngineSnapshot snapshot() {
        return new EngineSnapshot(false, false, config.mediaPort(), config.advertisedAddresses(), false, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
