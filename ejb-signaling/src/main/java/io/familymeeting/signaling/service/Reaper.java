package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes what is over (run by a timer): participant documents that failed, were refused
 * ({@code state: "error"}, an offer that may carry up to its size limit of SDP) or left longer
 * than {@code reapAfter} ago, and engine transports whose document (native participant or
 * live {@code broadcast_requests} document) is gone (deleted while the server was not
 * listening). It does not touch rooms or other instances'
 * participants.
 */
public final class Reaper {
    private static final Logger LOG = Logger.getLogger(Reaper.class.getName());
    private static final Set<String> OVER = Set.of(Values.STATE_FAILED, Values.STATE_ERROR, Values.STATE_LEFT);

    private final DocumentStore store;
    private final ParticipantSignaling.Media media;
    private final Duration reapAfter;
    private final Clock clock;

    public Reaper(DocumentStore store, ParticipantSignaling.Media media, Duration reapAfter, Clock clock) {
        this.store = store;
        this.media = media;
        this.reapAfter = reapAfter;
        this.clock = clock;
    }

    /** One pass; returns how many documents and transports it removed. */
    public int run() {
        int removed = 0;
        Instant cutoff = clock.instant().minus(reapAfter);
        Set<String> known = new HashSet<>();
        try (MediaConnection c = media.connect()) {
            for (Document room : store.list(Paths.ROOMS)) {
                for (Document p : store.list(Paths.participants(room.id()))) {
                    known.add(p.path());
                    Instant updated = p.instant(Fields.UPDATED_AT);
                    boolean over = OVER.contains(p.string(Fields.STATE)) || p.bool(Fields.LEAVE);
                    if (over && (updated == null || updated.isBefore(cutoff))) {
                        c.closeParticipant(room.id(), p.id());
                        store.delete(p.path());
                        removed++;
                    }
                }
            }
            // broadcast_requests (the legacy client): a live broadcaster or participant document keeps its transport.
            for (Document b : store.list(Paths.BROADCAST_REQUESTS)) {
                if (BroadcastRequests.isLive(b)) {
                    known.add(Paths.participant(BroadcastRequests.orderKey(b), b.id()));
                }
            }
            for (RoomSnapshot r : c.rooms()) {
                for (ParticipantSnapshot p : r.participants()) {
                    if (!known.contains(Paths.participant(r.roomId(), p.participantId()))) {
                        LOG.info(() -> "closing " + r.roomId() + "/" + p.participantId() + ": its document is gone");
                        c.closeParticipant(r.roomId(), p.participantId());
                        removed++;
                    }
                }
            }
        } catch (MediaException | RuntimeException e) {
            LOG.log(Level.WARNING, "reaper pass failed: " + e.getMessage(), e);
        }
        return removed;
    }
}
