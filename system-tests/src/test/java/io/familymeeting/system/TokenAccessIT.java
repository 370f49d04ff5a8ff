package io.familymeeting.system;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.ChromiumPeer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.signaling.access.JoinTokens;
import io.familymeeting.signaling.access.TokenKeys;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ACCESS_MODE=token on Payara Micro: the lobby asks for an invitation; the console's Invite
 * panel makes a presenter and a viewer link, and two headless Chromiums join through them
 * (the viewer decodes the presenter's video); forged, expired, unsigned, wrong-room and
 * wrong-role tokens are refused with a clear error and create nothing; another participant's
 * document, offer and stream are refused to valid tokens of other identities; the roster
 * stream shows only id, name, role and state. Last, the same server without a key refuses
 * to start: one log line, readiness and startup DOWN, 503 everywhere.
 * The tests share one server and run in order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenAccessIT {
    private static final String SECRET = "token-access-it-secret-of-32-bytes-or-more";
    private static final String PASSWORD = "token-access-Pw-9";
    private static final String ROOM = "invited-room";
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    /** Tokens as the server makes them (same secret): the test's own invitations. */
    private static final JoinTokens TOKENS = tokens(Clock.systemUTC(), SECRET);

    private static PayaraMicro server;
    private static ChromiumPeer console;
    private static MeetingPage presenter;
    private static MeetingPage viewer;
    private static final Closer closer = new Closer();

    @BeforeAll
    static void start() {
        server = closer.add(PayaraMicro.start("token-access", Deployables.freeUdpPort(),
                Map.of("ACCESS_MODE", "token", "ACCESS_TOKEN_SECRET", SECRET, "ADMIN_PASSWORD", PASSWORD)));
        console = closer.add(ChromiumPeer.launch());
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static JoinTokens tokens(Clock clock, String secret) {
        return new JoinTokens(TokenKeys.hs256(secret), clock, Duration.ofHours(1), Duration.ofDays(1));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String token(String room, ParticipantRole role, String identity) {
        return TOKENS.issue(room, role, identity, null, null).token();
    }

    private static Map<String, Object> joinBody(String role) {
        return Map.of("name", "Walk-in", "role", role, "offer", Map.of("type", "offer", "sdp", "v=0\r\n", "rev", 1));
    }

    private static WebDriver driver() {
        return console.driver();
    }

    @Test
    @Order(1)
    void withoutAnInvitationTheLobbyAsksForOneAndNothingIsListedOrJoined() {
        console.open(server.meeting("index.html"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!driver().findElement(By.id("invited-only")).isDisplayed()) {
            assertThat(System.nanoTime()).as("the lobby shows 'Invited guests only'").isLessThan(deadline);
            PayaraMicro.sleep(200);
        }
        assertThat(driver().findElement(By.id("join-panel")).isDisplayed()).isFalse();
        assertThat(Http.get(server.api("rooms")).status()).isEqualTo(401);
        assertThat(Http.get(server.api("rooms/" + ROOM)).status()).isEqualTo(401);
        assertThat(Http.put(server.api("rooms/" + ROOM), Map.of("title", "mine")).status()).isEqualTo(401);
    }

    /** The Invite panel's link for one role and name, as the operator copies it. */
    private static URI invite(String role, String name) {
        console.open(server.meeting("admin/rooms.xhtml?room=" + ROOM));
        new Select(driver().findElement(By.id("invite-role"))).selectByValue(role);
        driver().findElement(By.id("invite-name")).sendKeys(name);
        driver().findElement(By.id("invite-create")).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String link = "";
        while (link.isEmpty()) {
            assertThat(System.nanoTime()).as("an invitation link; error: %s",
                    driver().findElement(By.id("invite-error")).getText()).isLessThan(deadline);
            PayaraMicro.sleep(200);
            link = driver().findElement(By.id("invite-link")).getAttribute("value");
        }
        assertThat(driver().findElement(By.id("invite-expires")).getText()).startsWith(role + " · guest-").contains("valid until");
        return URI.create(link);
    }

    @Test
    @Order(2)
    void invitationLinksFromTheConsoleLetAPresenterAndAViewerJoinAndTheViewerDecodes() {
        console.open(server.meeting("admin/login"));
        driver().findElement(By.id("user")).sendKeys("admin");
        driver().findElement(By.id("password")).sendKeys(PASSWORD);
        driver().findElement(By.id("login")).click();
        URI presenterLink = invite("presenter", "Grandma");
        URI viewerLink = invite("viewer", "Grandson");
        assertThat(presenterLink.toString()).startsWith(server.meeting("room.html?room=" + ROOM + "&role=presenter&auto=1#token=").toString());
        assertThat(viewerLink.getFragment()).startsWith("token=");

        long t0 = System.nanoTime();
        presenter = closer.add(MeetingPage.openLink(presenterLink, "Grandma"));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        viewer = closer.add(MeetingPage.openLink(viewerLink, "Grandson"));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0 && s.audio().packetsReceived() > 0, MEDIA_TIMEOUT);
        System.out.printf("[numbers] token mode: presenter link opened to the viewer's first decoded frame %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);

        assertThat(presenter.state()).containsEntry("name", "Grandma").containsEntry("role", "presenter");
        assertThat(viewer.state()).containsEntry("name", "Grandson").containsEntry("role", "viewer");
        assertThat(presenter.url().toString()).as("the token left the address bar").doesNotContain("token");
        Map<String, Object> own = Http.get(server.api("rooms/" + ROOM + "/participants/" + viewer.participantId()),
                viewer.holder()).json();
        assertThat(own.get("identity")).asString().startsWith("guest-");
        assertThat(own.get("name")).as("from the token").isEqualTo("Grandson");
    }

    @Test
    @Order(3)
    void forgedExpiredUnsignedWrongRoomAndWrongRoleTokensAreRefusedAndCreateNothing() {
        String room = "never-made";
        String forged = tokens(Clock.systemUTC(), "someone-elses-secret-of-32-bytes-or-more").issue(room,
                ParticipantRole.PRESENTER, "mallory", null, null).token();
        String expired = tokens(Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC), SECRET)
                .issue(room, ParticipantRole.PRESENTER, "late", null, Duration.ofHours(1)).token();
        String wrongRoom = token(ROOM, ParticipantRole.PRESENTER, "ann");
        String viewerOnly = token(room, ParticipantRole.VIEWER, "bob");
        String[] parts = token(room, ParticipantRole.PRESENTER, "eve").split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";

        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(forged, "401 join token refused: signature does not verify");
        expected.put(expired, "401 join token refused: expired at ");
        expected.put(unsigned, "401 join token refused: not a join token (unsigned or encrypted tokens (alg none) are not accepted)");
        expected.put(wrongRoom, "403 join token refused: for room " + ROOM + ", not " + room);
        expected.put(viewerOnly, "403 join token refused: does not allow presenting");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            String status = c.getValue().substring(0, 3);
            String message = c.getValue().substring(4);
            Http.Reply join = Http.put(server.api("rooms/" + room + "/participants/p1"), joinBody("presenter"), bearer(c.getKey()));
            assertThat(join.status() + " " + join.body()).as("join").startsWith(status).contains(message);
            Http.Reply create = Http.put(server.api("rooms/" + room), Map.of("title", "x"), bearer(c.getKey()));
            assertThat(create.status() + " " + create.body()).as("create").startsWith(status).contains(message);
        }
        Http.Reply none = Http.put(server.api("rooms/" + room + "/participants/p1"), joinBody("viewer"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).contains("this server admits invited participants only: open the link of your invitation");
        System.out.println("[numbers] token refusals, e.g.: " + Http.put(server.api("rooms/" + room + "/participants/p1"),
                joinBody("viewer"), bearer(expired)).body());

        Map<String, String> valid = bearer(token(room, ParticipantRole.VIEWER, "checker"));
        assertThat(Http.get(server.api("rooms/" + room), valid).status()).as("no room was made").isEqualTo(404);
        assertThat(Http.get(server.api("rooms/" + room + "/participants/p1"), valid).status()).as("no participant").isEqualTo(404);
    }

    @Test
    @Order(4)
    void anotherParticipantsDocumentOfferAndStreamAreRefusedToOtherInviteesAndTheRosterShowsNoMore() {
        String path = "rooms/" + ROOM + "/participants/" + viewer.participantId();
        Map<String, Object> own = Http.get(server.api(path), viewer.holder()).json();
        String identity = String.valueOf(own.get("identity"));
        long rev = viewer.offerRev();
        PeerStats before = viewer.stats();

        Map<String, String> mallory = bearer(token(ROOM, ParticipantRole.PRESENTER, "mallory"));
        for (Map<String, String> attacker : List.of(mallory, Map.<String, String>of())) {
            int status = attacker.isEmpty() ? 401 : 403;
            Http.Reply read = Http.get(server.api(path), attacker);
            assertThat(read.status()).isEqualTo(status);
            assertThat(read.body()).doesNotContain("sdp");
            assertThat(Http.patch(server.api(path), Map.of("offer", Map.of("type", "offer", "sdp", "v=0\r\n", "rev", rev + 5)),
                    attacker).status()).as("re-offer").isEqualTo(status);
            assertThat(Http.patch(server.api(path), Map.of("leave", true), attacker).status()).as("leave").isEqualTo(status);
            assertThat(Http.put(server.api(path), joinBody("viewer"), attacker).status()).as("take the id over").isIn(401, 403);
            assertThat(Http.firstEvent(server.api(path + "/events"), attacker).status()).as("its stream").isEqualTo(status);
        }
        assertThat(Http.get(server.api(path), bearer(token(ROOM, ParticipantRole.VIEWER, identity))).json())
                .as("a token with the participant's own identity holds it").containsEntry("identity", identity);

        Http.Reply roster = Http.firstEvent(server.api("rooms/" + ROOM + "/events"), mallory);
        assertThat(roster.status()).isEqualTo(200);
        assertThat(roster.body()).startsWith("event: room\ndata: ").contains("\"name\":\"Grandson\"").contains("\"name\":\"Grandma\"")
                .doesNotContain("sdp").doesNotContain("identity").doesNotContain("keyHash").doesNotContain("offer");
        assertThat(Http.firstEvent(server.api("rooms/" + ROOM + "/events"), Map.of()).status()).isEqualTo(401);
        assertThat(Http.firstEvent(server.api("rooms/" + ROOM + "/events"), bearer(token("elsewhere", ParticipantRole.VIEWER, "x")))
                .body()).contains("for room elsewhere, not " + ROOM);

        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > before.totalFramesDecoded() + 25, MEDIA_TIMEOUT);
        assertThat(viewer.offerRev()).isEqualTo(rev);
    }

    @Test
    @Order(5)
    void withoutAKeyTokenModeRefusesToStartAndIsNeverReady() throws Exception {
        closer.close();
        PayaraMicro refused = closer.add(PayaraMicro.launch("token-access-no-key", Deployables.freeUdpPort(),
                Map.of("ACCESS_MODE", "token")));
        String line = "family-meeting refuses to start: ACCESS_MODE=token needs a key for join tokens: set ACCESS_TOKEN_SECRET";
        refused.awaitLog(line, PayaraMicro.READY_TIMEOUT);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Http.Reply page;
        while ((page = Http.get(refused.meeting("room.html"))).status() != 503) {
            assertThat(System.nanoTime()).as("the pages answer 503; last %s", page).isLessThan(deadline);
            PayaraMicro.sleep(500);
        }
        assertThat(page.body()).contains(line);
        Map<String, Http.Reply> health = new HashMap<>();
        for (int i = 0; i < 6; i++) { // a few seconds after the deployment: never UP
            for (String probe : List.of("ready", "started")) {
                health.put(probe, Http.get(refused.base().resolve("/health/" + probe)));
                assertThat(health.get(probe).status()).as("/health/%s", probe).isEqualTo(503);
            }
            PayaraMicro.sleep(500);
        }
        assertThat(health.get("ready").body()).contains("refuses to start");
        assertThat(Http.get(refused.api("config")).status()).isEqualTo(503);
        assertThat(refused.logLines().stream().filter(l -> l.contains("refuses to start")).count()).as("one log line").isEqualTo(1);
    }
}
