package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.signaling.broadcast.BroadcastRequestCodec;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.firestore.FirestoreConnector;
import io.familymeeting.signaling.testing.GoogleEmulator;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The participant web client on the Firestore backend: Payara Micro with
 * {@code SIGNALING_BACKEND=firestore} against Google's Firestore emulator, and headless
 * Chromium on the real pages, which write the documents themselves with the bundled Firebase
 * JS SDK (the emulator address comes from GET /meeting/api/config).
 * <ul>
 * <li>broadcast.html: a broadcaster and two participants in the exact
 *     {@code broadcast_requests} shapes of the family-meeting web client (docs/signaling.md)
 *     get answers and media; abort on the broadcaster ends all three;</li>
 * <li>room.html on the native rooms model (docs/signaling.md): presenter and viewer get media, the
 *     presenter's screen share is a client-initiated renegotiation the viewer decodes, and a
 *     {@code renegotiate} flag on the viewer's document makes that page send a new offer.</li>
 * </ul>
 * The tests share one server and run in order. Here the emulator enforces no security rules and
 * the pages do not sign in; {@link SignedInPagesIT} runs the same tests with the production
 * rules and anonymous sign-in at Firebase's Auth emulator.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirestorePagesIT {
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(90);
    static final Duration DOC_TIMEOUT = Duration.ofSeconds(45);
    static final String PROJECT = "demo-family";
    static final String ROOM = "fs-room";
    private static final BroadcastRequestCodec CODEC = new BroadcastRequestCodec();

    /** Everything started here, closed in reverse order after the tests. */
    final Closer closer = new Closer();
    GoogleEmulator firestore;
    PayaraMicro server;
    DocumentStore store;
    MeetingPage broadcaster;
    final List<MeetingPage> watchers = new ArrayList<>();
    MeetingPage presenter;
    MeetingPage viewer;
    final List<MeetingPage> pages = new ArrayList<>();

    /**
     * One instance for all tests (PER_CLASS): {@link SignedInPagesIT} overrides
     * {@link #startServers()}, so only its servers start for it.
     */
    @BeforeAll
    void start() {
        startServers();
    }

    /** The Firestore emulator without rules and Payara Micro on it. */
    void startServers() {
        startOn("firestore-pages", closer.add(GoogleEmulator.firestore()), Map.of());
    }

    /** Payara Micro on {@code emulator} with the Firestore backend and {@code settings} on top; the test's store. */
    void startOn(String name, GoogleEmulator emulator, Map<String, String> settings) {
        firestore = emulator;
        server = startServer(name, settings);
        store = closer.add(FirestoreConnector.open(Settings.of(Map.of("FIRESTORE_EMULATOR_HOST", firestore.hostPort(),
                "GOOGLE_CLOUD_PROJECT", PROJECT))));
    }

    /** Payara Micro on this test's Firestore emulator with the Firestore backend and {@code settings} on top. */
    PayaraMicro startServer(String name, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("SIGNALING_BACKEND", "firestore",
                "FIRESTORE_EMULATOR_HOST", firestore.hostPort(), "GOOGLE_CLOUD_PROJECT", PROJECT));
        env.putAll(settings);
        return closer.add(PayaraMicro.start(name, Deployables.freeUdpPort(), env));
    }

    @AfterAll
    void stop() throws Exception {
        closer.close();
    }

    MeetingPage track(MeetingPage page) {
        pages.add(page);
        return closer.add(page);
    }

    @Test
    @Order(10)
    void theServedConfigPointsTheBrowserAtTheEmulator() {
        Map<String, Object> config = Http.get(server.api("config")).json();
        assertThat(config.get("backend")).isEqualTo("firestore");
        assertThat(config.get("firestoreEmulator")).isEqualTo(firestore.hostPort());
        assertThat(String.valueOf(config.get("firebase"))).contains("projectId=" + PROJECT);
        assertThat(Http.get(server.meeting("js/vendor/firebase-firestore.js")).status()).isEqualTo(200);
        assertSignIn(config);
    }

    /** Here the pages do not sign in (the emulator enforces no rules). */
    void assertSignIn(Map<String, Object> config) {
        assertThat(config.get("signIn")).isEqualTo("none");
        assertThat(config.get("authEmulator")).isNull();
    }

    @Test
    @Order(20)
    void aBroadcasterAndTwoParticipantsOnTheBroadcastPageGetAnswersAndMedia() throws Exception {
        broadcaster = track(MeetingPage.broadcast(server, "broadcaster", "", "Grandpa"));
        broadcaster.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        String broadcastId = String.valueOf(broadcaster.state().get("requestId"));
        Document b = awaitDoc(Paths.broadcastRequest(broadcastId), d -> "answered".equals(d.string("state")));
        assertOldClientShape(b, "Grandpa", "broadcaster", "");
        assertThat(CODEC.decodeAnswer(b.string("answer"))).contains("a=candidate:");

        for (int i = 1; i <= 2; i++) {
            watchers.add(track(MeetingPage.broadcast(server, "participant", broadcastId, "Grandchild " + i)));
        }
        List<Long> first = new ArrayList<>();
        List<String> latency = new ArrayList<>(List.of(latency(broadcaster)));
        for (MeetingPage w : watchers) {
            first.add(w.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT).totalFramesDecoded());
            Map<String, Object> state = w.state();
            latency.add(latency(w));
            Document p = awaitDoc(Paths.broadcastRequest(String.valueOf(state.get("requestId"))),
                    d -> "answered".equals(d.string("state")));
            assertOldClientShape(p, String.valueOf(state.get("name")), "participant", broadcastId);
        }
        System.out.println("[numbers] broadcast page (Firestore emulator): offer written -> answer applied, as the"
                + " pages saw it (broadcaster, participant 1, 2): " + latency);
        PayaraMicro.sleep(3000);
        for (int i = 0; i < watchers.size(); i++) {
            assertThat(watchers.get(i).stats().totalFramesDecoded()).as("participant %d keeps decoding", i + 1)
                    .isGreaterThan(first.get(i) + 10);
        }
    }

    /** Exactly the family-meeting web client's fields, as the page wrote them (plus the server's). */
    private static void assertOldClientShape(Document d, String requestor, String kind, String parent) throws Exception {
        assertThat(d.data().keySet()).containsAll(Set.of("requestor", "kind", "parent", "offer", "answer", "abort"));
        assertThat(d.string("requestor")).isEqualTo(requestor);
        assertThat(d.string("kind")).isEqualTo(kind);
        assertThat(d.string("parent")).isEqualTo(parent);
        assertThat(d.data().get("abort")).isEqualTo(false);
        String offerJson = new String(Base64.getDecoder().decode(d.string("offer")), StandardCharsets.UTF_8);
        assertThat(offerJson).startsWith("{\"type\":\"offer\",\"sdp\":\"v=0");
        assertThat(CODEC.parse(d).offerSdp()).contains("a=candidate:");
        assertThat(d.string("error")).isEmpty();
    }

    @Test
    @Order(30)
    void abortOnTheBroadcasterEndsAllThree() {
        broadcaster.call("end");
        Document b = awaitDoc(Paths.broadcastRequest(String.valueOf(broadcaster.state().get("requestId"))),
                d -> "aborted".equals(d.string("state")));
        assertThat(b.bool("abort")).isTrue();
        broadcaster.awaitState(s -> s.get("ended") != null && "aborted".equals(s.get("requestState")), DOC_TIMEOUT);
        for (MeetingPage w : watchers) {
            awaitDoc(Paths.broadcastRequest(String.valueOf(w.state().get("requestId"))), d -> "ended".equals(d.string("state")));
            Map<String, Object> s = w.awaitState(x -> x.get("ended") != null, DOC_TIMEOUT);
            assertThat(s.get("requestState")).isEqualTo("ended");
            assertThat(String.valueOf(s.get("ended"))).contains("ended the broadcast");
        }
    }

    @Test
    @Order(40)
    void onTheRoomPageAPresenterAndAViewerGetMedia() {
        presenter = track(MeetingPage.join(server, ROOM, "Presenter", "presenter"));
        presenter.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        viewer = track(MeetingPage.join(server, ROOM, "Viewer", "viewer"));
        long first = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0 && s.audio().packetsReceived() > 0,
                MEDIA_TIMEOUT).totalFramesDecoded();
        System.out.println("[numbers] room page (Firestore emulator): offer written -> answer applied, as the pages saw it"
                + " (presenter, viewer): [" + latency(presenter) + ", " + latency(viewer) + "]");
        Document doc = awaitDoc(Paths.participant(ROOM, viewer.participantId()), d -> "connected".equals(d.string("state")));
        assertThat(doc.string("name")).isEqualTo("Viewer");
        assertThat(doc.string("role")).isEqualTo("viewer");
        assertThat(doc.map("offer")).containsEntry("type", "offer").containsKey("sdp");
        assertThat(((Number) doc.map("offer").get("rev")).longValue()).isEqualTo(1);
        assertThat(((Number) doc.map("answer").get("rev")).longValue()).isEqualTo(1);
        assertThat(store.get(Paths.room(ROOM)).orElseThrow().string("title")).isEqualTo(ROOM);
        presenter.awaitState(s -> participantsOf(s) >= 2, DOC_TIMEOUT);
        PayaraMicro.sleep(2000);
        assertThat(viewer.stats().totalFramesDecoded()).isGreaterThan(first + 10);
    }

    @Test
    @Order(50)
    void aScreenShareIsARenegotiationThroughTheParticipantDocumentAndTheViewerDecodesIt() {
        presenter.click("toggle-screen");
        presenter.awaitState(s -> Boolean.TRUE.equals(s.get("sharingScreen")) && rev(s, "appliedAnswerRev") == 2, MEDIA_TIMEOUT);
        Document doc = awaitDoc(Paths.participant(ROOM, presenter.participantId()),
                d -> d.map("answer").get("rev") instanceof Number n && n.longValue() == 2);
        assertThat(((Number) doc.map("offer").get("rev")).longValue()).isEqualTo(2);
        PeerStats both = viewer.awaitStats(s -> s.video().size() >= 2
                && s.video().stream().allMatch(v -> v.framesDecoded() > 0), MEDIA_TIMEOUT);
        System.out.println("[numbers] room page (Firestore emulator): presenter re-offer (screen share) -> answer applied: "
                + latency(presenter) + "; viewer video slots " + both.video());
        assertThat(viewer.offerRev()).as("the viewer's slots were already there: no viewer offer").isEqualTo(1);
    }

    @Test
    @Order(60)
    void theRenegotiateFlagOnTheViewersDocumentMakesThePageSendANewOffer() {
        String path = Paths.participant(ROOM, viewer.participantId());
        long before = viewer.stats().totalFramesDecoded();
        // What the server writes when a viewer needs new receive slots (docs/signaling.md).
        store.update(path, Map.of("renegotiate", true));
        viewer.awaitState(s -> rev(s, "offerRev") == 2 && rev(s, "appliedAnswerRev") == 2, MEDIA_TIMEOUT);
        Document doc = awaitDoc(path, d -> d.map("answer").get("rev") instanceof Number n && n.longValue() == 2);
        assertThat(doc.bool("renegotiate")).as("the server clears the flag with its answer").isFalse();
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > before + 25, MEDIA_TIMEOUT);
        System.out.println("[numbers] room page (Firestore emulator): renegotiate flag -> viewer re-offer answered: "
                + latency(viewer));
    }

    @Test
    @Order(70)
    void leavingMarksTheDocument() {
        viewer.leave();
        awaitDoc(Paths.participant(ROOM, viewer.participantId()), d -> "left".equals(d.string("state")) && d.bool("leave"));
    }

    /** "1185 ms (write confirmed after 120 ms)": the page's offer write -> answer applied. */
    static String latency(MeetingPage page) {
        Map<String, Object> s = page.state();
        return s.get("offerToAnswerMs") + " ms (write confirmed after " + s.get("offerWriteMs") + " ms)";
    }

    private static long rev(Map<String, Object> state, String key) {
        return state.get(key) instanceof Number n ? n.longValue() : -1;
    }

    private static int participantsOf(Map<String, Object> state) {
        return state.get("participants") instanceof List<?> l ? l.size() : 0;
    }

    Document awaitDoc(String path, Predicate<Document> condition) {
        long deadline = System.nanoTime() + DOC_TIMEOUT.toNanos();
        Document last = null;
        while (System.nanoTime() < deadline) {
            last = store.get(path).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(100);
        }
        throw new AssertionError(path + " never matched; last: " + last + "\n" + server.logTail());
    }
}
