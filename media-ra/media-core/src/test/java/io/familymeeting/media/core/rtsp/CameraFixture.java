package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.net.NetworkBlock;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.SfuEngine;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A started {@link SfuEngine} on 127.0.0.1 for the camera ITs, its events recorded; the
 * executor stands in for the resource adapter's WorkManager. The test cameras run on
 * loopback, which the camera target rules refuse: the fixture lists 127.0.0.0/8 in the
 * engine's allowed camera networks (as CAMERA_ALLOWED_NETWORKS does in a deployment), unless
 * a test asks for other blocks.
 */
final class CameraFixture implements AutoCloseable {
    final SfuEngine engine;
    final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "camera-test-work");
        t.setDaemon(true);
        return t;
    });

    CameraFixture() throws IOException {
        this("127.0.0.0/8");
    }

    /** An engine whose cameras may be in these blocks (comma-separated; "" for the rules alone). */
    CameraFixture(String allowedCameraNetworks) throws IOException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        engine = new SfuEngine(EngineConfig.defaults().withBindAddress("127.0.0.1").withMediaPort(port)
                .withCandidateNetworks(java.util.List.of("127.0.0.0/8"), false)
                .withCameraAllowedNetworks(NetworkBlock.parseList(allowedCameraNetworks)), events::add, executor);
        engine.start();
    }

    CameraSnapshot camera(String room, String id) {
        return engine.camera(room, id).orElseThrow();
    }

    /** Polls the camera's snapshot until the condition holds; fails with the last one. */
    CameraSnapshot await(String room, String id, Predicate<CameraSnapshot> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CameraSnapshot last = camera(room, id);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("camera " + room + "/" + id + " not as expected within " + timeout
                        + "; last: " + last + "; events: " + cameraEvents(id));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = camera(room, id);
        }
        return last;
    }

    CameraSnapshot awaitState(String room, String id, CameraState state, Duration timeout) {
        return await(room, id, s -> s.state() == state, timeout);
    }

    List<String> cameraEvents(String id) {
        return events.stream().filter(e -> e.type() == MediaEvent.Type.CAMERA_STATE && e.participantId().equals(id))
                .map(MediaEvent::detail).toList();
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
