package io.familymeeting.media.rar;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The engine's own threads for its long-running work (send loops, the RTCP timer, DTLS
 * handshakes, camera ingests; received packets are handled on the media port's fixed
 * forwarding threads, {@code MEDIA_FORWARDING_THREADS}, not here), apart from the container's WorkManager that
 * delivers signal and media events to the message-driven beans: however many handshakes or
 * cameras run, signaling delivery never waits behind them.
 *
 * <p>Bounded ({@code MEDIA_WORKER_THREADS}, {@link MediaSettings}): a task beyond the bound is
 * refused at once ({@link java.util.concurrent.RejectedExecutionException}; a DTLS handshake
 * then fails that participant only), never queued behind loops that do not end. Threads are
 * named {@code media-worker-N}, daemon, and started on demand; idle ones end after a minute.
 * It does not deliver events (that is {@link KeyedDelivery} on the WorkManager).
 */
final class MediaWorkers {
    private static final Logger LOG = Logger.getLogger(MediaWorkers.class.getName());
    /** Default bound on the engine's threads. */
    static final int DEFAULT_THREADS = 256;
    private static final long IDLE_SECONDS = 60;
    private static final long STOP_WAIT_SECONDS = 5;

    private MediaWorkers() {
    }

    static ExecutorService create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("media worker threads must be at least 1, not " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, threads, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "media-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Interrupts what still runs (the engine has been closed first) and waits a little for it to end. */
    static void stop(ExecutorService workers) {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("media worker threads still running " + STOP_WAIT_SECONDS + " s after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
