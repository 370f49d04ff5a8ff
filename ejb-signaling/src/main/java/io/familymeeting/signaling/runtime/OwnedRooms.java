package io.familymeeting.signaling.runtime;

import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.signaling.scale.Ownership;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.DocumentStore;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What this instance does when a room changes hands ({@link Ownership.Rooms}): a claimed
 * room's documents go through the delivery queue again (a native room's participants and
 * cameras as ADDED, as a new listener would report them; a broadcast's requests as MODIFIED),
 * because the services skipped them while the room was not served here; a lost room is
 * closed in the engine.
 */
final class OwnedRooms implements Ownership.Rooms {
    private static final Logger LOG = Logger.getLogger(OwnedRooms.class.getName());

    private final DocumentStore store;
    private final SignalForwarding forwarding;
    private final MediaAdapter media;

    OwnedRooms(DocumentStore store, SignalForwarding forwarding, MediaAdapter media) {
        this.store = store;
        this.forwarding = forwarding;
        this.media = media;
    }

    @Override
    public void claimed(String path) {
        String id = DocumentPaths.id(path);
        if (path.startsWith(Paths.ROOMS + "/")) {
            for (String collection : List.of(Paths.participants(id), Paths.cameras(id))) {
                for (Document d : store.list(collection)) {
                    forwarding.roomDocument(new DocumentChange(DocumentChange.Type.ADDED, d));
                }
            }
            return;
        }
        for (Document d : store.list(Paths.BROADCAST_REQUESTS)) {
            if (d.id().equals(id) || id.equals(d.string(Fields.PARENT))) {
                forwarding.broadcastRequest(new DocumentChange(DocumentChange.Type.MODIFIED, d));
            }
        }
    }

    @Override
    public void lost(String path) {
        try (MediaConnection c = media.connect()) {
            c.closeRoom(DocumentPaths.id(path));
        } catch (MediaException | RuntimeException e) {
            LOG.log(Level.FINE, "closing lost room " + path + ": " + e.getMessage());
        }
    }
}
