package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.broadcast.BadRequestException;
import io.familymeeting.signaling.broadcast.BroadcastRequest;
import io.familymeeting.signaling.broadcast.BroadcastRequestCodec;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server does when a {@code broadcast_requests} document of the family-meeting web
 * client changes ({@link Fields}; docs/signaling.md): a broadcaster's offer makes it the presenter of the
 * room named by its document id; a participant's offer makes it a viewer of the room of its
 * {@code parent}. The answer is written back base64-encoded with {@code state},
 * {@code server} and {@code answeredAt}. A bad document gets {@code error} and
 * {@code state: "error"} and nothing else happens; {@code abort: true} (or deleting the
 * document) ends a broadcast with its participants, or one participant. A request without
 * {@code uid} (the original client's) is refused with {@code state: "error"} unless
 * LEGACY_BROADCAST_REQUESTS is open (the Firestore rules refuse it too; this catches what
 * gets in without them). When the engine
 * reports a request's media failed ({@link #mediaFailed}) the document gets
 * {@code state: "failed"} and the reason; a broadcaster's failure ends its broadcast (the
 * family-meeting client does not re-offer on the same document), so it holds no place.
 *
 * <p>Reads the document again before acting, so a stale event does nothing; never throws.
 * Answers only the broadcasts the {@code serves} predicate says this instance serves (their
 * broadcaster's path; participants follow their parent); errors and aborts are written by any
 * instance. Does not own the store or the engine, and does not decide which instance serves a room.
 */
public final class BroadcastRequests {
    private static final Logger LOG = Logger.getLogger(BroadcastRequests.class.getName());

    private static final Set<String> FINAL_STATES = Set.of(Values.STATE_ABORTED, Values.STATE_ENDED, Values.STATE_ERROR,
            Values.STATE_FAILED);

    /** The error an unstamped request gets while LEGACY_BROADCAST_REQUESTS is off. */
    public static final String LEGACY_REFUSED = "this request has no uid: this server takes broadcast_requests only"
            + " from signed-in pages that stamp their uid (the original family-meeting client needs"
            + " LEGACY_BROADCAST_REQUESTS=open, which is off here)";

    private final DocumentStore store;
    private final ParticipantSignaling.Media media;
    private final String instanceId;
    private final Clock clock;
    private final BroadcastRequestCodec codec = new BroadcastRequestCodec();
    private final Predicate<String> serves;
    private final boolean legacyOpen;

    /** Serves every broadcast (one instance), requests without uid included. */
    public BroadcastRequests(DocumentStore store, ParticipantSignaling.Media media, String instanceId, Clock clock) {
        this(store, media, instanceId, clock, path -> true, true);
    }

    /**
     * Serves the broadcasts whose {@code broadcast_requests/{id}} path {@code serves} accepts;
     * requests without uid only when {@code legacyOpen} (LEGACY_BROADCAST_REQUESTS=open).
     */
    public BroadcastRequests(DocumentStore store, ParticipantSignaling.Media media, String instanceId, Clock clock,
                             Predicate<String> serves, boolean legacyOpen) {
        this.serves = serves;
        this.legacyOpen = legacyOpen;
        this.store = store;
        this.media = media;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** The order key of a change: the broadcaster's id (its own id, or a participant's parent). */
    public static String orderKey(Document doc) {
        String parent = doc.string(Fields.PARENT);
        return Values.KIND_PARTICIPANT.equals(doc.string(Fields.KIND)) && !parent.isEmpty() ? parent : doc.id();
    }

    /** True while the document's transport should exist: not aborted, ended or refused. */
    public static boolean isLive(Document doc) {
        return !doc.bool(Fields.ABORT) && !FINAL_STATES.contains(doc.string(Fields.STATE));
    }

    public void handle(SignalEvent event) {
        if (!Paths.isIn(Paths.BROADCAST_REQUESTS, event.path())) {
            return;
        }
        try {
            Document doc = store.get(event.path()).orElse(null);
            if (doc == null) {
                closeRemoved(event);
                return;
            }
            if (event.kind() == SignalEvent.Kind.REMOVED) {
                // A listener re-attached after an outage can report a document gone that is
                // still there: the store decides, not the event.
                LOG.info(() -> "broadcast request " + event.path() + " reported removed but still there: kept");
            }
            process(doc);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "broadcast request " + event.path() + " failed", e);
            writeError(event.path(), "the server could not process this document: " + e.getMessage());
        }
    }

    private void process(Document doc) {
        if (FINAL_STATES.contains(doc.string(Fields.STATE))) {
            return;
        }
        if (doc.bool(Fields.ABORT)) {
            abort(doc);
            return;
        }
        if (!legacyOpen && doc.string(Fields.UID).isEmpty()) {
            LOG.info(() -> "broadcast request " + doc.path() + " has no uid: refused (LEGACY_BROADCAST_REQUESTS is off)");
            writeError(doc.path(), LEGACY_REFUSED);
            return;
        }
        BroadcastRequest request;
        try {
            request = codec.parse(doc);
        } catch (BadRequestException e) {
            writeError(doc.path(), e.getMessage());
            return;
        }
        if (request.answered()) {
            return;
        }
        if (!request.isBroadcaster()) {
            String problem = parentProblem(request.parent());
            if (problem != null) {
                writeError(doc.path(), problem);
                return;
            }
        }
        String roomId = request.broadcasterId();
        if (!serves.test(Paths.broadcastRequest(roomId))) {
            return; // another instance's broadcast, or nobody's yet (the claim processes it again)
        }
        ParticipantRole role = request.isBroadcaster() ? ParticipantRole.PRESENTER : ParticipantRole.VIEWER;
        String answer;
        try (MediaConnection c = media.connect()) {
            answer = c.answer(new OfferRequest(roomId, request.id(), request.requestor(), role, request.offerSdp()));
        } catch (MediaException e) {
            LOG.info(() -> "broadcast request " + doc.path() + " refused: " + e.getMessage());
            writeError(doc.path(), e.getMessage());
            return;
        }
        Map<String, Object> update = new HashMap<>();
        update.put(Fields.ANSWER, codec.encodeAnswer(answer));
        update.put(Fields.STATE, Values.STATE_ANSWERED);
        update.put(Fields.SERVER, instanceId);
        update.put(Fields.ANSWERED_AT, clock.instant());
        if (!store.update(doc.path(), update)) {
            // Deleted while we answered: do not leave a transport behind.
            LOG.info(() -> "broadcast request " + doc.path() + " deleted while it was answered: transport closed");
            close(roomId, request.id(), request.isBroadcaster());
        }
    }

    /** Null when the parent is a live broadcast; otherwise what is wrong with it. */
    private String parentProblem(String parentId) {
        Document parent = store.get(Paths.broadcastRequest(parentId)).orElse(null);
        if (parent == null || !Values.KIND_BROADCASTER.equals(parent.string(Fields.KIND))) {
            return "unknown parent: there is no broadcaster \"" + parentId + "\"";
        }
        if (parent.bool(Fields.ABORT) || FINAL_STATES.contains(parent.string(Fields.STATE))) {
            return "the broadcast \"" + parentId + "\" has ended";
        }
        return null;
    }

    private void abort(Document doc) {
        boolean broadcaster = !Values.KIND_PARTICIPANT.equals(doc.string(Fields.KIND));
        LOG.info(() -> "broadcast request " + doc.path() + " aborted" + (broadcaster ? ": the broadcast ends" : ""));
        close(orderKey(doc), doc.id(), broadcaster);
        store.update(doc.path(), Map.of(Fields.STATE, Values.STATE_ABORTED, Fields.ENDED_AT, clock.instant()));
        if (broadcaster) {
            endParticipants(doc.id());
        }
    }

    /**
     * The engine removed a participant whose media failed (MediaEvent FAILED): if it is a live
     * {@code broadcast_requests} document of that broadcast, it gets {@code state: "failed"}
     * with the reason, and a broadcaster's broadcast ends with its participants. Other
     * participants (native rooms) are left alone. Never throws.
     */
    public void mediaFailed(String roomId, String participantId, String detail) {
        mediaEnded(roomId, participantId, Values.STATE_FAILED, detail == null || detail.isEmpty()
                ? "the media connection failed" : "the media connection failed: " + detail);
    }

    /**
     * The engine refused a participant once its transport connected (MediaEvent REFUSED, a
     * limit of the server): like {@link #mediaFailed}, with {@code state: "error"} and the reason.
     */
    public void mediaRefused(String roomId, String participantId, String detail) {
        mediaEnded(roomId, participantId, Values.STATE_ERROR, detail == null || detail.isEmpty()
                ? "the server refused the media connection" : detail);
    }

    private void mediaEnded(String roomId, String participantId, String state, String reason) {
        try {
            Document doc = store.get(Paths.broadcastRequest(participantId)).orElse(null);
            if (doc == null || !roomId.equals(orderKey(doc)) || !isLive(doc)) {
                return;
            }
            boolean broadcaster = !Values.KIND_PARTICIPANT.equals(doc.string(Fields.KIND));
            LOG.info(() -> "broadcast request " + doc.path() + ": " + reason + (broadcaster ? "; the broadcast ends" : ""));
            if (broadcaster) {
                close(roomId, participantId, true);
            }
            store.update(doc.path(), Map.of(Fields.STATE, state, Fields.ERROR, reason,
                    Fields.ENDED_AT, clock.instant()));
            if (broadcaster) {
                endParticipants(doc.id());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the media failure of " + roomId + "/" + participantId, e);
        }
    }

    private void endParticipants(String broadcasterId) {
        for (Document p : store.list(Paths.BROADCAST_REQUESTS)) {
            if (broadcasterId.equals(p.string(Fields.PARENT)) && !FINAL_STATES.contains(p.string(Fields.STATE))) {
                store.update(p.path(), Map.of(Fields.STATE, Values.STATE_ENDED, Fields.ENDED_AT, clock.instant()));
            }
        }
    }

    private void closeRemoved(SignalEvent event) {
        String id = event.documentId();
        LOG.info(() -> "broadcast request " + event.path() + " deleted: its transport is closed");
        Object parent = event.data().get(Fields.PARENT);
        if (parent instanceof String p && !p.isEmpty()) {
            close(p, id, false);
        } else {
            close(id, id, true);
        }
    }

    private void close(String roomId, String participantId, boolean wholeRoom) {
        try (MediaConnection c = media.connect()) {
            if (wholeRoom) {
                c.closeRoom(roomId);
            } else {
                c.closeParticipant(roomId, participantId);
            }
        } catch (MediaException e) {
            LOG.log(Level.FINE, "closing " + roomId + "/" + participantId + ": " + e.getMessage());
        }
    }

    private void writeError(String path, String message) {
        try {
            store.update(path, Map.of(Fields.STATE, Values.STATE_ERROR, Fields.ERROR, message == null ? "error" : message,
                    Fields.SERVER, instanceId, Fields.UPDATED_AT, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the error on " + path, e);
        }
    }
}
