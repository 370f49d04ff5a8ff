package io.familymeeting.system;

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
import io.familymeeting.signaling.store.Registration;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out (docs/scale-out.md): two Payara Micro instances ({@code MAX_BROADCASTS=1}, a
 * short lease) share a Firestore emulator and a Pub/Sub emulator. Two native rooms land on
 * different instances and each room's presenter and viewer are answered by its owner (the
 * {@code server} of the answers, the {@code claims/*} owner), the viewers decoding video; the
 * rooms are then ended. Two broadcasts land on different instances (the answers' {@code server} and the
 * {@code claims/*} owners), each participant is answered by its broadcaster's owner and
 * decodes video. Then two owners are killed (SIGKILL), one at a time: the owner of a
 * broadcast, and (on a third instance started for it, the second one being dead) the owner
 * of a native room with a presenter and a viewer. Each time the survivor takes the room over
 * and answers re-offers (a broadcaster and its participant; a presenter and a viewer), after
 * which the viewer decodes video again. Last, the survivor gets SIGTERM and releases its claim
 * on the way out (the claim's owner is cleared before the process exits, not left to expire).
 * Offers and media come from a real Chromium on the harness page.
 *
 * <p>The takeover bound: the survivor's claim comes after the dead owner's last lease ran out
 * (its {@code leaseExpiresAt}, read just before the kill, which comes right after a renewal,
 * and followed by a listener in case another lands in between) and at most {@link #TAKEOVER_AFTER_EXPIRY} after it: the survivor's
 * monitor claims on its first ownership tick (every second) after the expiry. The kill comes
 * at most a third of the lease after a renewal, so kill to takeover is at most the lease plus
 * {@link #TAKEOVER_AFTER_EXPIRY}. With {@code MAX_BROADCASTS=1} the survivor is full, so each takeover phase first ends
 * the survivor's own room (abort) and waits for its claim to be released. The tests share the
 * instances and run in order.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    private static final String PROJECT = "demo-family";
    private static final int LEASE_SECONDS = 6;
    private static final BroadcastRequestCodec CODEC = new BroadcastRequestCodec();
    /** A survivor with room claims on its first ownership tick (every second) after the dead owner's lease ran out. */
    private static final Duration TAKEOVER_AFTER_EXPIRY = Duration.ofSeconds(3);

    private static final Closer closer = new Closer();
    private static GoogleEmulator firestore;
    private static GoogleEmulator pubsub;
    private static final Map<String, PayaraMicro> servers = new HashMap<>();
    private static DocumentStore store;
    private static HarnessServer harness;
    private static HarnessPeer browser;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        firestore = closer.add(GoogleEmulator.firestore());
        pubsub = closer.add(GoogleEmulator.pubsub(PROJECT));
        env = Map.of("SIGNALING_BACKEND", "firestore",
                "FIRESTORE_EMULATOR_HOST", firestore.hostPort(), "PUBSUB_EMULATOR_HOST", pubsub.hostPort(),
                "GOOGLE_CLOUD_PROJECT", PROJECT, "MAX_BROADCASTS", "1", "LEASE_SECONDS", Integer.toString(LEASE_SECONDS),
                "MONITOR_SECONDS", "1", "DRAIN_SECONDS", "0", "ROLE", "both");
        // Each is registered as soon as it is up, so one failing to start does not leak the other.
        CompletableFuture<PayaraMicro> a = CompletableFuture.supplyAsync(
                () -> closer.add(PayaraMicro.start("scale-a", Deployables.freeUdpPort(), env)));
        CompletableFuture<PayaraMicro> b = CompletableFuture.supplyAsync(
                () -> closer.add(PayaraMicro.start("scale-b", Deployables.freeUdpPort(), env)));
        CompletableFuture.allOf(a, b).exceptionally(e -> null).join();
        servers.put("scale-a", a.join());
        servers.put("scale-b", b.join());
        System.out.printf("[numbers] two Payara Micro (firestore + Pub/Sub) start to readiness: %d / %d ms%n",
                servers.get("scale-a").readyMillis(), servers.get("scale-b").readyMillis());
        store = closer.add(FirestoreConnector.open(Settings.of(Map.of("FIRESTORE_EMULATOR_HOST", firestore.hostPort(),
                "GOOGLE_CLOUD_PROJECT", PROJECT))));
        harness = closer.add(HarnessServer.start());
        browser = closer.add(HarnessPeer.open(harness));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    private static Map<String, Object> request(String requestor, String kind, String parent, String offerSdp) {
        Map<String, Object> d = new HashMap<>();
        d.put("requestor", requestor);
        d.put("kind", kind);
        d.put("parent", parent);
        d.put("offer", CODEC.encodeOffer(offerSdp));
        d.put("answer", "");
        d.put("abort", false);
        return d;
    }

    private static Document awaitDoc(String id, Predicate<Document> condition, Duration timeout) {
        return awaitPath(Paths.broadcastRequest(id), condition, timeout);
    }

    private static Document awaitPath(String path, Predicate<Document> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Document last = null;
        while (System.nanoTime() < deadline) {
            last = store.get(path).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(50);
        }
        StringBuilder logs = new StringBuilder();
        servers.forEach((name, s) -> logs.append("\n--- ").append(name).append(" ---\n").append(s.logTail()));
        throw new AssertionError(path + " never matched; last: " + last + logs);
    }

    /** The instance whose claim on {@code broadcast_requests/{id}} is live, or "". */
    private static String owner(String id) {
        return store.get(Paths.claim(Paths.broadcastRequest(id))).map(d -> d.string(Fields.OWNER)).orElse("");
    }

    /** Applies the answer and waits until the participant's connection decodes frames, then keeps decoding. */
    private static void awaitMedia(String connection, String answerSdp) {
        browser.connection(connection).applyAnswer(answerSdp);
        long first = browser.connection(connection)
                .awaitStats(st -> st.connected() && st.totalFramesDecoded() > 0, MEDIA_TIMEOUT).totalFramesDecoded();
        browser.connection(connection).awaitStats(st -> st.totalFramesDecoded() > first + 10, MEDIA_TIMEOUT);
    }

    /** Waits for the answer; returns the document (no error, state answered). */
    private static Document awaitAnswered(String id) throws Exception {
        Document d = awaitDoc(id, x -> !x.string(Fields.ANSWER).isEmpty() || Values.STATE_ERROR.equals(x.string(Fields.STATE)), ANSWER_TIMEOUT);
        assertThat(d.string(Fields.ERROR)).as("error on " + id).isEmpty();
        assertThat(d.string(Fields.STATE)).isEqualTo(Values.STATE_ANSWERED);
        assertThat(CODEC.decodeAnswer(d.string(Fields.ANSWER))).contains("a=candidate:");
        return d;
    }

    private static long millisToAnswer(Instant written, Document d) {
        return Duration.between(written, d.instant(Fields.ANSWERED_AT)).toMillis();
    }

    /** Writes a native participant document (as the web page does) with an offer of rev 1. */
    private static void joinNative(String room, String id, String role, String offerSdp) {
        store.set(Paths.participant(room, id), Map.of("name", id, "role", role,
                "offer", Map.of("type", "offer", "sdp", offerSdp, "rev", 1L)));
    }

    /** Waits for the native participant's answer (no error) and returns the document. */
    private static Document awaitNativeAnswer(String room, String id) {
        return awaitNativeAnswer(room, id, 1);
    }

    /** Waits for the answer to offer {@code rev} of the native participant (or an error) and returns the document. */
    private static Document awaitNativeAnswer(String room, String id, long rev) {
        Document d = awaitPath(Paths.participant(room, id),
                x -> (Values.STATE_ANSWERED.equals(x.string(Fields.STATE)) && x.map(Fields.ANSWER).get("rev") instanceof Number n && n.longValue() == rev)
                        || Values.STATE_ERROR.equals(x.string(Fields.STATE)), ANSWER_TIMEOUT);
        assertThat(d.string(Fields.ERROR)).as("error on " + d.path()).isEmpty();
        assertThat(d.map(Fields.ANSWER).get("sdp").toString()).contains("a=candidate:");
        return d;
    }

    @Test
    @Order(0)
    void twoNativeRoomsLandOnDifferentInstancesAndTheirParticipantsAreAnsweredByTheOwner() {
        List<String> rooms = List.of("room-a", "room-b");
        for (String room : rooms) {
            store.set(Paths.room(room), Map.of("name", room, "createdAt", Instant.now()));
        }
        List<Long> joins = new ArrayList<>();
        for (String room : rooms) {
            String presenter = "pres-" + room;
            String viewer = "view-" + room;
            Instant t = Instant.now();
            joinNative(room, presenter, "presenter", browser.connection(presenter).makePresenterOffer());
            Document p = awaitNativeAnswer(room, presenter);
            joins.add(Duration.between(t, p.instant(Fields.ANSWERED_AT)).toMillis());
            browser.connection(presenter).applyAnswer(p.map(Fields.ANSWER).get("sdp").toString());
            t = Instant.now();
            joinNative(room, viewer, "viewer", browser.connection(viewer).makeViewerOffer());
            Document v = awaitNativeAnswer(room, viewer);
            joins.add(Duration.between(t, v.instant(Fields.ANSWERED_AT)).toMillis());
            String owner = store.get(Paths.claim(Paths.room(room))).map(d -> d.string(Fields.OWNER)).orElse("");
            assertThat(servers).containsKey(owner);
            assertThat(p.string(Fields.SERVER)).as("presenter of " + room + " answered by the owner").isEqualTo(owner);
            assertThat(v.string(Fields.SERVER)).as("viewer of " + room + " answered by the owner").isEqualTo(owner);
        }
        String ownerA = store.get(Paths.claim(Paths.room("room-a"))).orElseThrow().string(Fields.OWNER);
        String ownerB = store.get(Paths.claim(Paths.room("room-b"))).orElseThrow().string(Fields.OWNER);
        assertThat(ownerA).as("owners of the two rooms (MAX_BROADCASTS=1)").isNotEqualTo(ownerB);
        for (String room : rooms) {
            Document v = store.get(Paths.participant(room, "view-" + room)).orElseThrow();
            awaitMedia("view-" + room, v.map(Fields.ANSWER).get("sdp").toString());
        }
        System.out.println("[numbers] native rooms on two instances: room document + participant offer -> answer by"
                + " the room's owner (presenter, viewer per room): " + joins + " ms; owners " + ownerA + " / " + ownerB);

        // End both rooms, so the broadcasts below find both instances with room for one.
        for (String room : rooms) {
            store.update(Paths.room(room), Map.of("state", "ended"));
        }
        for (String room : rooms) {
            awaitPath(Paths.claim(Paths.room(room)), d -> d.string(Fields.OWNER).isEmpty(), ANSWER_TIMEOUT);
        }
    }

    @Test
    @Order(1)
    void twoBroadcastsLandOnDifferentInstancesAndParticipantsFollowTheirOwner() throws Exception {
        List<Long> latency = new ArrayList<>();
        Map<String, Instant> written = new HashMap<>();
        for (String b : List.of("bcast-a", "bcast-b")) {
            written.put(b, Instant.now());
            store.set(Paths.broadcastRequest(b), request("Grandpa " + b, "broadcaster", "",
                    browser.connection(b).makePresenterOffer()));
        }
        Document a = awaitAnswered("bcast-a");
        Document b = awaitAnswered("bcast-b");
        latency.add(millisToAnswer(written.get("bcast-a"), a));
        latency.add(millisToAnswer(written.get("bcast-b"), b));
        assertThat(servers).containsKeys(a.string(Fields.SERVER), b.string(Fields.SERVER));
        assertThat(a.string(Fields.SERVER)).as("owners of the two broadcasts").isNotEqualTo(b.string(Fields.SERVER));
        assertThat(owner("bcast-a")).isEqualTo(a.string(Fields.SERVER));
        assertThat(owner("bcast-b")).isEqualTo(b.string(Fields.SERVER));
        browser.connection("bcast-a").applyAnswer(CODEC.decodeAnswer(a.string(Fields.ANSWER)));
        browser.connection("bcast-b").applyAnswer(CODEC.decodeAnswer(b.string(Fields.ANSWER)));
        System.out.println("[numbers] broadcaster offer written -> answer written via claim (two instances, Pub/Sub): "
                + latency + " ms; owners " + a.string(Fields.SERVER) + " / " + b.string(Fields.SERVER));

        List<Long> joins = new ArrayList<>();
        for (String parent : List.of("bcast-a", "bcast-b")) {
            String id = "part-" + parent;
            Instant t = Instant.now();
            store.set(Paths.broadcastRequest(id), request("Grandchild", "participant", parent,
                    browser.connection(id).makeViewerOffer()));
            Document p = awaitAnswered(id);
            joins.add(millisToAnswer(t, p));
            assertThat(p.string(Fields.SERVER)).as("server of " + id).isEqualTo(owner(parent));
        }
        for (String parent : List.of("bcast-a", "bcast-b")) {
            String id = "part-" + parent;
            awaitMedia(id, CODEC.decodeAnswer(store.get(Paths.broadcastRequest(id)).orElseThrow().string(Fields.ANSWER)));
        }
        System.out.println("[numbers] participant offer written -> answer written by the parent's owner: " + joins + " ms");
    }

    @Test
    @Order(2)
    void theSurvivorTakesAKilledOwnersBroadcastOverAndAnswersAReoffer() throws Exception {
        String victimName = owner("bcast-a");
        String survivorName = victimName.equals("scale-a") ? "scale-b" : "scale-a";
        String survivorsOwn = "bcast-a".equals(ownedBy(survivorName)) ? "bcast-a" : "bcast-b";
        // MAX_BROADCASTS=1: end the survivor's own broadcast so it has room for the other.
        store.update(Paths.broadcastRequest(survivorsOwn), Map.of("abort", true));
        awaitDoc(survivorsOwn, d -> Values.STATE_ABORTED.equals(d.string(Fields.STATE)), ANSWER_TIMEOUT);
        awaitPath(Paths.claim(Paths.broadcastRequest(survivorsOwn)), d -> d.string(Fields.OWNER).isEmpty(), ANSWER_TIMEOUT);

        killAndAwaitTakeover(Paths.broadcastRequest("bcast-a"), victimName, survivorName);

        Instant t = Instant.now();
        store.update(Paths.broadcastRequest("bcast-a"), Map.of("offer",
                CODEC.encodeOffer(browser.connection("bcast-a-2").makePresenterOffer()), "answer", "", "state", ""));
        Document re = awaitAnswered("bcast-a");
        assertThat(re.string(Fields.SERVER)).isEqualTo(survivorName);
        browser.connection("bcast-a-2").applyAnswer(CODEC.decodeAnswer(re.string(Fields.ANSWER)));
        store.update(Paths.broadcastRequest("part-bcast-a"), Map.of("offer",
                CODEC.encodeOffer(browser.connection("part-bcast-a-2").makeViewerOffer()), "answer", "", "state", ""));
        Document rp = awaitAnswered("part-bcast-a");
        assertThat(rp.string(Fields.SERVER)).isEqualTo(survivorName);
        awaitMedia("part-bcast-a-2", CODEC.decodeAnswer(rp.string(Fields.ANSWER)));
        System.out.printf("[numbers] broadcast takeover: re-offer written -> answer by the survivor: broadcaster %d ms,"
                + " participant %d ms%n", millisToAnswer(t, re), Duration.between(t, rp.instant(Fields.ANSWERED_AT)).toMillis());
    }

    @Test
    @Order(3)
    void theSurvivorTakesAKilledOwnersNativeRoomOverAndAnswersReoffers() throws Exception {
        assertThat(servers).as("the survivor of the broadcast takeover").hasSize(1);
        String survivorName = servers.keySet().iterator().next();
        // A third instance (the second one is dead) to own the native room: the survivor is
        // full with bcast-a, so the room's claim lands on the new instance.
        PayaraMicro third = closer.add(PayaraMicro.start("scale-c", Deployables.freeUdpPort(), env));
        servers.put("scale-c", third);
        System.out.printf("[numbers] third Payara Micro start to readiness: %d ms%n", third.readyMillis());
        String room = "room-c";
        String roomPath = Paths.room(room);
        store.set(roomPath, Map.of("name", room, "createdAt", Instant.now()));
        awaitPath(Paths.claim(roomPath), d -> "scale-c".equals(d.string(Fields.OWNER)), ANSWER_TIMEOUT);
        joinNative(room, "pres-" + room, "presenter", browser.connection("pres-" + room).makePresenterOffer());
        Document p = awaitNativeAnswer(room, "pres-" + room, 1);
        assertThat(p.string(Fields.SERVER)).isEqualTo("scale-c");
        browser.connection("pres-" + room).applyAnswer(p.map(Fields.ANSWER).get("sdp").toString());
        joinNative(room, "view-" + room, "viewer", browser.connection("view-" + room).makeViewerOffer());
        Document v = awaitNativeAnswer(room, "view-" + room, 1);
        assertThat(v.string(Fields.SERVER)).isEqualTo("scale-c");
        awaitMedia("view-" + room, v.map(Fields.ANSWER).get("sdp").toString());

        // MAX_BROADCASTS=1: end the survivor's broadcast so it has room for the native room.
        store.update(Paths.broadcastRequest("bcast-a"), Map.of("abort", true));
        awaitPath(Paths.claim(Paths.broadcastRequest("bcast-a")), d -> d.string(Fields.OWNER).isEmpty(), ANSWER_TIMEOUT);

        killAndAwaitTakeover(roomPath, "scale-c", survivorName);

        Instant t = Instant.now();
        reofferNative(room, "pres-" + room, browser.connection("pres-" + room + "-2").makePresenterOffer());
        Document rp = awaitNativeAnswer(room, "pres-" + room, 2);
        assertThat(rp.string(Fields.SERVER)).as("presenter re-offer answered by the survivor").isEqualTo(survivorName);
        browser.connection("pres-" + room + "-2").applyAnswer(rp.map(Fields.ANSWER).get("sdp").toString());
        Instant tv = Instant.now();
        reofferNative(room, "view-" + room, browser.connection("view-" + room + "-2").makeViewerOffer());
        Document rv = awaitNativeAnswer(room, "view-" + room, 2);
        assertThat(rv.string(Fields.SERVER)).as("viewer re-offer answered by the survivor").isEqualTo(survivorName);
        awaitMedia("view-" + room + "-2", rv.map(Fields.ANSWER).get("sdp").toString());
        System.out.printf("[numbers] native room takeover: re-offer written -> answer by the survivor: presenter %d ms,"
                + " viewer %d ms; the viewer decodes video again%n", Duration.between(t, rp.instant(Fields.ANSWERED_AT)).toMillis(),
                Duration.between(tv, rv.instant(Fields.ANSWERED_AT)).toMillis());
    }

    @Test
    @Order(4)
    void sigtermReleasesTheInstancesClaimBeforeItExits() throws Exception {
        assertThat(servers).as("the survivor of the native room takeover").hasSize(1);
        String name = servers.keySet().iterator().next();
        String claimPath = Paths.claim(Paths.room("room-c"));
        Document held = store.get(claimPath).orElseThrow();
        assertThat(held.string("owner")).isEqualTo(name);
        long t0 = System.nanoTime();
        closer.closeNow(servers.remove(name)); // SIGTERM (DRAIN_SECONDS=0); returns once the process is gone
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Document after = store.get(claimPath).orElseThrow();
        System.out.printf("[numbers] SIGTERM of %s to exit (DRAIN_SECONDS=0): %d ms; its claim then %s%n", name, ms,
                after.data());
        // A lease that runs out leaves the document as it was; only a release clears the owner.
        assertThat(after.string("owner")).as("the claim of room-c after its owner's SIGTERM").isEmpty();
    }

    /**
     * SIGKILLs the owner of {@code roomPath} and waits for the survivor's claim; asserts the
     * claim came after the dead owner's last lease ran out and within {@link #TAKEOVER_AFTER_EXPIRY}
     * of it. The claim's instant is its first lease minus the lease time (the survivor's
     * clock: the same machine's); the versions of the claim come from a listener, so neither a
     * renewal landing between the read and the kill nor the survivor's own first renewal blurs them.
     */
    private static void killAndAwaitTakeover(String roomPath, String victimName, String survivorName) {
        String claimPath = Paths.claim(roomPath);
        List<Document> versions = new CopyOnWriteArrayList<>();
        try (Registration r = store.listenDocument(claimPath, c -> versions.add(c.document()))) {
            Document before = justRenewed(claimPath, victimName);
            Instant killed = Instant.now();
            servers.remove(victimName).kill();
            Document taken = awaitVersion(versions, claimPath, d -> survivorName.equals(d.string(Fields.OWNER)));
            Instant claimedAt = taken.instant(Fields.LEASE_EXPIRES_AT).minusSeconds(LEASE_SECONDS);
            Instant expiry = before.instant(Fields.LEASE_EXPIRES_AT);
            for (Document d : versions.subList(0, versions.indexOf(taken))) {
                if (victimName.equals(d.string(Fields.OWNER)) && d.instant(Fields.LEASE_EXPIRES_AT).isAfter(expiry)) {
                    expiry = d.instant(Fields.LEASE_EXPIRES_AT); // renewed between the read and the kill
                }
            }
            long killToTakeover = Duration.between(killed, claimedAt).toMillis();
            long expiryToTakeover = Duration.between(expiry, claimedAt).toMillis();
            System.out.printf("[numbers] takeover of %s by %s after SIGKILL of %s: kill -> takeover %d ms, lease expiry"
                    + " -> takeover %d ms (lease %d s, read before the kill %s, last %s)%n", roomPath, survivorName,
                    victimName, killToTakeover, expiryToTakeover, LEASE_SECONDS, before.instant(Fields.LEASE_EXPIRES_AT), expiry);
            assertThat(claimedAt).as("not before the dead owner's last lease ran out").isAfterOrEqualTo(expiry);
            assertThat(claimedAt).as("within " + TAKEOVER_AFTER_EXPIRY + " of the expiry")
                    .isBeforeOrEqualTo(expiry.plus(TAKEOVER_AFTER_EXPIRY));
        }
    }

    /**
     * Waits for the owner's next renewal of the claim and returns it: killed right after it,
     * the owner is not inside its next renewal transaction, whose lock the Firestore emulator
     * would keep after the kill (a survivor's claim then waited 30 s for it).
     */
    private static Document justRenewed(String claimPath, String owner) {
        Document first = store.get(claimPath).orElseThrow();
        assertThat(first.string(Fields.OWNER)).isEqualTo(owner);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Document d = store.get(claimPath).orElseThrow();
            assertThat(d.string(Fields.OWNER)).isEqualTo(owner);
            if (d.instant(Fields.LEASE_EXPIRES_AT).isAfter(first.instant(Fields.LEASE_EXPIRES_AT))) {
                return d;
            }
            PayaraMicro.sleep(10);
        }
        throw new AssertionError(claimPath + " not renewed by " + owner + " within 60 s");
    }

    /**
     * The first version of the claim that matches, as the listener reported it; if the listener
     * lags, the store's (then perhaps already renewed: a later instant, never an earlier one).
     */
    private static Document awaitVersion(List<Document> versions, String claimPath, Predicate<Document> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long storeSawIt = 0;
        while (System.nanoTime() < deadline) {
            for (Document d : versions) {
                if (condition.test(d)) {
                    return d;
                }
            }
            Document now = store.get(claimPath).orElse(null);
            if (now != null && condition.test(now)) {
                if (storeSawIt == 0) {
                    storeSawIt = System.nanoTime();
                } else if (System.nanoTime() - storeSawIt > 5_000_000_000L) {
                    return now;
                }
            }
            PayaraMicro.sleep(50);
        }
        throw new AssertionError(claimPath + " never taken over; versions seen: " + versions);
    }

    /** A re-offer of the native participant (as the page writes it after its server went away). */
    private static void reofferNative(String room, String id, String offerSdp) {
        store.update(Paths.participant(room, id), Map.of("offer", Map.of("type", "offer", "sdp", offerSdp, "rev", 2L)));
    }

    /** The broadcast whose owner is {@code instance}, or null. */
    private static String ownedBy(String instance) {
        for (String b : List.of("bcast-a", "bcast-b")) {
            if (instance.equals(owner(b))) {
                return b;
            }
        }
        return null;
    }
}
