package io.familymeeting.signaling.service;

import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Roster} on the embedded store. */
class RosterTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final Roster roster = new Roster(store, room -> !room.equals(Paths.room("elsewhere")));
    private final List<DocumentChange> rosterWrites = new ArrayList<>();

    @AfterEach
    void close() {
        store.close();
    }

    private void change(String roomId, String participantId, Map<String, Object> fields) {
        String path = Paths.participant(roomId, participantId);
        if (fields == null) {
            store.delete(path);
        } else if (!store.update(path, fields)) {
            store.set(path, new HashMap<>(fields));
        }
        roster.handle(new SignalEvent(roomId, path, fields == null ? SignalEvent.Kind.REMOVED : SignalEvent.Kind.MODIFIED,
                fields == null ? Map.of() : fields));
    }

    private Map<String, Object> entry(String roomId, String participantId) {
        return store.get(Paths.rosterEntry(roomId, participantId)).map(d -> d.data()).orElse(null);
    }

    @Test
    void theRosterCarriesNameRoleAndStateAndNothingElseOfAParticipant() {
        change("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer", Fields.UID, "u1",
                Fields.OFFER, Map.of(Fields.TYPE, "offer", Fields.SDP, "v=0 secret", Fields.REV, 1)));
        assertThat(entry("r1", "p1")).containsExactlyInAnyOrderEntriesOf(Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer",
                Fields.STATE, Values.STATE_NEW));

        change("r1", "p1", Map.of(Fields.STATE, Values.STATE_CONNECTED,
                Fields.ANSWER, Map.of(Fields.TYPE, "answer", Fields.SDP, "v=0 ice-pwd", Fields.REV, 1)));
        assertThat(entry("r1", "p1")).containsExactlyInAnyOrderEntriesOf(Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer",
                Fields.STATE, Values.STATE_CONNECTED));
    }

    @Test
    void anEntryIsWrittenOnlyWhenItChanges() {
        store.listen(Paths.room("r1") + "/" + Paths.ROSTER, rosterWrites::add);
        change("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "presenter"));
        change("r1", "p1", Map.of(Fields.RENEGOTIATE, true));
        change("r1", "p1", Map.of(Fields.SLOTS, Map.of("audio", 1, "video", 3)));
        assertThat(rosterWrites).hasSize(1);
        change("r1", "p1", Map.of(Fields.STATE, Values.STATE_LEFT));
        assertThat(rosterWrites).hasSize(2);
    }

    @Test
    void aRemovedParticipantLeavesTheRoster() {
        change("r1", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer"));
        change("r1", "p2", Map.of(Fields.NAME, "Bob", Fields.ROLE, "viewer"));
        change("r1", "p1", null);
        assertThat(entry("r1", "p1")).isNull();
        assertThat(entry("r1", "p2")).isNotNull();
    }

    @Test
    void roomsServedElsewhereAndOtherDocumentsAreLeftAlone() {
        change("elsewhere", "p1", Map.of(Fields.NAME, "Ann", Fields.ROLE, "viewer"));
        assertThat(entry("elsewhere", "p1")).isNull();
        store.set(Paths.camera("r1", "c1"), Map.of(Fields.URL, "rtsp://cam/1"));
        roster.handle(new SignalEvent("r1", Paths.camera("r1", "c1"), SignalEvent.Kind.ADDED, Map.of()));
        assertThat(store.list(Paths.room("r1") + "/" + Paths.ROSTER)).isEmpty();
    }
}
