package io.familymeeting.signaling.service;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes what the media engine reports onto the participant's document: {@code connected}
 * when ICE and DTLS are up, {@code failed} with the reason when the transport died,
 * {@code error} with the reason when the engine refused the participant once its transport
 * connected (too many from its address), and
 * {@code renegotiate: true} with {@code slots: {audio, video}} when a viewer has fewer receive
 * slots than the source on stage has tracks (renegotiation is always client-initiated:
 * the client then sends a new offer with that many). Events about documents that no longer exist, or that a newer state
 * has superseded, are ignored.
 *
 * <p>Only native participants ({@code rooms/{room}/participants/{id}}) are written. A
 * broadcast_requests participant (the legacy client) has no such document and is never
 * asked to renegotiate: its client sends one offer and cannot send another, so it keeps the
 * slots it offered.
 */
public final class MediaEvents {
    private static final Logger LOG = Logger.getLogger(MediaEvents.class.getName());
    private static final Set<String> FINAL = Set.of(Values.STATE_LEFT);

    private final DocumentStore store;
    private final Clock clock;
    private final SignalingTelemetry telemetry;

    public MediaEvents(DocumentStore store, Clock clock) {
        this(store, clock, SignalingTelemetry.NOOP);
    }

    public MediaEvents(DocumentStore store, Clock clock, SignalingTelemetry telemetry) {
        this.store = store;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    public void handle(MediaEvent event) {
        String path = Paths.participant(event.roomId(), event.participantId());
        try {
            switch (event.type()) {
                case CONNECTED -> telemetry.connected(event.roomId(), event.participantId());
                case FAILED, REFUSED -> telemetry.failed(event.roomId(), event.participantId(), event.detail());
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "telemetry of " + event.type() + " on " + path, e);
        }
        try {
            switch (event.type()) {
                case CONNECTED -> setState(path, Values.STATE_CONNECTED, "");
                case FAILED -> setState(path, Values.STATE_FAILED, event.detail().isEmpty()
                        ? "the media connection failed" : "the media connection failed: " + event.detail());
                case REFUSED -> refuse(path, event.detail());
                case RENEGOTIATION_NEEDED -> askForSlots(path, event.detail());
                default -> LOG.fine(() -> event.type() + " " + path + " " + event.detail());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record " + event.type() + " on " + path, e);
        }
    }

    private void askForSlots(String path, String detail) {
        SlotCounts needed;
        try {
            needed = SlotCounts.parse(detail);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignored a renegotiation request for " + path + ": " + e.getMessage());
            return;
        }
        if (!live(path)) {
            return;
        }
        LOG.info(() -> "asking " + path + " to renegotiate for " + needed.detail() + " slots");
        store.update(path, Map.of(Fields.RENEGOTIATE, true,
                Fields.SLOTS, Map.of(Fields.SLOTS_AUDIO, (long) needed.audio(), Fields.SLOTS_VIDEO, (long) needed.video()),
                Fields.UPDATED_AT, clock.instant()));
    }

    private void setState(String path, String state, String error) {
        if (!live(path)) {
            return;
        }
        store.update(path, Map.of(Fields.STATE, state, Fields.ERROR, error, Fields.UPDATED_AT, clock.instant()));
    }

    /**
     * The engine refused the participant after its answer (a limit of the server): {@code state:
     * "error"} with the reason, for the offer rev that was answered, as a refused offer gets.
     */
    private void refuse(String path, String reason) {
        Document doc = liveDocument(path);
        if (doc == null) {
            return;
        }
        Object rev = doc.map(Fields.ANSWER).get(Fields.REV);
        store.update(path, Map.of(Fields.STATE, Values.STATE_ERROR,
                Fields.ERROR, reason.isEmpty() ? "the server refused the media connection" : reason,
                Fields.ERROR_REV, rev instanceof Number n ? n.longValue() : -1L, Fields.UPDATED_AT, clock.instant()));
    }

    /** The document exists and its participant has not left. */
    private boolean live(String path) {
        return liveDocument(path) != null;
    }

    /** The document, if it exists and its participant has not left; else null. */
    private Document liveDocument(String path) {
        Document doc = store.get(path).orElse(null);
        return doc != null && !FINAL.contains(doc.string(Fields.STATE)) && !doc.bool(Fields.LEAVE) ? doc : null;
    }
}
