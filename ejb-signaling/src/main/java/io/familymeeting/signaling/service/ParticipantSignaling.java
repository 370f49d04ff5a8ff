package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server does when a participant document of the native rooms model changes
 * ({@code rooms/{roomId}/participants/{id}}, {@link Fields}; docs/signaling.md): a new offer rev is answered by the media engine and the answer
 * written back; a refused offer gets {@code state: "error"} and a message on the same
 * document; {@code leave: true} or a deleted document closes the participant's transport.
 *
 * <p>It reads the document again before acting, so a stale event does nothing. It never
 * throws: every problem ends up on the document or in the log, and nothing else is
 * affected. It does not own the store or the engine.
 *
 * <p>Acts only on the rooms the {@code serves} predicate says this instance serves (their
 * {@code rooms/{id}} path): a document of another instance's room, or of a room nobody has
 * claimed yet, is skipped without an answer or an error (its owner answers; a claim processes
 * the room's documents again). A participant of a room whose {@code rooms/{id}} document does
 * not exist is therefore never answered where rooms are claimed (nothing to claim): the web
 * page and the REST API create the room first, and such a document is left to its writer.
 */
public final class ParticipantSignaling {
    private static final Logger LOG = Logger.getLogger(ParticipantSignaling.class.getName());
    private static final java.util.Set<String> GONE_STATES = java.util.Set.of(Values.STATE_LEFT, Values.STATE_FAILED,
            Values.STATE_ERROR);

    /** Gives a connection to the media engine; closed after each use. */
    @FunctionalInterface
    public interface Media {
        MediaConnection connect() throws MediaException;
    }

    private final DocumentStore store;
    private final Media media;
    private final String instanceId;
    private final Clock clock;
    private final SignalingTelemetry telemetry;
    private final Predicate<String> serves;
    private final Consumer<String> wanted;

    /** Serves every room (one instance). */
    public ParticipantSignaling(DocumentStore store, Media media, String instanceId, Clock clock) {
        this(store, media, instanceId, clock, SignalingTelemetry.NOOP, path -> true);
    }

    /** Serves the rooms whose {@code rooms/{id}} path {@code serves} accepts. */
    public ParticipantSignaling(DocumentStore store, Media media, String instanceId, Clock clock,
                                SignalingTelemetry telemetry, Predicate<String> serves) {
        this(store, media, instanceId, clock, telemetry, serves, path -> { });
    }

    /**
     * Same; {@code wanted} hears the rooms it does not serve in which a live participant
     * document was written (so an idle room can be opened again, {@code scale.IdleRooms}).
     */
    public ParticipantSignaling(DocumentStore store, Media media, String instanceId, Clock clock,
                                SignalingTelemetry telemetry, Predicate<String> serves, Consumer<String> wanted) {
        this.serves = serves;
        this.wanted = wanted;
        this.store = store;
        this.media = media;
        this.instanceId = instanceId;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** A participant document that is still wanted: not {@code leave: true}, not left, failed or refused. */
    public static boolean isLive(Map<String, Object> data) {
        return !Boolean.TRUE.equals(data.get(Fields.LEAVE)) && !GONE_STATES.contains(String.valueOf(data.get(Fields.STATE)));
    }

    /** The order key of a store change: the room of the document. */
    public static String orderKey(String path) {
        String room = Paths.roomIdOf(path);
        return room == null ? path : room;
    }

    public void handle(SignalEvent event) {
        String roomId = Paths.roomIdOf(event.path());
        if (roomId == null || !Paths.isIn(Paths.PARTICIPANTS, event.path())) {
            return;
        }
        if (!serves.test(Paths.room(roomId))) {
            // another instance's room, or nobody's yet (the claim processes it again)
            if (event.kind() != SignalEvent.Kind.REMOVED && isLive(event.data())) {
                wanted.accept(Paths.room(roomId));
            }
            return;
        }
        String participantId = event.documentId();
        try {
            Document doc = store.get(event.path()).orElse(null);
            if (doc == null) {
                close(roomId, participantId);
                return;
            }
            if (event.kind() == SignalEvent.Kind.REMOVED) {
                // A listener re-attached after an outage can report a document gone that is
                // still there: the store decides, not the event.
                LOG.info(() -> "participant " + event.path() + " reported removed but still there: kept");
            }
            process(roomId, participantId, doc);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "signaling of " + event.path() + " failed", e);
            writeError(event.path(), "the server could not process this document: " + e.getMessage(), -1);
        }
    }

    private void process(String roomId, String participantId, Document doc) {
        String state = doc.string(Fields.STATE);
        if (doc.bool(Fields.LEAVE)) {
            if (!Values.STATE_LEFT.equals(state)) {
                close(roomId, participantId);
                store.update(doc.path(), Map.of(Fields.STATE, Values.STATE_LEFT, Fields.UPDATED_AT, clock.instant()));
            }
            return;
        }
        if (Values.STATE_LEFT.equals(state)) {
            return;
        }
        Map<String, Object> offer = doc.map(Fields.OFFER);
        long rev = offer.get(Fields.REV) instanceof Number n ? n.longValue() : -1;
        long answered = doc.map(Fields.ANSWER).get(Fields.REV) instanceof Number n ? n.longValue() : 0;
        if (offer.isEmpty() || !(offer.get(Fields.SDP) instanceof String sdp)) {
            refuse(doc, "the document has no offer (offer.sdp must be a string)", rev, null);
            return;
        }
        if (rev < 1) {
            refuse(doc, "offer.rev must be a positive whole number", rev, null);
            return;
        }
        if (rev <= answered) {
            return;
        }
        if (Values.STATE_ERROR.equals(state) && doc.number(Fields.ERROR_REV, -2) == rev) {
            return;
        }
        SignalingTelemetry.Offer trace = telemetry.offer(roomId, participantId, rev);
        try {
            answer(roomId, participantId, doc, sdp, rev, trace);
        } catch (RuntimeException e) {
            trace.refused("the server could not process this document: " + e.getMessage());
            throw e;
        }
    }

    private void answer(String roomId, String participantId, Document doc, String sdp, long rev,
                        SignalingTelemetry.Offer trace) {
        trace.role(doc.string(Fields.ROLE));
        if (!Values.TYPE_OFFER.equals(doc.map(Fields.OFFER).get(Fields.TYPE))) {
            refuse(doc, "offer.type must be \"offer\"", rev, trace);
            return;
        }
        if (sdp.length() > Values.MAX_SDP_CHARS) {
            refuse(doc, "the offer is larger than " + Values.MAX_SDP_CHARS + " characters", rev, trace);
            return;
        }
        ParticipantRole role;
        try {
            role = ParticipantRole.parse(doc.string(Fields.ROLE));
        } catch (IllegalArgumentException e) {
            refuse(doc, "role: " + e.getMessage() + " (use \"presenter\" or \"viewer\")", rev, trace);
            return;
        }
        String answer;
        try (MediaConnection c = media.connect()) {
            answer = c.answer(new OfferRequest(roomId, participantId, doc.string(Fields.NAME), role, sdp));
        } catch (MediaException e) {
            LOG.info(() -> "offer " + doc.path() + " rev " + rev + " refused: " + e.getMessage());
            refuse(doc, e.getMessage(), rev, trace);
            return;
        }
        Map<String, Object> update = new HashMap<>();
        update.put(Fields.ANSWER, Map.of(Fields.TYPE, Values.TYPE_ANSWER, Fields.SDP, answer, Fields.REV, rev));
        update.put(Fields.STATE, Values.STATE_ANSWERED);
        update.put(Fields.ERROR, "");
        update.put(Fields.RENEGOTIATE, false);
        update.put(Fields.SERVER, instanceId);
        update.put(Fields.ANSWERED_AT, clock.instant());
        update.put(Fields.UPDATED_AT, clock.instant());
        if (!store.update(doc.path(), update)) {
            // Deleted while we answered: do not leave a transport behind.
            close(roomId, participantId);
            trace.refused("the document was deleted while it was answered");
            return;
        }
        LOG.info(() -> "answered " + doc.path() + " rev " + rev + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ")");
        trace.answered();
    }

    /**
     * Writes the refusal (once per rev) and ends the offer's trace; a refusal found before
     * the offer is known to be new gets a trace of its own only when it is written.
     */
    private void refuse(Document doc, String message, long rev, SignalingTelemetry.Offer trace) {
        boolean written = writeErrorOnce(doc, message, rev);
        if (trace != null) {
            trace.refused(message);
        } else if (written) {
            telemetry.offer(Paths.roomIdOf(doc.path()), doc.id(), rev).refused(message);
        }
    }

    private boolean writeErrorOnce(Document doc, String message, long rev) {
        if (Values.STATE_ERROR.equals(doc.string(Fields.STATE)) && doc.number(Fields.ERROR_REV, -2) == rev
                && message.equals(doc.string(Fields.ERROR))) {
            return false;
        }
        writeError(doc.path(), message, rev);
        return true;
    }

    private void writeError(String path, String message, long rev) {
        try {
            store.update(path, Map.of(Fields.STATE, Values.STATE_ERROR, Fields.ERROR, message == null ? "error" : message,
                    Fields.ERROR_REV, rev, Fields.SERVER, instanceId, Fields.UPDATED_AT, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the error on " + path, e);
        }
    }

    /**
     * Closes the participant's transport. A failure is logged, not thrown: the participant has
     * left either way (its document still becomes {@code left}), and an engine that cannot be
     * reached closes the transport when ICE consent runs out.
     */
    private void close(String roomId, String participantId) {
        try (MediaConnection c = media.connect()) {
            c.closeParticipant(roomId, participantId);
        } catch (MediaException e) {
            LOG.log(Level.FINE, "closing " + roomId + "/" + participantId + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing " + roomId + "/" + participantId + " failed", e);
        }
    }
}
