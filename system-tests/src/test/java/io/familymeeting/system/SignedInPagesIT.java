package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.signaling.schema.Paths;
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
 * the rules do refuse the page a write it never makes, and on a server whose pages do not sign
 * in ({@code FIREBASE_SIGN_IN=none}) the pages show the refusal instead of waiting.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedInPagesIT extends FirestorePagesIT {
    private static final Path RULES = Path.of("..", "docker", "firestore", "firestore.rules");
    private static final Path FIREBASE_TOOLS = Path.of(System.getProperty("authEmulator.dir", "auth-emulator"));

    private GoogleEmulator auth;

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
    @Order(8)
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
    @Order(9)
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
    @Order(10)
    void pagesThatDoNotSignInShowTheRulesRefusal() throws Exception {
        // This server's meeting is over; the next one serves pages that do not sign in.
        for (MeetingPage page : pages) {
            closer.closeNow(page);
        }
        pages.clear();
        closer.closeNow(server);
        server = closer.add(PayaraMicro.start("unsigned-pages", Deployables.freeUdpPort(), Map.of("SIGNALING_BACKEND",
                "firestore", "FIRESTORE_EMULATOR_HOST", firestore.hostPort(), "GOOGLE_CLOUD_PROJECT", PROJECT,
                "FIREBASE_SIGN_IN", "none")));
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
}
