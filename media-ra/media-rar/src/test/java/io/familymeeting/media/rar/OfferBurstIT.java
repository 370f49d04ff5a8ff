package io.familymeeting.media.rar;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.SfuEngine;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.sdp.Fixtures;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.service.ParticipantSignaling;
import io.familymeeting.signaling.service.Resync;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 4: 1,000 participant documents written at once, with the real embedded
 * store, the real engine on 127.0.0.1, the adapter's real delivery queue (a deliberately
 * small bound, so it overflows) and the real signaling services, routed as {@code SignalMDB}
 * routes participant documents. Every document ends answered or refused ({@code state}
 * present), none without a state; the queue really dropped events and resynced rooms. A
 * meeting on the same engine (a Chromium presenter and viewer) keeps decoding meanwhile.
 *
 * <p>The executors stand in for the container's WorkManager (delivery) and the adapter's
 * {@link MediaWorkers} (engine). Over the engine's default budgets (100 per room, 300 in all)
 * most of the 1,000 are refused with an error on the document, which is an outcome as required.
 */
@ExtendWith(LoopbackOnly.class)
class OfferBurstIT {
    private static final int DOCUMENTS = 1_000;
    private static final int ROOMS = 10;
    private static final int QUEUE_LIMIT = 50;
    private static final long WAIT_MILLIS = 180_000;
    private static final Duration MEETING_TIMEOUT = Duration.ofSeconds(30);
    private static final long FRAMES = 10;

    @Test
    void everyOfferWrittenAtOnceEndsAnsweredOrRefused() throws Exception {
        String offer = Fixtures.text("chromium-156-viewer.sdp");
        EmbeddedStore store = new EmbeddedStore();
        ExecutorService engineThreads = MediaWorkers.create(MediaWorkers.DEFAULT_THREADS);
        ExecutorService workManager = Executors.newFixedThreadPool(4);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        EngineConfig config = EngineConfig.defaults().withBindAddress("127.0.0.1").withMediaPort(freeUdpPort())
                .withCandidateNetworks(List.of("127.0.0.0/8"), false);
        SfuEngine engine = new SfuEngine(config, e -> { }, engineThreads);
        Registration registration = null;
        HarnessServer pages = null;
        HarnessPeer presenter = null;
        HarnessPeer viewer = null;
        try {
            engine.start();
            // The meeting that must keep flowing: admitted first, then the burst takes the rest.
            pages = HarnessServer.start();
            presenter = HarnessPeer.open(pages);
            viewer = HarnessPeer.open(pages);
            presenter.applyAnswer(engine.answer(new OfferRequest("meeting", "presenter", "p",
                    ParticipantRole.PRESENTER, presenter.makePresenterOffer())));
            viewer.applyAnswer(engine.answer(new OfferRequest("meeting", "viewer", "v",
                    ParticipantRole.VIEWER, viewer.makeViewerOffer())));
            long framesBefore = viewer.awaitStats(s -> s.totalFramesDecoded() > FRAMES, MEETING_TIMEOUT)
                    .totalFramesDecoded();
            EngineConnection connection = new EngineConnection(engine);
            ParticipantSignaling participants = new ParticipantSignaling(store, () -> connection, "burst",
                    Clock.systemUTC());
            Resync resync = new Resync(store);
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger notTaken = new AtomicInteger();
            KeyedDelivery<SignalEvent> delivery = new KeyedDelivery<>("signal delivery", workManager, event -> {
                delivered.incrementAndGet();
                if (event.kind() == SignalEvent.Kind.RESYNC) {
                    resync.events(event).forEach(participants::handle);
                } else {
                    participants.handle(event);
                }
            }, QUEUE_LIMIT, SignalEvent::resync);
            delivery.resume();
            registration = store.listenGroup(Paths.PARTICIPANTS, (DocumentChange change) -> {
                String key = ParticipantSignaling.orderKey(change.path());
                SignalEvent.Kind kind = switch (change.type()) {
                    case ADDED -> SignalEvent.Kind.ADDED;
                    case MODIFIED -> SignalEvent.Kind.MODIFIED;
                    case REMOVED -> SignalEvent.Kind.REMOVED;
                };
                if (!delivery.offer(key, new SignalEvent(key, change.path(), kind, change.data()))) {
                    notTaken.incrementAndGet();
                }
            });

            long start = System.nanoTime();
            List<? extends java.util.concurrent.Future<?>> writes = IntStream.range(0, DOCUMENTS)
                    .mapToObj(i -> writers.submit(() -> store.set(Paths.participant("room" + (i % ROOMS), "p" + i),
                            Map.of(Fields.NAME, "viewer " + i, Fields.ROLE, "viewer",
                                    Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, offer, Fields.REV, 1)))))
                    .toList();
            for (java.util.concurrent.Future<?> w : writes) {
                w.get(60, TimeUnit.SECONDS);
            }
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            List<Document> unanswered = withoutState(store);
            while (!unanswered.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                unanswered = withoutState(store);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long framesAfter = viewer.stats().totalFramesDecoded();
            PeerStats later = viewer.awaitStats(s -> s.totalFramesDecoded() > framesAfter + FRAMES, MEETING_TIMEOUT);
            long answered = count(store, Values.STATE_ANSWERED);
            long refused = count(store, Values.STATE_ERROR);
            System.out.printf("OfferBurstIT: %d documents in %d rooms, queue limit %d: all with a state after %d ms "
                            + "(%d answered, %d refused); %d events dropped, %d resyncs, %d deliveries; "
                            + "meeting viewer decoded %d frames during the burst, %d at the end%n",
                    DOCUMENTS, ROOMS, QUEUE_LIMIT, millis, answered, refused, delivery.refused(), delivery.resyncs(),
                    delivered.get(), framesAfter - framesBefore, later.totalFramesDecoded());
            assertThat(framesAfter).as("the meeting kept decoding during the burst").isGreaterThan(framesBefore);
            assertThat(unanswered).as("documents left without a state").isEmpty();
            assertThat(notTaken.get()).as("changes the queue neither took nor covered by a resync").isZero();
            assertThat(answered + refused).isEqualTo(DOCUMENTS);
            assertThat(answered).as("answered up to the engine's budgets").isPositive();
            assertThat(delivery.refused()).as("the small queue really overflowed").isPositive();
            assertThat(delivery.resyncs()).as("and rooms were read again").isPositive();
        } finally {
            if (registration != null) {
                registration.close();
            }
            for (AutoCloseable c : new AutoCloseable[] {viewer, presenter, pages}) {
                if (c != null) {
                    c.close();
                }
            }
            engine.close();
            writers.shutdownNow();
            workManager.shutdownNow();
            MediaWorkers.stop(engineThreads);
            workManager.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static List<Document> withoutState(EmbeddedStore store) {
        return IntStream.range(0, ROOMS).boxed()
                .flatMap(r -> store.list(Paths.participants("room" + r)).stream())
                .filter(d -> d.string(Fields.STATE).isEmpty())
                .toList();
    }

    private static long count(EmbeddedStore store, String state) {
        return IntStream.range(0, ROOMS).boxed()
                .flatMap(r -> store.list(Paths.participants("room" + r)).stream())
                .filter(d -> state.equals(d.string(Fields.STATE)))
                .count();
    }

    private static int freeUdpPort() throws java.io.IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
