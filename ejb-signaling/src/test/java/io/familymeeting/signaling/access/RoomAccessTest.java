package io.familymeeting.signaling.access;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.NativeRooms;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import io.familymeeting.signaling.testing.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.familymeeting.media.api.ParticipantRole.PRESENTER;
import static io.familymeeting.media.api.ParticipantRole.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomAccessTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-10-01T10:00:00Z"));
    private final EmbeddedStore store = new EmbeddedStore();
    private final JoinTokens tokens = new JoinTokens(TokenKeys.hs256(TestKeys.SECRET), clock, Duration.ofHours(1), Duration.ofDays(1));
    private static final Caller ADMIN = new Caller(null, null, null, true);

    private RoomAccess access(AccessMode mode) {
        return new RoomAccess(new AccessConfig(mode, tokens), store, new NativeRooms(store, clock));
    }

    private static Map<String, Object> joinBody(String name, String role, int rev) {
        return Map.of(Fields.NAME, name, Fields.ROLE, role,
                Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 " + name, Fields.REV, rev));
    }

    private static Map<String, Object> offer(int rev) {
        return Map.of(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, "v=0 other", Fields.REV, rev));
    }

    private static Caller key(Object participantKey) {
        return new Caller(null, (String) participantKey, null, false);
    }

    private static Caller bearer(String token) {
        return new Caller(token, null, null, false);
    }

    private String token(String room, ParticipantRole role, String identity, String name) {
        return tokens.issue(room, role, identity, name, null).token();
    }

    private static void refused(Runnable r, int status, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private Document doc(String room, String participant) {
        return store.get(Paths.participant(room, participant)).orElseThrow();
    }

    /** The attacks on another participant's document, each refused and each leaving it as it was. */
    private void othersCannotTouch(RoomAccess access, String room, String victim, Caller attacker, int status) {
        othersCannotTouch(access, room, victim, attacker, status, 403, "is taken");
    }

    private void othersCannotTouch(RoomAccess access, String room, String victim, Caller attacker, int status,
                                   int joinStatus, String joinRefusal) {
        Document before = doc(room, victim);
        refused(() -> access.participant(attacker, room, victim), status, "only participant " + victim + " itself");
        refused(() -> access.patch(attacker, room, victim, offer(7)), status, "only participant " + victim + " itself");
        refused(() -> access.patch(attacker, room, victim, Map.of(Fields.LEAVE, true)), status, "only participant " + victim + " itself");
        refused(() -> access.requireHolder(attacker, room, victim), status, "only participant");
        refused(() -> access.join(attacker, room, victim, joinBody("Mallory", "viewer", 1)), joinStatus, joinRefusal);
        assertThat(doc(room, victim).data()).as("the victim's document is untouched").isEqualTo(before.data());
    }

    @Nested
    class OpenMode {
        private final RoomAccess access = access(AccessMode.OPEN);

        @Test
        void aJoinAnswersAParticipantKeyOnceAndTheDocumentKeepsOnlyItsHash() {
            Map<String, Object> joined = access.join(Caller.ANONYMOUS, "r1", "ann", joinBody("Ann", "presenter", 1));
            String key = (String) joined.get(RoomAccess.PARTICIPANT_KEY);
            assertThat(key).matches("[A-Za-z0-9_-]{43}");
            assertThat(joined).doesNotContainKey(Fields.KEY_HASH).containsEntry(Fields.NAME, "Ann");
            Document stored = doc("r1", "ann");
            assertThat(stored.string(Fields.KEY_HASH)).isEqualTo(HolderKeys.hash(key)).doesNotContain(key);
            Map<String, Object> read = access.participant(key(key), "r1", "ann");
            assertThat(read).doesNotContainKeys(Fields.KEY_HASH, RoomAccess.PARTICIPANT_KEY).containsEntry(Fields.NAME, "Ann");
            assertThat(access.rooms().roomView("r1").toString()).doesNotContain(Fields.KEY_HASH);
        }

        @Test
        void onlyTheHolderReadsReOffersAndLeaves() {
            String annKey = (String) access.join(Caller.ANONYMOUS, "r1", "ann", joinBody("Ann", "presenter", 1)).get(RoomAccess.PARTICIPANT_KEY);
            String bobKey = (String) access.join(Caller.ANONYMOUS, "r1", "bob", joinBody("Bob", "viewer", 1)).get(RoomAccess.PARTICIPANT_KEY);
            othersCannotTouch(access, "r1", "ann", Caller.ANONYMOUS, 401);
            othersCannotTouch(access, "r1", "ann", key(bobKey), 403);
            othersCannotTouch(access, "r1", "ann", key("made-up"), 403);
            othersCannotTouch(access, "r1", "ann", ADMIN, 403);

            assertThat(access.patch(key(annKey), "r1", "ann", offer(2)).get(Fields.OFFER)).asString().contains("rev=2");
            assertThat(access.patch(key(annKey), "r1", "ann", Map.of(Fields.LEAVE, true)).get(Fields.LEAVE)).isEqualTo(true);
        }

        @Test
        void theHolderMayJoinAgainWithItsIdAndGetsANewKey() {
            String first = (String) access.join(Caller.ANONYMOUS, "r1", "ann", joinBody("Ann", "viewer", 1)).get(RoomAccess.PARTICIPANT_KEY);
            String second = (String) access.join(key(first), "r1", "ann", joinBody("Ann", "viewer", 1)).get(RoomAccess.PARTICIPANT_KEY);
            assertThat(second).isNotEqualTo(first);
            refused(() -> access.participant(key(first), "r1", "ann"), 403, "only participant");
            assertThat(access.participant(key(second), "r1", "ann")).containsEntry(Fields.NAME, "Ann");
        }

        @Test
        void anyoneListsAndViewsRoomsAndCreatesOneButOnlyItsCreatorRetitlesIt() {
            Map<String, Object> created = access.putRoom(Caller.ANONYMOUS, "sunday", Map.of(Fields.TITLE, "Sunday lunch"));
            String roomKey = (String) created.get(RoomAccess.ROOM_KEY);
            assertThat(roomKey).matches("[A-Za-z0-9_-]{43}");
            assertThat(created).doesNotContainKey(Fields.KEY_HASH).containsEntry(Fields.TITLE, "Sunday lunch");
            assertThat(access.list(Caller.ANONYMOUS)).singleElement().satisfies(r -> assertThat(r).doesNotContainKey(Fields.KEY_HASH));
            assertThat(access.room(Caller.ANONYMOUS, "sunday")).doesNotContainKey(Fields.KEY_HASH);

            refused(() -> access.putRoom(Caller.ANONYMOUS, "sunday", Map.of(Fields.TITLE, "Mine now")), 401, "only its creator");
            refused(() -> access.putRoom(new Caller(null, null, "guess", false), "sunday", Map.of(Fields.TITLE, "Mine")), 403, "only its creator");
            assertThat(access.putRoom(new Caller(null, null, roomKey, false), "sunday", Map.of(Fields.TITLE, "Lunch")))
                    .containsEntry(Fields.TITLE, "Lunch").doesNotContainKey(RoomAccess.ROOM_KEY);
            assertThat(access.putRoom(ADMIN, "sunday", Map.of(Fields.TITLE, "By the operator"))).containsEntry(Fields.TITLE, "By the operator");
            access.requireRoomView(Caller.ANONYMOUS, "sunday");
        }

        @Test
        void aTokenShownInOpenModeIsCheckedAndItsIdentityRecorded() {
            access.join(bearer(token("r1", VIEWER, "bob", "Bob")), "r1", "bob", joinBody("Someone", "viewer", 1));
            assertThat(doc("r1", "bob").string(Fields.IDENTITY)).isEqualTo("bob");
            assertThat(doc("r1", "bob").string(Fields.NAME)).isEqualTo("Bob");
            refused(() -> access.join(bearer(token("r2", VIEWER, "bob", null)), "r1", "bob2", joinBody("B", "viewer", 1)), 403,
                    "for room r2, not r1");
        }
    }

    @Nested
    class TokenMode {
        private final RoomAccess access = access(AccessMode.TOKEN);

        @Test
        void aJoinNeedsATokenForTheRoomAndRoleAndTakesItsIdentityAndName() {
            refused(() -> access.join(Caller.ANONYMOUS, "r1", "p1", joinBody("Ann", "presenter", 1)), 401, "invited participants only");
            refused(() -> access.join(bearer(token("r1", VIEWER, "ann", null)), "r1", "p1", joinBody("Ann", "presenter", 1)), 403,
                    "join token refused: does not allow presenting");
            refused(() -> access.join(bearer(token("r2", PRESENTER, "ann", null)), "r1", "p1", joinBody("Ann", "presenter", 1)), 403,
                    "join token refused: for room r2, not r1");
            String forged = new JoinTokens(TokenKeys.hs256("someone-elses-secret-of-32-bytes-or-more"), clock,
                    Duration.ofHours(1), Duration.ofDays(1)).issue("r1", PRESENTER, "ann", null, null).token();
            refused(() -> access.join(bearer(forged), "r1", "p1", joinBody("Ann", "presenter", 1)), 401,
                    "join token refused: signature does not verify");
            String expiring = token("r1", PRESENTER, "ann", null);
            clock.advance(Duration.ofHours(1));
            refused(() -> access.join(bearer(expiring), "r1", "p1", joinBody("Ann", "presenter", 1)), 401,
                    "join token refused: expired at 2025-10-01T11:00:00Z");
            assertThat(store.get(Paths.room("r1"))).as("refused joins create nothing").isEmpty();
            assertThat(store.list(Paths.participants("r1"))).isEmpty();

            Map<String, Object> joined = access.join(bearer(token("r1", PRESENTER, "ann", "Grandma Ann")), "r1", "p1",
                    joinBody("Typed name", "presenter", 1));
            assertThat(joined).containsEntry(Fields.NAME, "Grandma Ann").containsEntry(Fields.IDENTITY, "ann")
                    .containsKey(RoomAccess.PARTICIPANT_KEY).doesNotContainKey(Fields.KEY_HASH);
            access.join(bearer(token("r1", VIEWER, "bob", null)), "r1", "p2", joinBody("Bob typed", "viewer", 1));
            assertThat(doc("r1", "p2").string(Fields.NAME)).as("a token without a name keeps the typed one").isEqualTo("Bob typed");
        }

        @Test
        void theHolderIsItsKeyOrATokenWithTheSameIdentity() {
            String annToken = token("r1", PRESENTER, "ann", null);
            String annKey = (String) access.join(bearer(annToken), "r1", "p1", joinBody("Ann", "presenter", 1)).get(RoomAccess.PARTICIPANT_KEY);
            String bobToken = token("r1", VIEWER, "bob", null);
            access.join(bearer(bobToken), "r1", "p2", joinBody("Bob", "viewer", 1));

            othersCannotTouch(access, "r1", "p1", bearer(bobToken), 403);
            othersCannotTouch(access, "r1", "p1", Caller.ANONYMOUS, 401, 401, "invited participants only");
            assertThat(access.participant(key(annKey), "r1", "p1")).containsEntry(Fields.IDENTITY, "ann");
            assertThat(access.participant(bearer(token("r1", VIEWER, "ann", null)), "r1", "p1"))
                    .as("another valid token with ann's identity").containsEntry(Fields.IDENTITY, "ann");
            refused(() -> access.participant(bearer(token("r2", VIEWER, "ann", null)), "r1", "p1"), 403, "for room r2, not r1");
            access.patch(bearer(annToken), "r1", "p1", offer(2));
            assertThat(doc("r1", "p1").map(Fields.OFFER)).containsEntry(Fields.REV, 2L);
        }

        @Test
        void roomViewsNeedATokenAKeyOfTheRoomOrAnAdminAndOnlyAdminsList() {
            String annKey = (String) access.join(bearer(token("r1", PRESENTER, "ann", null)), "r1", "p1",
                    joinBody("Ann", "presenter", 1)).get(RoomAccess.PARTICIPANT_KEY);
            String otherKey = (String) access.join(bearer(token("r2", VIEWER, "zed", null)), "r2", "z1",
                    joinBody("Zed", "viewer", 1)).get(RoomAccess.PARTICIPANT_KEY);

            refused(() -> access.list(Caller.ANONYMOUS), 401, "only the console lists the rooms");
            refused(() -> access.list(bearer(token("r1", PRESENTER, "ann", null))), 403, "only the console lists the rooms");
            assertThat(access.list(ADMIN)).hasSize(2);

            refused(() -> access.requireRoomView(Caller.ANONYMOUS, "r1"), 401, "invited participants only");
            refused(() -> access.room(key(otherKey), "r1"), 403, "invited participants only");
            refused(() -> access.room(bearer(token("r2", VIEWER, "zed", null)), "r1"), 403, "for room r2, not r1");
            assertThat(access.room(key(annKey), "r1")).containsEntry("id", "r1");
            assertThat(access.room(bearer(token("r1", VIEWER, "bob", null)), "r1")).containsEntry("id", "r1");
            assertThat(access.room(ADMIN, "r1")).containsEntry("id", "r1");
        }

        @Test
        void onlyAPresenterTokenOrAnAdminCreatesOrRetitlesARoom() {
            refused(() -> access.putRoom(Caller.ANONYMOUS, "r1", Map.of(Fields.TITLE, "x")), 401, "needs a presenter invitation");
            refused(() -> access.putRoom(bearer(token("r1", VIEWER, "bob", null)), "r1", Map.of(Fields.TITLE, "x")), 403,
                    "does not allow presenting");
            assertThat(store.get(Paths.room("r1"))).isEmpty();
            Map<String, Object> created = access.putRoom(bearer(token("r1", PRESENTER, "ann", null)), "r1", Map.of(Fields.TITLE, "Ann's"));
            assertThat(created).containsEntry(Fields.TITLE, "Ann's").doesNotContainKeys(RoomAccess.ROOM_KEY, Fields.KEY_HASH);
            refused(() -> access.putRoom(bearer(token("r1", VIEWER, "bob", null)), "r1", Map.of(Fields.TITLE, "x")), 403,
                    "does not allow presenting");
            assertThat(access.putRoom(ADMIN, "r1", Map.of(Fields.TITLE, "Operator's"))).containsEntry(Fields.TITLE, "Operator's");
            assertThat(access.putRoom(ADMIN, "r2", Map.of())).containsEntry(Fields.TITLE, "r2");
        }
    }
}
