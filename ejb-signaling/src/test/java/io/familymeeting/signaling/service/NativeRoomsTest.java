package io.familymeeting.signaling.service;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeRoomsTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final NativeRooms rooms = new NativeRooms(store, Clock.systemUTC());

    private static Map<String, Object> offer(Object rev) {
        return Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0", Fields.REV, rev);
    }

    private static void refused(Runnable r, int status, String text) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void joinCreatesTheRoomAndANewParticipant() {
        var doc = rooms.join("r1", "p1", Map.of(Fields.NAME, " Ann ", Fields.ROLE, "presenter", Fields.OFFER, offer(new BigDecimal("1"))));
        assertThat(doc.string(Fields.STATE)).isEqualTo(Values.STATE_NEW);
        assertThat(doc.string(Fields.NAME)).isEqualTo("Ann");
        assertThat(doc.map(Fields.OFFER)).containsEntry(Fields.REV, 1L);
        assertThat(store.get(Paths.room("r1"))).get().extracting(d -> d.string(Fields.TITLE)).isEqualTo("r1");
        assertThat(rooms.roomView("r1").get("participants")).asList().hasSize(1);
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        refused(() -> rooms.join("bad id!", "p1", Map.of()), 400, "room id");
        refused(() -> rooms.join("r1", "", Map.of()), 400, "participant id");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "wizard", Fields.OFFER, offer(1))), 400, "role");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer")), 400, "offer must be an object");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_ANSWER, Fields.SDP, "v=0", Fields.REV, 1))), 400, "offer.type");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer", Fields.OFFER, offer(1.5))), 400, "offer.rev");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer", Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "x".repeat(Values.MAX_SDP_CHARS + 1), Fields.REV, 1))), 413, "larger");
        refused(() -> rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer", Fields.NAME, 7, Fields.OFFER, offer(1))), 400, "name");
        assertThat(store.get(Paths.participant("r1", "p1"))).isEmpty();
    }

    @Test
    void patchNeedsANewerRevAndALiveParticipant() {
        rooms.join("r1", "p1", Map.of(Fields.ROLE, "viewer", Fields.OFFER, offer(1)));
        refused(() -> rooms.patch("r1", "p1", Map.of(Fields.OFFER, offer(1))), 409, "not newer");
        assertThat(rooms.patch("r1", "p1", Map.of(Fields.OFFER, offer(2))).map(Fields.OFFER)).containsEntry(Fields.REV, 2L);
        refused(() -> rooms.patch("r1", "p1", Map.of("something", "else")), 400, "leave");
        rooms.patch("r1", "p1", Map.of(Fields.LEAVE, true));
        refused(() -> rooms.patch("r1", "p1", Map.of(Fields.OFFER, offer(3))), 409, "left");
        refused(() -> rooms.patch("r1", "nobody", Map.of(Fields.LEAVE, true)), 404, "no participant");
        refused(() -> rooms.room("none"), 404, "no room");
    }
}
