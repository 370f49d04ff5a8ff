package io.familymeeting.signaling.service;

import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What a {@link SignalEvent.Kind#RESYNC} stands for: the media adapter's delivery queue was
 * full and dropped events of one order key, so every document of that key is read again and
 * handed on as a {@code MODIFIED} event, in the key's order (the resync is delivered after
 * everything queued before it). The services act on the store's state, not the event's, so an
 * offer that lost its event is answered or refused now, and an already answered one is left
 * alone. The key is a native room (its participants and cameras) or a broadcaster (its
 * {@code broadcast_requests}, {@link BroadcastRequests#orderKey}).
 *
 * <p>It only reads; who acts on the events is the caller's routing ({@code mdb.SignalMDB}).
 */
public final class Resync {
    private static final Logger LOG = Logger.getLogger(Resync.class.getName());

    private final DocumentStore store;

    public Resync(DocumentStore store) {
        this.store = store;
    }

    /** The documents of the resync's order key, as events of that key. */
    public List<SignalEvent> events(SignalEvent resync) {
        String key = resync.orderKey();
        List<SignalEvent> events = new ArrayList<>();
        if (Paths.isValidId(key)) {
            for (String collection : List.of(Paths.participants(key), Paths.cameras(key))) {
                for (Document d : store.list(collection)) {
                    events.add(new SignalEvent(key, d.path(), SignalEvent.Kind.MODIFIED, d.data()));
                }
            }
        }
        for (Document d : store.list(Paths.BROADCAST_REQUESTS)) {
            if (key.equals(BroadcastRequests.orderKey(d))) {
                events.add(new SignalEvent(key, d.path(), SignalEvent.Kind.MODIFIED, d.data()));
            }
        }
        LOG.info(() -> "resync of " + key + ": " + events.size() + " documents read again");
        return events;
    }
}
