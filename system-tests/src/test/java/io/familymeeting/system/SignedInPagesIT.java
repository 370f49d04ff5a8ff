package io.familymeeting.system;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.signaling.access.AccessConfig;
import io.familymeeting.signaling.access.JoinTokens;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.BroadcastRequests;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FirestorePagesIT}'s tests (broadcast page: broadcaster and two participants in the
 * {@code broadcast_requests} shapes, abort; room page: presenter and viewer, a renegotiation
 * each way, leave) as production runs them: the Firestore emulator enforces docker/firestore/firestore.rules, and
 * every page signs in anonymously ({@code FIREBASE_SIGN_IN=anonymous}) at Firebase's Auth
 * emulator ({@code BROWSER_AUTH_EMULATOR_HOST}; firebase-tools from system-tests/auth-emulator,
 * installed by {@code npm ci}). The server's own client sends the emulator's owner token and
 * bypasses the rules, as a service account does. Then: each page had its own anonymous user,
 * the rules do refuse the page a write it never makes, another user cannot read or change a
 * page's documents (offer and answer, leave, abort, the room's title), and on a server whose
 * pages do not sign in ({@code FIREBASE_SIGN_IN=none}) the pages show the refusal instead of
 * waiting. Last, a server in {@code ACCESS_MODE=token} on the same emulators: pages sign in
 * with the custom token their invite link's join token is exchanged for (the server's
 * firebase-admin makes it unsigned for the Auth emulator), and the rules let only what the
 * invite allows into the room; without {@code LEGACY_BROADCAST_REQUESTS} the original
 * client's requests are refused by the rules and by the server.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedInPagesIT extends FirestorePagesIT {
    private static final Path RULES = Path.of("..", "docker", "firestore", "firestore.rules");
    private static final Path FIREBASE_TOOLS = Path.of(System.getProperty("authEmulator.dir", "auth-emulator"));

    private static final String SECRET = "signed-in-pages-join-token-secret-0123456789";
    private static final String TOKEN_ROOM = "token-room";

    private GoogleEmulator auth;
    private MeetingPage invitedViewer;

    /** Instead of FirestorePagesIT's servers: the rules on, an Auth emulator, anonymous sign-in. */
    @Override
    void startServers() {
        auth = closer.add(GoogleEmulator.firebaseAuth(FIREBASE_TOOLS, PROJECT));
        startOn("signed-in-pages", closer.add(GoogleEmulator.firestore(RULES)), Map.of("FIREBASE_SIGN_IN", "anonymous",
                // The Auth SDK wants a key; the emulator takes any.
                "FIREBASE_API_KEY", "demo-api-key", "BROWSER_AUTH_EMULATOR_HOST", auth.hostPort()));
    }

    @Override
    void assertSignIn(Map<String, Object> config) {
        assertThat(config.get("signIn")).isEqualTo("anonymous");
        assertThat(config.get("authEmulator")).isEqualTo(auth.hostPort());
        assertThat(String.valueOf(config.get("firebase"))).contains("apiKey=demo-api-key");
    }

    @Test
    @Order(25)
    void anotherUserCanNeitherReadNorAbortABroadcastersRequest() {
        String request = Paths.broadcastRequest(String.valueOf(broadcaster.state().get("requestId")));
        MeetingPage other = watchers.get(0);
        assertThat(broadcaster.readAsPage(request)).isEqualTo("read");
        assertThat(other.readAsPage(request)).as("the broadcaster's offer and answer, to a watcher")
                .isEqualTo("permission-denied");
        assertThat(other.writeAsPage(request, Map.of("abort", true))).isEqualTo("permission-denied");
        Document b = store.get(request).orElseThrow();
        assertThat(b.bool("abort")).isFalse();
        assertThat(b.string("state")).isEqualTo("answered");
        assertThat(b.string("uid")).as("stamped by the page").isEqualTo(broadcaster.signIn().get("uid"));
    }

    @Test
    @Order(75)
    void anotherUserCanNeitherReadNorChangeAParticipantsDocumentNorRetitleTheRoom() {
        String own = Paths.participant(ROOM, presenter.participantId());
        assertThat(presenter.readAsPage(own)).isEqualTo("read");
        assertThat(viewer.readAsPage(own)).as("the presenter's offer and answer, to the viewer").isEqualTo("permission-denied");
        assertThat(viewer.writeAsPage(own, Map.of("leave", true))).isEqualTo("permission-denied");
        assertThat(viewer.writeAsPage(own, Map.of("offer", Map.of("type", "offer", "sdp", "v=0\r\n", "rev", 99))))
                .isEqualTo("permission-denied");
        assertThat(viewer.writeAsPage(Paths.room(ROOM), Map.of("title", "Hijacked"))).isEqualTo("permission-denied");
        assertThat(viewer.writeAsPage(Paths.room(ROOM), Map.of("state", "ended"))).isEqualTo("permission-denied");
        assertThat(viewer.readAsPage(Paths.rosterEntry(ROOM, presenter.participantId())))
                .as("who is in the room: the roster").isEqualTo("read");
        Document p = store.get(own).orElseThrow();
        assertThat(p.bool("leave")).isFalse();
        assertThat(((Number) p.map("offer").get("rev")).longValue()).isEqualTo(2);
        Document room = store.get(Paths.room(ROOM)).orElseThrow();
        assertThat(room.string("title")).isEqualTo(ROOM);
        assertThat(room.string("uid")).as("the room's creator").isEqualTo(presenter.signIn().get("uid"));
        assertThat(room.string("state")).isNotEqualTo("ended");
    }

    @Test
    @Order(80)
    void everyPageSignedInAnonymouslyAsItsOwnUserOfTheAuthEmulator() throws Exception {
        assertThat(pages).hasSize(5); // broadcaster, two participants, presenter, viewer
        Set<String> uids = new HashSet<>();
        List<Object> millis = new ArrayList<>();
        for (MeetingPage page : pages) {
            Map<String, Object> signIn = page.signIn();
            assertThat(signIn.get("uid")).as("a page's uid").isInstanceOf(String.class);
            uids.add((String) signIn.get("uid"));
            millis.add(signIn.get("ms"));
        }
        assertThat(uids).as("one anonymous user per page").hasSize(pages.size());
        System.out.println("[numbers] anonymous sign-in at the Auth emulator, as the pages timed it (broadcaster,"
                + " participant 1, 2, presenter, viewer): " + millis + " ms");
        // The emulator's own account list (the owner token is the emulator's admin access).
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://" + auth.hostPort()
                        + "/identitytoolkit.googleapis.com/v1/projects/" + PROJECT + "/accounts:batchGet?maxResults=100"))
                .header("Authorization", "Bearer owner").timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> accounts = HttpClient.newHttpClient().send(list, HttpResponse.BodyHandlers.ofString());
        assertThat(accounts.statusCode()).isEqualTo(200);
        for (String uid : uids) {
            assertThat(accounts.body()).contains("\"localId\":\"" + uid + "\"");
        }
    }

    @Test
    @Order(90)
    void theRulesRefuseThePageWhatOnlyTheServerWrites() {
        String own = Paths.participant(ROOM, presenter.participantId());
        assertThat(presenter.writeAsPage(Paths.room(ROOM), Map.of("title", "Family room")))
                .as("a write the rules allow a signed-in page").isEqualTo("written");
        assertThat(presenter.writeAsPage(own, Map.of("answer", Map.of("type", "answer", "sdp", "v=0", "rev", 9))))
                .as("an answer on its own participant document").isEqualTo("permission-denied");
        assertThat(presenter.writeAsPage(own, Map.of("server", "another-instance"))).isEqualTo("permission-denied");
        assertThat(presenter.writeAsPage(Paths.room(ROOM), Map.of("owner", "someone"))).isEqualTo("permission-denied");
        String request = Paths.broadcastRequest(String.valueOf(broadcaster.state().get("requestId")));
        assertThat(broadcaster.writeAsPage(request, Map.of("answer", "eyJ9"))).isEqualTo("permission-denied");
        assertThat(broadcaster.writeAsPage("servers/signed-in-pages", Map.of("x", 1))).isEqualTo("permission-denied");
        assertThat(store.get(own).orElseThrow().string("server")).isNotEqualTo("another-instance");
    }

    @Test
    @Order(100)
    void pagesThatDoNotSignInShowTheRulesRefusal() throws Exception {
        // This server's meeting is over; the next one serves pages that do not sign in.
        restart("unsigned-pages", Map.of("FIREBASE_SIGN_IN", "none"));
        assertThat(Http.get(server.api("config")).json().get("signIn")).isEqualTo("none");

        MeetingPage lone = track(MeetingPage.broadcast(server, "broadcaster", "", "Lone"));
        // The session reports the refused offer write (the page shows it in its error line).
        Map<String, Object> b = lone.awaitState(s -> s.get("error") != null || s.get("startError") != null, DOC_TIMEOUT);
        assertThat(b.get("phase")).isEqualTo("offer failed");
        assertThat(b.get("error") + " " + b.get("startError")).contains("writing the offer")
                .contains("security rules refused it (permission-denied)").contains("not signed in");
        assertThat(lone.signIn()).isEmpty();
        assertThat(store.get(Paths.broadcastRequest(String.valueOf(b.get("requestId"))))).isEmpty();

        MeetingPage guest = track(MeetingPage.join(server, "unsigned-room", "Guest", "viewer"));
        Map<String, Object> r = guest.awaitState(s -> s.get("joinError") != null, DOC_TIMEOUT);
        assertThat(String.valueOf(r.get("joinError"))).contains("permission-denied").contains("not signed in");
        assertThat(store.get(Paths.room("unsigned-room"))).isEmpty();
    }

    @Test
    @Order(110)
    void aTokenModeServerPublishesItsAccessSettingsAndServesNoRestMeetingRoutes() throws Exception {
        restart("token-pages", Map.of("ACCESS_MODE", "token", "ACCESS_TOKEN_SECRET", SECRET,
                "LEGACY_BROADCAST_REQUESTS", "off",
                // firebase-admin reads it from the environment: unsigned custom tokens for the emulator
                "FIREBASE_AUTH_EMULATOR_HOST", auth.hostPort(),
                "FIREBASE_API_KEY", "demo-api-key", "BROWSER_AUTH_EMULATOR_HOST", auth.hostPort()));
        Map<String, Object> config = Http.get(server.api("config")).json();
        assertThat(config).containsEntry("signIn", "token").containsEntry("access", "token");
        awaitDoc(Paths.ACCESS_CONFIG, d -> "token".equals(d.string("mode")) && "off".equals(d.string("legacyBroadcastRequests")));

        Http.Reply rooms = Http.get(server.api("rooms"));
        assertThat(rooms.status()).isEqualTo(404);
        assertThat(rooms.body()).contains("REST meeting routes are off");
        assertThat(Http.put(server.api("rooms/" + TOKEN_ROOM + "/participants/p1"), Map.of("name", "Eve")).status())
                .isEqualTo(404);
        Http.Reply noToken = Http.post(server.api("auth/firebase-token"), Map.of("room", TOKEN_ROOM), Map.of());
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body()).contains("Authorization: Bearer");
    }

    @Test
    @Order(120)
    void invitedPresenterAndViewerSignInWithTheirInvitesAndGetMedia() {
        MeetingPage ann = track(MeetingPage.join(server, TOKEN_ROOM, "Ann", "presenter",
                "#token=" + invite(ParticipantRole.PRESENTER, "ann", "Ann")));
        ann.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        invitedViewer = track(MeetingPage.join(server, TOKEN_ROOM, "Ben", "viewer",
                "#token=" + invite(ParticipantRole.VIEWER, "ben", "Ben")));
        invitedViewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        assertThat(invitedViewer.url().toString()).as("the token leaves the address bar").doesNotContain("token=");

        Map<String, Object> signIn = ann.signIn();
        assertThat(signIn.get("method")).isEqualTo("token");
        assertThat(String.valueOf(signIn.get("uid"))).startsWith("invite-");
        assertThat(String.valueOf(signIn.get("claims"))).contains("room=" + TOKEN_ROOM).contains("presenter");
        Document doc = awaitDoc(Paths.participant(TOKEN_ROOM, ann.participantId()), d -> "connected".equals(d.string("state")));
        assertThat(doc.string("name")).isEqualTo("Ann");
        assertThat(doc.string("uid")).isEqualTo(signIn.get("uid"));
        assertThat(store.get(Paths.room(TOKEN_ROOM)).orElseThrow().string("uid")).isEqualTo(signIn.get("uid"));
        awaitDoc(Paths.rosterEntry(TOKEN_ROOM, invitedViewer.participantId()),
                d -> "Ben".equals(d.string("name")) && "viewer".equals(d.string("role")));
        ann.awaitState(s -> s.get("participants") instanceof List<?> l && l.size() >= 2, DOC_TIMEOUT);
        System.out.println("[numbers] token mode (Firestore + Auth emulators): join token exchanged and custom-token"
                + " sign-in, as the pages timed it (presenter, viewer): [" + signIn.get("ms") + ", "
                + invitedViewer.signIn().get("ms") + "] ms");
    }

    @Test
    @Order(130)
    void onlyWhatTheInviteAllowsIsWrittenInTheRoom() {
        Object ben = invitedViewer.signIn().get("uid");
        Map<String, Object> offer = Map.of("type", "offer", "sdp", "v=0\r\n", "rev", 1);
        assertThat(invitedViewer.writeAsPage(Paths.participant(TOKEN_ROOM, "ben-presents"),
                Map.of("name", "Ben", "role", "presenter", "offer", offer, "uid", ben)))
                .as("a viewer invite, as a presenter").isEqualTo("permission-denied");
        assertThat(invitedViewer.writeAsPage(Paths.participant(TOKEN_ROOM, "ben-renamed"),
                Map.of("name", "Grandma", "role", "viewer", "offer", offer, "uid", ben)))
                .as("under another name than the invite's").isEqualTo("permission-denied");
        store.set(Paths.room("other-room"), Map.of("title", "Other", "state", "open"));
        assertThat(invitedViewer.writeAsPage(Paths.participant("other-room", "ben-elsewhere"),
                Map.of("name", "Ben", "role", "viewer", "offer", offer, "uid", ben)))
                .as("in a room the invite is not for").isEqualTo("permission-denied");
        assertThat(invitedViewer.readAsPage(Paths.room("other-room"))).isEqualTo("permission-denied");
        assertThat(invitedViewer.writeAsPage(Paths.room(TOKEN_ROOM), Map.of("title", "Ben's"))).isEqualTo("permission-denied");
        assertThat(store.get(Paths.participant(TOKEN_ROOM, "ben-presents"))).isEmpty();

        MeetingPage uninvited = track(MeetingPage.join(server, TOKEN_ROOM, "Eve", "viewer"));
        assertThat(String.valueOf(uninvited.awaitState(s -> s.get("joinError") != null, DOC_TIMEOUT).get("joinError")))
                .contains("invited people only");
        String forged = tokens("another-secret-that-is-at-least-32-bytes-long")
                .issue(TOKEN_ROOM, ParticipantRole.PRESENTER, "mallory", "Mallory", Duration.ofHours(1)).token();
        MeetingPage mallory = track(MeetingPage.join(server, TOKEN_ROOM, "Mallory", "presenter", "#token=" + forged));
        assertThat(String.valueOf(mallory.awaitState(s -> s.get("joinError") != null, DOC_TIMEOUT).get("joinError")))
                .contains("signature does not verify");
        assertThat(uninvited.signIn()).isEmpty();
        assertThat(mallory.signIn()).isEmpty();
    }

    @Test
    @Order(140)
    void withoutLegacyBroadcastRequestsTheOriginalClientsRequestsAreRefused() {
        Map<String, Object> legacy = Map.of("requestor", "Grandpa", "kind", "broadcaster", "parent", "",
                "offer", "eyJ0eXBlIjoib2ZmZXIiLCJzZHAiOiJ2PTAifQ==", "answer", "", "abort", false);
        assertThat(invitedViewer.writeAsPage(Paths.broadcastRequest("legacy-page"), legacy))
                .as("the rules").isEqualTo("permission-denied");
        store.set(Paths.broadcastRequest("legacy-server"), legacy);
        Document refused = awaitDoc(Paths.broadcastRequest("legacy-server"), d -> "error".equals(d.string("state")));
        assertThat(refused.string("error")).isEqualTo(BroadcastRequests.LEGACY_REFUSED)
                .contains("LEGACY_BROADCAST_REQUESTS=open");
        assertThat(refused.string("answer")).isEmpty();
    }

    /** Closes the pages and the server; the next server (Firestore backend on the same emulators) has {@code settings}. */
    private void restart(String name, Map<String, String> settings) throws Exception {
        for (MeetingPage page : pages) {
            closer.closeNow(page);
        }
        pages.clear();
        closer.closeNow(server);
        server = startServer(name, settings);
    }

    private static JoinTokens tokens(String secret) {
        return AccessConfig.from(Settings.of(Map.of("ACCESS_TOKEN_SECRET", secret)), Clock.systemUTC()).requireTokens();
    }

    /** A join token of this server's key, as the console's invite link carries it. */
    private static String invite(ParticipantRole role, String identity, String name) {
        return tokens(SECRET).issue(TOKEN_ROOM, role, identity, name, Duration.ofHours(1)).token();
    }
}
