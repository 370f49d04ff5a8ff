package io.familymeeting.system;

import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.signaling.broadcast.BroadcastRequestCodec;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
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
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The family-meeting web client's {@code broadcast_requests} collection (docs/signaling.md)
 * on Payara Micro with {@code SIGNALING_BACKEND=firestore} against Google's Firestore
 * emulator: the test writes the exact document shapes the old client writes (base64 JSON
 * offers from real Chromium peers on the harness page), reads the answers back, applies
 * them, and checks media, abort and a bad document. The tests share one server and run in
 * order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BroadcastRequestsIT {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    private static final String PROJECT = "demo-family";
    private static final String BROADCASTER = "bcast-1";
    private static final BroadcastRequestCodec CODEC = new BroadcastRequestCodec();

    private static final Closer closer = new Closer();
    private static GoogleEmulator firestore;
    private static PayaraMicro server;
    private static DocumentStore store;
    private static HarnessServer harness;
    private static HarnessPeer broadcaster;
    private static final List<HarnessPeer> participants = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        firestore = closer.add(GoogleEmulator.firestore());
        Map<String, String> env = Map.of("SIGNALING_BACKEND", "firestore",
                "FIRESTORE_EMULATOR_HOST", firestore.hostPort(), "GOOGLE_CLOUD_PROJECT", PROJECT);
        server = closer.add(PayaraMicro.start("broadcast-requests", Deployables.freeUdpPort(), env));
        System.out.printf("[numbers] Payara Micro (firestore backend) start to readiness: %d ms%n", server.readyMillis());
        store = closer.add(FirestoreConnector.open(Settings.of(Map.of("FIRESTORE_EMULATOR_HOST", firestore.hostPort(),
                "GOOGLE_CLOUD_PROJECT", PROJECT))));
        harness = closer.add(HarnessServer.start());
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static HarnessPeer browser() {
        return closer.add(HarnessPeer.open(harness));
    }

    /** Exactly what the family-meeting web client writes. */
    private static Map<String, Object> request(String requestor, String kind, String parent, String offerField) {
        Map<String, Object> d = new HashMap<>();
        d.put("requestor", requestor);
        d.put("kind", kind);
        d.put("parent", parent);
        d.put("offer", offerField);
        d.put("answer", "");
        d.put("abort", false);
        return d;
    }

    private static Document awaitDoc(String id, Predicate<Document> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Document last = null;
        while (System.nanoTime() < deadline) {
            last = store.get(Paths.broadcastRequest(id)).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(50);
        }
        throw new AssertionError("broadcast_requests/" + id + " never matched; last: " + last + "\n" + server.logTail());
    }

    private static String awaitAnswerSdp(String id) throws Exception {
        Document d = awaitDoc(id, x -> !x.string(Fields.ANSWER).isEmpty() || Values.STATE_ERROR.equals(x.string(Fields.STATE)), ANSWER_TIMEOUT);
        assertThat(d.string(Fields.ERROR)).as("error on " + id).isEmpty();
        assertThat(d.string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(d.string(Fields.SERVER)).isEqualTo("broadcast-requests");
        assertThat(d.instant(Fields.ANSWERED_AT)).isNotNull();
        return CODEC.decodeAnswer(d.string(Fields.ANSWER));
    }

    @Test
    @Order(1)
    void aBroadcasterAndTwoParticipantsGetAnswersAndMedia() throws Exception {
        broadcaster = browser();
        store.set(Paths.broadcastRequest(BROADCASTER),
                request("Grandpa", "broadcaster", "", CODEC.encodeOffer(broadcaster.makePresenterOffer())));
        String answer = awaitAnswerSdp(BROADCASTER);
        assertThat(answer).contains("a=candidate:");
        broadcaster.applyAnswer(answer);
        broadcaster.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);

        List<Long> single = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            HarnessPeer p = browser();
            String offer = CODEC.encodeOffer(p.makeViewerOffer());
            Instant written = Instant.now();
            store.set(Paths.broadcastRequest("part-" + i), request("Grandchild " + i, "participant", BROADCASTER, offer));
            participants.add(p);
            p.applyAnswer(awaitAnswerSdp("part-" + i));
            single.add(Duration.between(written,
                    store.get(Paths.broadcastRequest("part-" + i)).orElseThrow().instant(Fields.ANSWERED_AT)).toMillis());
        }
        System.out.println("[numbers] broadcast_requests offer written -> answer written, one join at a time: " + single + " ms");
        List<Long> first = new ArrayList<>();
        for (HarnessPeer p : participants) {
            first.add(p.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT).totalFramesDecoded());
        }
        PayaraMicro.sleep(3000);
        for (int i = 0; i < participants.size(); i++) {
            assertThat(participants.get(i).stats().totalFramesDecoded()).as("participant %d keeps decoding", i + 1)
                    .isGreaterThan(first.get(i) + 10);
        }
        assertThat(engineRooms()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aBadDocumentGetsAnErrorAndNothingElseStops() {
        long before = participants.get(0).stats().totalFramesDecoded();
        store.set(Paths.broadcastRequest("bad-1"), request("Broken", "participant", BROADCASTER, "%%% not base64 %%%"));
        store.set(Paths.broadcastRequest("orphan-1"),
                request("Lost", "participant", "no-such-broadcast", CODEC.encodeOffer("v=0\r\n")));
        Document bad = awaitDoc("bad-1", d -> Values.STATE_ERROR.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        assertThat(bad.string(Fields.ERROR)).contains("offer is not base64");
        assertThat(bad.string(Fields.ANSWER)).isEmpty();
        Document orphan = awaitDoc("orphan-1", d -> Values.STATE_ERROR.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        assertThat(orphan.string(Fields.ERROR)).contains("unknown parent");
        System.out.println("[numbers] errors on documents: '" + bad.string(Fields.ERROR) + "' / '" + orphan.string(Fields.ERROR) + "'");
        PayaraMicro.sleep(1500);
        assertThat(participants.get(0).stats().totalFramesDecoded()).isGreaterThan(before);
        assertThat(store.get(Paths.broadcastRequest(BROADCASTER)).orElseThrow().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
    }

    @Test
    @Order(3)
    void twentyConcurrentJoinsAreAnsweredQuickly() {
        HarnessPeer load = participants.get(0);
        int n = Integer.getInteger("broadcast.joins", 20);
        List<String> offers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offers.add(CODEC.encodeOffer(load.connection("load-" + i).makeViewerOffer()));
        }
        Map<String, Instant> written = new HashMap<>();
        for (int i = 0; i < n; i++) {
            written.put("load-" + i, Instant.now());
            store.set(Paths.broadcastRequest("load-" + i), request("Load " + i, "participant", BROADCASTER, offers.get(i)));
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Document d = awaitDoc("load-" + i, x -> !x.string(Fields.ANSWER).isEmpty(), ANSWER_TIMEOUT);
            millis.add(Duration.between(written.get("load-" + i), d.instant(Fields.ANSWERED_AT)).toMillis());
        }
        millis.sort(null);
        System.out.printf("[numbers] broadcast_requests offer written -> answer written (Firestore emulator, %d concurrent"
                        + " participant documents): p50 %d ms, p95 %d ms, max %d ms%n", n,
                millis.get(n / 2), millis.get(Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)), millis.get(n - 1));
        for (int i = 0; i < n; i++) {
            store.update(Paths.broadcastRequest("load-" + i), Map.of("abort", true));
        }
        for (int i = 0; i < n; i++) {
            awaitDoc("load-" + i, x -> Values.STATE_ABORTED.equals(x.string(Fields.STATE)), ANSWER_TIMEOUT);
            load.connection("load-" + i).close();
        }
    }

    @Test
    @Order(4)
    void abortOnTheBroadcasterEndsAllThree() {
        store.update(Paths.broadcastRequest(BROADCASTER), Map.of("abort", true));
        assertThat(awaitDoc(BROADCASTER, d -> Values.STATE_ABORTED.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT).string(Fields.STATE))
                .isEqualTo("aborted");
        for (int i = 1; i <= 2; i++) {
            awaitDoc("part-" + i, d -> Values.STATE_ENDED.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (engineRooms() != 0 && System.nanoTime() < deadline) {
            PayaraMicro.sleep(200);
        }
        assertThat(engineRooms()).as("engine rooms after abort").isZero();
        for (HarnessPeer p : participants) {
            awaitStalled(p);
        }
    }

    /** Decoding stops: two stats reads a second apart show the same frame count. */
    private static void awaitStalled(HarnessPeer p) {
        long[] last = {-1};
        p.awaitStats(s -> {
            long now = s.totalFramesDecoded();
            boolean stalled = now == last[0];
            last[0] = now;
            return stalled || !s.connected();
        }, Duration.ofSeconds(30));
    }

    /** The engine's room count, from the started health check's data. */
    @SuppressWarnings("unchecked")
    private static int engineRooms() {
        Map<String, Object> health = Http.get(server.base().resolve("/health/started")).json();
        for (Object c : (List<Object>) health.get("checks")) {
            Map<String, Object> check = (Map<String, Object>) c;
            if ("started".equals(check.get("name"))) {
                return Integer.parseInt(String.valueOf(((Map<String, Object>) check.get("data")).get("rooms")));
            }
        }
        throw new AssertionError("no started check in " + health);
    }
}
