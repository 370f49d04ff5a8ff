package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.SfuEngine;
import io.familymeeting.media.core.room.Budgets;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A started {@link SfuEngine} on 127.0.0.1 and a free UDP port, with its events recorded.
 * The executor stands in for the application server's WorkManager.
 */
final class EngineFixture implements AutoCloseable {
    final SfuEngine engine;
    final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    final int port;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "engine-test-work");
        t.setDaemon(true);
        return t;
    });

    /** Remote candidates and checks from 127.0.0.0/8: the tests' browsers. */
    static final List<String> LOOPBACK = List.of("127.0.0.0/8");

    EngineFixture() throws IOException {
        this(0);
    }

    /** With {@code sendLoops} &gt; 0, receive and send on separate threads (EXPERIMENT_RTP_SEP_RW). */
    EngineFixture(int sendLoops) throws IOException {
        this(sendLoops, Budgets.defaults());
    }

    /** Within these budgets. */
    EngineFixture(Budgets budgets) throws IOException {
        this(0, budgets);
    }

    private EngineFixture(int sendLoops, Budgets budgets) throws IOException {
        port = freeUdpPort();
        // The pages reach the engine from loopback, which ICE refuses unless listed.
        EngineConfig config = EngineConfig.defaults().withBindAddress("127.0.0.1").withMediaPort(port)
                .withSendLoops(sendLoops).withBudgets(budgets).withCandidateNetworks(LOOPBACK, false);
        engine = new SfuEngine(config, events::add, executor);
        engine.start();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    boolean hasEvent(MediaEvent.Type type, String participantId) {
        return events.stream().anyMatch(e -> e.type() == type && e.participantId().equals(participantId));
    }

    @Override
    public void close() {
        engine.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
