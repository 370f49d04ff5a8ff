package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the engine ITs with real Chromium share: a started engine ({@link EngineFixture}), the
 * harness page server and two Chromium pages (one for presenters, one for viewers), started
 * once per test class and closed after it in reverse order, also when a start or a close
 * fails. One test instance per class ({@code PER_CLASS}), so a subclass chooses the engine's
 * send loops by overriding {@link #sendLoops()} instead of starting everything a second time
 * (a subclass's static {@code @BeforeAll} does not hide its superclass's since JUnit 5.11:
 * both would run). A subclass that needs more adds it to {@link #closer} in an
 * {@code @BeforeAll} of its own, which runs after this one.
 */
@ExtendWith(LoopbackOnly.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoPagesOnEngine {
    final Closer closer = new Closer();
    EngineFixture fixture;
    HarnessServer server;
    HarnessPeer presenterPage;
    HarnessPeer viewerPage;

    /** Send loops of the engine; 0 receives and sends on one thread (EXPERIMENT_RTP_SEP_RW off). */
    int sendLoops() {
        return 0;
    }

    @BeforeAll
    void startEngineAndPages() throws Exception {
        fixture = closer.add(new EngineFixture(sendLoops()));
        server = closer.add(HarnessServer.start());
        presenterPage = closer.add(HarnessPeer.open(server));
        viewerPage = closer.add(HarnessPeer.open(server));
    }

    /** What the engine says about participant {@code id} now (fails when it is not in a room). */
    ParticipantSnapshot snapshot(String id) {
        return fixture.engine.rooms().stream().flatMap(r -> r.participants().stream())
                .filter(p -> p.participantId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in the engine"));
    }

    @AfterAll
    void stopAll() throws Exception {
        closer.close();
    }
}
