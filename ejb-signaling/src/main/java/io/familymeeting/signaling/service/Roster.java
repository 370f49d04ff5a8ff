package io.familymeeting.signaling.service;

import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps each room's roster ({@code rooms/{roomId}/roster/{participantId}}: name, role, state)
 * in step with its participant documents, for the rooms this instance serves. On Firestore
 * the security rules let a browser read only its own participant document (its offer and
 * answer carry ICE credentials and addresses) but the roster of a room it is admitted to
 * (docker/firestore/firestore.rules); browsers never write it.
 *
 * <p>On each change it reads the participant document again, writes the entry only when it
 * differs, and removes it with the document. Never throws: a failed write is logged and the
 * next change writes the entry again. Does not answer offers ({@link ParticipantSignaling})
 * and does not decide which instance serves a room.
 */
public final class Roster {
    private static final Logger LOG = Logger.getLogger(Roster.class.getName());

    private final DocumentStore store;
    private final Predicate<String> serves;

    /** Keeps the rosters of the rooms whose {@code rooms/{id}} path {@code serves} accepts. */
    public Roster(DocumentStore store, Predicate<String> serves) {
        this.store = store;
        this.serves = serves;
    }

    /** What the others in the room see of a participant document. */
    public static Map<String, Object> entryOf(Document participant) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(Fields.NAME, participant.string(Fields.NAME));
        entry.put(Fields.ROLE, participant.string(Fields.ROLE));
        String state = participant.string(Fields.STATE);
        entry.put(Fields.STATE, state.isEmpty() ? Values.STATE_NEW : state);
        return entry;
    }

    public void handle(SignalEvent event) {
        String roomId = Paths.roomIdOf(event.path());
        if (roomId == null || !Paths.isIn(Paths.PARTICIPANTS, event.path()) || !serves.test(Paths.room(roomId))) {
            return;
        }
        String entryPath = Paths.rosterEntry(roomId, event.documentId());
        try {
            Document participant = store.get(event.path()).orElse(null);
            if (participant == null) {
                store.delete(entryPath);
                return;
            }
            Map<String, Object> entry = entryOf(participant);
            Document current = store.get(entryPath).orElse(null);
            if (current == null || !current.data().equals(entry)) {
                store.set(entryPath, entry);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the roster entry " + entryPath + " was not updated", e);
        }
    }
}
