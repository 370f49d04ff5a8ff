package io.familymeeting.signaling.runtime;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.service.BroadcastRequests;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.store.DocumentChange;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands a store change to the media adapter's delivery queue, which delivers it to
 * {@code mdb.SignalMDB} on a container thread, in order per order key (a native room; a
 * broadcast's broadcaster id). Runs on store callback threads: it only enqueues. When the
 * adapter's queue is full it drops the key's changes and later delivers one resync for the key
 * ({@code service.Resync}); a change it cannot take at all (not started) is logged.
 */
final class SignalForwarding {
    private static final Logger LOG = Logger.getLogger(SignalForwarding.class.getName());

    private final MediaAdapter media;

    SignalForwarding(MediaAdapter media) {
        this.media = media;
    }

    /** A participant or camera document's change, ordered by its room. */
    void roomDocument(DocumentChange change) {
        forward(change, ParticipantSignaling.orderKey(change.path()));
    }

    /** A {@code broadcast_requests} document's change, ordered by its broadcaster. */
    void broadcastRequest(DocumentChange change) {
        forward(change, BroadcastRequests.orderKey(change.document()));
    }

    private void forward(DocumentChange change, String orderKey) {
        SignalEvent.Kind kind = switch (change.type()) {
            case ADDED -> SignalEvent.Kind.ADDED;
            case MODIFIED -> SignalEvent.Kind.MODIFIED;
            case REMOVED -> SignalEvent.Kind.REMOVED;
        };
        try (MediaConnection c = media.connect()) {
            c.enqueueSignal(new SignalEvent(orderKey, change.path(), kind, change.data()));
        } catch (MediaException | RuntimeException e) {
            LOG.log(Level.WARNING, "signaling change of " + change.path() + " not delivered: " + e.getMessage());
        }
    }
}
