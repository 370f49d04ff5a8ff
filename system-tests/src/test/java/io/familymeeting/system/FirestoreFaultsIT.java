package io.familymeeting.system;

import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults and bad input on Payara Micro with {@code SIGNALING_BACKEND=firestore} against
 * Google's Firestore emulator, while a {@code broadcast_requests} meeting (a Chromium
 * broadcaster and a Chromium participant with media) runs: bad documents of both models get
 * {@code state: "error"} and a clear {@code error}, a document deleted mid-flight leaves no
 * transport behind, and the emulator is stopped and started again mid-meeting (with its data,
 * as a Firestore outage leaves it, and then without). Throughout, the running participant
 * keeps decoding and new offers are answered. The tests share one server and run in order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirestoreFaultsIT {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    /** Outage detection, listener recovery: the store probes every 10 s and backs off up to 30 s. */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final String PROJECT = "demo-faults";
    private static final String SERVER = "firestore-faults";
    private static final String BROADCASTER = "bcast-f";
    private static final String NATIVE_ROOM = "faults-room";
    private static final String BURST_ROOM = "burst-room";
    private static final int BURST = 200;
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(120);
    /** Small enough for the burst to overflow the delivery queue (the default is 10,000). */
    private static final int MAX_PENDING_EVENTS = 64;
    private static final String ADMIN_KEY = "faults-it-admin-api-key-0123456789abcdef";
    private static final BroadcastRequestCodec CODEC = new BroadcastRequestCodec();

    private static final Closer closer = new Closer();
    private static GoogleEmulator firestore;
    private static PayaraMicro server;
    private static DocumentStore store;
    private static HarnessServer harness;
    private static HarnessPeer broadcaster;
    private static HarnessPeer viewer;

    @BeforeAll
    static void startAMeeting() throws Exception {
        firestore = closer.add(GoogleEmulator.firestore());
        Map<String, String> env = Map.of("SIGNALING_BACKEND", "firestore",
                "FIRESTORE_EMULATOR_HOST", firestore.hostPort(), "GOOGLE_CLOUD_PROJECT", PROJECT,
                "MEDIA_MAX_PENDING_EVENTS", String.valueOf(MAX_PENDING_EVENTS), "ADMIN_API_KEY", ADMIN_KEY);
        server = closer.add(PayaraMicro.start(SERVER, Deployables.freeUdpPort(), env));
        store = closer.add(FirestoreConnector.open(Settings.of(Map.of("FIRESTORE_EMULATOR_HOST", firestore.hostPort(),
                "GOOGLE_CLOUD_PROJECT", PROJECT))));
        harness = closer.add(HarnessServer.start());
        broadcaster = closer.add(HarnessPeer.open(harness));
        store.set(Paths.broadcastRequest(BROADCASTER),
                request("Grandpa", "broadcaster", "", CODEC.encodeOffer(broadcaster.makePresenterOffer())));
        broadcaster.applyAnswer(awaitAnswerSdp(BROADCASTER));
        broadcaster.awaitStats(s -> s.connected() && s.outbound().framesEncoded() > 0, MEDIA_TIMEOUT);
        viewer = closer.add(HarnessPeer.open(harness));
        store.set(Paths.broadcastRequest("viewer-1"),
                request("Grandchild", "participant", BROADCASTER, CODEC.encodeOffer(viewer.makeViewerOffer())));
        viewer.applyAnswer(awaitAnswerSdp("viewer-1"));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void badBroadcastRequestsGetAClearErrorAndAffectNothingElse() throws Exception {
        int participantsBefore = engine("participants");
        long framesBefore = viewer.stats().totalFramesDecoded();
        String goodOffer = CODEC.encodeOffer(viewer.connection("probe-offer").makeViewerOffer());
        viewer.connection("probe-offer").close();
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        Bad bad = (id, error, change) -> {
            Map<String, Object> d = request("Broken", "participant", BROADCASTER, goodOffer);
            change.accept(d);
            docs.put(id, d);
            expected.put(id, error);
        };
        bad.add("not-base64", "offer is not base64", d -> d.put("offer", "%%% not base64 %%%"));
        bad.add("not-json", "offer is not JSON", d -> d.put("offer", base64("{\"type\": \"offer\", sdp")));
        bad.add("not-an-object", "offer is not a JSON object", d -> d.put("offer", base64("[1, 2]")));
        bad.add("answer-type", "offer has type \"answer\"",
                d -> d.put("offer", base64("{\"type\":\"answer\",\"sdp\":\"v=0\"}")));
        bad.add("no-sdp", "offer has no \"sdp\"", d -> d.put("offer", base64("{\"type\":\"offer\"}")));
        bad.add("no-offer", "offer is missing", d -> d.remove("offer"));
        bad.add("offer-number", "offer must be a string", d -> d.put("offer", 42L));
        bad.add("no-requestor", "requestor is missing", d -> d.remove("requestor"));
        bad.add("no-kind", "kind is missing", d -> d.remove("kind"));
        bad.add("wrong-kind", "kind must be \"broadcaster\" or \"participant\"", d -> d.put("kind", "viewer"));
        bad.add("no-parent", "parent (the broadcaster's id) is missing", d -> d.put("parent", ""));
        bad.add("unknown-parent", "unknown parent", d -> d.put("parent", "no-such-broadcast"));
        bad.add("abort-text", "abort must be true or false", d -> d.put("abort", "yes"));
        bad.add("huge-sdp", "larger than the 65536-byte",
                d -> d.put("offer", CODEC.encodeOffer(oversizedSdp())));
        bad.add("not-sdp", "", d -> d.put("offer", CODEC.encodeOffer("this is not SDP\r\n")));
        for (Map.Entry<String, Map<String, Object>> e : docs.entrySet()) {
            store.set(Paths.broadcastRequest(e.getKey()), e.getValue());
        }
        List<String> messages = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Document d = awaitDoc(e.getKey(), x -> Values.STATE_ERROR.equals(x.string(Fields.STATE)), ANSWER_TIMEOUT);
            assertThat(d.string(Fields.ERROR)).as("error on " + e.getKey()).isNotBlank().contains(e.getValue())
                    .doesNotContain("could not process");
            assertThat(d.string(Fields.ANSWER)).as("answer on " + e.getKey()).isEmpty();
            assertThat(d.string(Fields.SERVER)).isEqualTo(SERVER);
            messages.add(e.getKey() + ": " + d.string(Fields.ERROR));
        }
        System.out.println("[numbers] broadcast_requests errors on bad documents:\n  " + String.join("\n  ", messages));

        assertThat(engine("participants")).as("no transport for a bad document").isEqualTo(participantsBefore);
        assertThat(engine("rooms")).isEqualTo(1);
        assertThat(store.get(Paths.broadcastRequest(BROADCASTER)).orElseThrow().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        awaitDecodingBeyond(viewer, framesBefore);
        joinAndLeave("after-bad-docs");
    }

    @Test
    @Order(2)
    void aDocumentDeletedMidFlightLeavesNothingBehind() throws Exception {
        int participantsBefore = engine("participants");
        long framesBefore = viewer.stats().totalFramesDecoded();
        int[] delaysMillis = {0, 10, 30, 60, 100, 200, 400, 800};
        for (int i = 0; i < delaysMillis.length; i++) {
            HarnessConnection c = viewer.connection("gone-" + i);
            store.set(Paths.broadcastRequest("gone-" + i),
                    request("Gone " + i, "participant", BROADCASTER, CODEC.encodeOffer(c.makeViewerOffer())));
            PayaraMicro.sleep(delaysMillis[i]);
            store.delete(Paths.broadcastRequest("gone-" + i));
            c.close();
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (engine("participants") != participantsBefore && System.nanoTime() < deadline) {
            PayaraMicro.sleep(200);
        }
        assertThat(engine("participants")).as("transports left by deleted documents\n" + server.logTail())
                .isEqualTo(participantsBefore);
        for (int i = 0; i < delaysMillis.length; i++) {
            assertThat(store.get(Paths.broadcastRequest("gone-" + i))).as("gone-%d is not re-created", i).isEmpty();
        }
        // The signaling path closed them itself: a transport the reaper (every 5 s) closed was
        // closed by the signaling path too (the reaper may run in the same instant, harmless).
        List<String> log = serverLog();
        for (int i = 0; i < delaysMillis.length; i++) {
            String reaped = "closing " + BROADCASTER + "/gone-" + i + ":";
            String deleted = "broadcast_requests/gone-" + i + " deleted";
            if (log.stream().anyMatch(l -> l.contains(reaped))) {
                assertThat(log).as("gone-%d closed by the signaling path, not only the reaper", i)
                        .anyMatch(l -> l.contains(deleted));
            }
        }
        System.out.printf("[numbers] %d documents deleted mid-flight: %d deleted while being answered, %d deletion events"
                        + " handled%n", delaysMillis.length,
                log.stream().filter(l -> l.contains("/gone-") && l.contains("deleted while it was answered")).count(),
                log.stream().filter(l -> l.contains("/gone-") && l.contains("deleted: its transport is closed")).count());
        awaitDecodingBeyond(viewer, framesBefore);
        joinAndLeave("after-deletes");
    }

    @Test
    @Order(3)
    void badNativeParticipantDocumentsGetAClearError() throws Exception {
        long framesBefore = viewer.stats().totalFramesDecoded();
        store.set(Paths.room(NATIVE_ROOM), Map.of("title", "Faults", "state", "open"));
        HarnessConnection presenter = broadcaster.connection("native-presenter");
        store.set(Paths.participant(NATIVE_ROOM, "presenter"), participant("presenter", offer(presenter.makePresenterOffer(), 1)));
        Document answered = awaitParticipant("presenter", d -> !d.string(Fields.STATE).equals("new"));
        assertThat(answered.string(Fields.ERROR)).isEmpty();
        assertThat(answered.string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        presenter.applyAnswer(String.valueOf(answered.map(Fields.ANSWER).get("sdp")));
        int participantsBefore = engine("participants");

        String sdp = viewer.connection("native-probe").makeViewerOffer();
        viewer.connection("native-probe").close();
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        docs.put("offer-text", participant("viewer", "v=0"));
        expected.put("offer-text", "the document has no offer");
        docs.put("no-sdp", participant("viewer", Map.of("type", "offer", "rev", 1L)));
        expected.put("no-sdp", "the document has no offer");
        docs.put("no-rev", participant("viewer", Map.of("type", "offer", "sdp", sdp)));
        expected.put("no-rev", "offer.rev must be a positive whole number");
        docs.put("answer-type", participant("viewer", Map.of("type", "answer", "sdp", sdp, "rev", 1L)));
        expected.put("answer-type", "offer.type must be \"offer\"");
        docs.put("huge-sdp", participant("viewer", offer(oversizedSdp(), 1)));
        expected.put("huge-sdp", "larger than 65536");
        Map<String, Object> king = participant("king", offer(sdp, 1));
        docs.put("wrong-role", king);
        expected.put("wrong-role", "role:");
        docs.put("not-sdp", participant("viewer", offer("this is not SDP\r\n", 1)));
        expected.put("not-sdp", "");
        for (Map.Entry<String, Map<String, Object>> e : docs.entrySet()) {
            store.set(Paths.participant(NATIVE_ROOM, e.getKey()), e.getValue());
        }
        List<String> messages = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Document d = awaitParticipant(e.getKey(), x -> Values.STATE_ERROR.equals(x.string(Fields.STATE)));
            assertThat(d.string(Fields.ERROR)).as("error on " + e.getKey()).isNotBlank().contains(e.getValue())
                    .doesNotContain("could not process");
            assertThat(d.map(Fields.ANSWER)).as("answer on " + e.getKey()).isEmpty();
            messages.add(e.getKey() + ": " + d.string(Fields.ERROR));
        }
        System.out.println("[numbers] native participant errors on bad documents:\n  " + String.join("\n  ", messages));
        assertThat(engine("participants")).as("no transport for a bad document").isEqualTo(participantsBefore);
        awaitDecodingBeyond(viewer, framesBefore);

        store.update(Paths.participant(NATIVE_ROOM, "presenter"), Map.of("leave", true));
        awaitParticipant("presenter", d -> Values.STATE_LEFT.equals(d.string(Fields.STATE)));
        presenter.close();
    }

    /**
     * The burst on Firestore: 200 viewer documents written at once (8 writers) into one
     * room while the meeting runs. The server's delivery queue is small here
     * ({@link #MAX_PENDING_EVENTS}), so the burst overflows it and the room is read again from
     * Firestore: every document still ends answered or refused (the room's budget of 100), none
     * is left without a state, and the running viewer keeps decoding.
     */
    @Test
    @Order(4)
    void twoHundredOffersWrittenAtOnceAreEachAnsweredOrRefused() throws Exception {
        long framesBefore = viewer.stats().totalFramesDecoded();
        int participantsBefore = engine("participants");
        store.set(Paths.room(BURST_ROOM), Map.of("title", "Burst", "state", "open"));
        HarnessConnection probe = viewer.connection("burst-probe");
        String sdp = probe.makeViewerOffer();
        probe.close();

        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < BURST; i++) {
                String path = Paths.participant(BURST_ROOM, "burst-" + i);
                writes.add(writers.submit(() -> store.set(path, participant("viewer", offer(sdp, 1)))));
            }
            for (Future<?> w : writes) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        long writtenMillis = (System.nanoTime() - t0) / 1_000_000;

        long deadline = System.nanoTime() + BURST_TIMEOUT.toNanos();
        List<Document> docs = store.list(Paths.participants(BURST_ROOM));
        while (unsettled(docs) > 0 && System.nanoTime() < deadline) {
            PayaraMicro.sleep(250);
            docs = store.list(Paths.participants(BURST_ROOM));
        }
        long settledMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(docs).as("every document written").hasSize(BURST);
        assertThat(unsettled(docs)).as("documents still without an answer or refusal after " + BURST_TIMEOUT
                + "\n" + server.logTail()).isZero();
        Map<String, Integer> states = new java.util.TreeMap<>();
        for (Document d : docs) {
            states.merge(d.string(Fields.STATE), 1, Integer::sum);
            if (Values.STATE_ERROR.equals(d.string(Fields.STATE))) {
                assertThat(d.string(Fields.ERROR)).as("refusal on " + d.id()).contains("MEDIA_MAX_ROOM_PARTICIPANTS");
            } else {
                assertThat(d.map(Fields.ANSWER)).as("answer on " + d.id()).containsKey("sdp");
            }
        }
        assertThat(states.get(Values.STATE_ERROR)).as("the room's budget refused the rest").isPositive();
        String delivery = String.valueOf(((Map<?, ?>) Http.get(server.api("admin/status"), Http.bearer(ADMIN_KEY))
                .json().get("instance")).get("eventDelivery"));
        System.out.printf("[numbers] Firestore burst: %d viewer documents written in %d ms by 8 writers; every one "
                        + "answered or refused %d ms after the first write; states %s; queue %d events: %s%n",
                BURST, writtenMillis, settledMillis, states, MAX_PENDING_EVENTS, delivery);
        assertThat(delivery).as("the small queue overflowed and the room was read again")
                .doesNotStartWith("signal events dropped 0 ").doesNotContain("rooms read again 0)");
        awaitDecodingBeyond(viewer, framesBefore);

        for (Document d : docs) {
            store.delete(d.path());
        }
        long gone = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (engine("participants") > participantsBefore && System.nanoTime() < gone) {
            PayaraMicro.sleep(250);
        }
        assertThat(engine("participants")).as("deleting the documents removed their transports").isEqualTo(participantsBefore);
    }

    /** Documents with no answer and no refusal yet. */
    private static long unsettled(List<Document> docs) {
        return docs.stream().filter(d -> d.string(Fields.STATE).isEmpty() || "new".equals(d.string(Fields.STATE))).count();
    }

    @Test
    @Order(5)
    void theEmulatorRestartedWithItsDataKeepsTheMeetingAndAnswersTheNextOffer() throws Exception {
        HarnessConnection late = viewer.connection("after-restart");
        String lateOffer = CODEC.encodeOffer(late.makeViewerOffer());
        Path data = firestore.exportData(PROJECT);
        long stopped = System.nanoTime();
        firestore.stop();
        long framesAtStop = viewer.stats().totalFramesDecoded();

        Map<String, Object> down = awaitStoreCheck("DOWN");
        long downMillis = (System.nanoTime() - stopped) / 1_000_000;
        assertThat(String.valueOf(dataOf(down).get("error"))).as("the store's error in readiness").isNotBlank();
        awaitDecodingBeyond(viewer, framesAtStop);
        long outage = (System.nanoTime() - stopped) / 1_000_000;

        firestore.start(data);
        Instant restarted = Instant.now();
        long restartedNanos = System.nanoTime();
        store.set(Paths.broadcastRequest("after-restart"), request("Late", "participant", BROADCASTER, lateOffer));
        long writtenMillis = (System.nanoTime() - restartedNanos) / 1_000_000;
        String answer = awaitAnswerSdp("after-restart", RECOVERY_TIMEOUT);
        Instant answeredAt = store.get(Paths.broadcastRequest("after-restart")).orElseThrow().instant(Fields.ANSWERED_AT);
        awaitStoreCheck("UP");
        long upMillis = (System.nanoTime() - restartedNanos) / 1_000_000;
        System.out.printf("[numbers] Firestore emulator outage (data kept): readiness DOWN %d ms after the stop"
                        + " (error '%s'); participant kept decoding through a %d ms outage; after the restart:"
                        + " offer written in %d ms, answered %d ms after the restart, readiness UP after %d ms%n",
                downMillis, dataOf(down).get("error"), outage, writtenMillis,
                Duration.between(restarted, answeredAt).toMillis(), upMillis);

        late.applyAnswer(answer);
        late.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        awaitDecodingBeyond(viewer, viewer.stats().totalFramesDecoded());
        assertThat(store.get(Paths.broadcastRequest(BROADCASTER)).orElseThrow().string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(engine("rooms")).isEqualTo(1);
        // The resumed listener also delivers changes to documents from before the restart.
        store.update(Paths.broadcastRequest("after-restart"), Map.of("abort", true));
        awaitDoc("after-restart", d -> Values.STATE_ABORTED.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        late.close();
    }

    @Test
    @Order(6)
    void anEmulatorRestartThatLosesTheDataEndsTheBroadcastAndAnswersNewOffers() throws Exception {
        HarnessConnection presenter = broadcaster.connection("second-broadcast");
        String offer = CODEC.encodeOffer(presenter.makePresenterOffer());
        firestore.restart();
        Instant restarted = Instant.now();
        store.set(Paths.broadcastRequest("bcast-2"), request("Grandma", "broadcaster", "", offer));
        String answer = awaitAnswerSdp("bcast-2", RECOVERY_TIMEOUT);
        Instant answeredAt = store.get(Paths.broadcastRequest("bcast-2")).orElseThrow().instant(Fields.ANSWERED_AT);
        System.out.printf("[numbers] Firestore emulator restart without its data: a new broadcaster offer answered"
                + " %d ms after the restart%n", Duration.between(restarted, answeredAt).toMillis());
        presenter.applyAnswer(answer);

        // Its documents are gone, as if deleted: the old broadcast ends with its participant.
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (engine("rooms") != 1 && System.nanoTime() < deadline) {
            PayaraMicro.sleep(200);
        }
        assertThat(engine("rooms")).as("only the new broadcast is left").isEqualTo(1);
        assertThat(engine("participants")).isEqualTo(1);

        HarnessConnection joiner = viewer.connection("second-viewer");
        store.set(Paths.broadcastRequest("viewer-2"),
                request("Grandchild", "participant", "bcast-2", CODEC.encodeOffer(joiner.makeViewerOffer())));
        joiner.applyAnswer(awaitAnswerSdp("viewer-2"));
        joiner.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        joiner.close();
        presenter.close();
    }

    /** A participant joins the running broadcast, decodes, and aborts. */
    private static void joinAndLeave(String id) throws Exception {
        HarnessConnection c = viewer.connection(id);
        store.set(Paths.broadcastRequest(id),
                request("Late " + id, "participant", BROADCASTER, CODEC.encodeOffer(c.makeViewerOffer())));
        c.applyAnswer(awaitAnswerSdp(id));
        c.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        store.update(Paths.broadcastRequest(id), Map.of("abort", true));
        awaitDoc(id, d -> Values.STATE_ABORTED.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        c.close();
    }

    /** Adds a bad broadcast_requests document: a good participant document with one change. */
    @FunctionalInterface
    private interface Bad {
        void add(String id, String expectedError, java.util.function.Consumer<Map<String, Object>> change);
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

    /** A native participant document as the web client writes it (docs/signaling.md). */
    private static Map<String, Object> participant(String role, Object offer) {
        Map<String, Object> d = new HashMap<>();
        d.put("name", "Native " + role);
        d.put("role", role);
        d.put("offer", offer);
        d.put("answer", Map.of());
        d.put("state", "new");
        d.put("error", "");
        d.put("leave", false);
        d.put("renegotiate", false);
        return d;
    }

    private static Map<String, Object> offer(String sdp, long rev) {
        return Map.of("type", "offer", "sdp", sdp, "rev", rev);
    }

    /** A syntactically plausible SDP just over the 64 KiB limit. */
    private static String oversizedSdp() {
        StringBuilder b = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        while (b.length() <= 64 * 1024) {
            b.append("a=x-padding:").append("p".repeat(100)).append("\r\n");
        }
        return b.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Document awaitDoc(String id, Predicate<Document> condition, Duration timeout) {
        return await(Paths.broadcastRequest(id), condition, timeout);
    }

    private static Document awaitParticipant(String id, Predicate<Document> condition) {
        return await(Paths.participant(NATIVE_ROOM, id), condition, ANSWER_TIMEOUT);
    }

    private static Document await(String path, Predicate<Document> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Document last = null;
        while (System.nanoTime() < deadline) {
            last = store.get(path).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(50);
        }
        throw new AssertionError(path + " never matched; last: " + last + "\n" + server.logTail());
    }

    private static String awaitAnswerSdp(String id) throws Exception {
        return awaitAnswerSdp(id, ANSWER_TIMEOUT);
    }

    private static String awaitAnswerSdp(String id, Duration timeout) throws Exception {
        Document d = awaitDoc(id, x -> !x.string(Fields.ANSWER).isEmpty() || Values.STATE_ERROR.equals(x.string(Fields.STATE)), timeout);
        assertThat(d.string(Fields.ERROR)).as("error on " + id).isEmpty();
        assertThat(d.string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        return CODEC.decodeAnswer(d.string(Fields.ANSWER));
    }

    /** Decoding goes on: the frame count passes {@code frames} by more than a second's worth. */
    private static void awaitDecodingBeyond(HarnessPeer p, long frames) {
        p.awaitStats(s -> s.connected() && s.totalFramesDecoded() > frames + 30, MEDIA_TIMEOUT);
    }

    /** Polls readiness until its signaling-store check has {@code status}; returns the check. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitStoreCheck(String status) {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        Http.Reply last = null;
        while (System.nanoTime() < deadline) {
            last = Http.get(server.base().resolve("/health/ready"));
            if (last.status() == 200 || last.status() == 503) {
                for (Object c : (List<Object>) last.json().get("checks")) {
                    Map<String, Object> check = (Map<String, Object>) c;
                    if ("signaling-store".equals(check.get("name")) && status.equals(check.get("status"))) {
                        assertThat(last.status()).isEqualTo("UP".equals(status) ? 200 : 503);
                        return check;
                    }
                }
            }
            PayaraMicro.sleep(250);
        }
        throw new AssertionError("signaling-store never " + status + "; last readiness: " + last);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataOf(Map<String, Object> check) {
        Object data = check.get("data");
        return data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> serverLog() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Deployables.workDir(SERVER).resolve("server.log"));
    }

    /** A number from the engine's data in the started health check ("rooms", "participants"). */
    @SuppressWarnings("unchecked")
    private static int engine(String field) {
        Map<String, Object> health = Http.get(server.base().resolve("/health/started")).json();
        for (Object c : (List<Object>) health.get("checks")) {
            Map<String, Object> check = (Map<String, Object>) c;
            if ("started".equals(check.get("name"))) {
                return Integer.parseInt(String.valueOf(((Map<String, Object>) check.get("data")).get(field)));
            }
        }
        throw new AssertionError("no started check in " + health);
    }
}
