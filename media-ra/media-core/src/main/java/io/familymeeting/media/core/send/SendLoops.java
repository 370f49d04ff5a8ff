package io.familymeeting.media.core.send;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The engine's send threads when receive and send are separated ({@code EXPERIMENT_RTP_SEP_RW}):
 * a fixed number of {@link SendQueue}s, each drained by one long-running task on the owner's
 * executor (container {@code Work} inside the server). Participants are spread over the
 * queues round-robin as they join and keep theirs, so each participant's packets leave in
 * order. It does not decide what is sent; that stays on the receive threads.
 */
public final class SendLoops {
    private static final Logger LOG = Logger.getLogger(SendLoops.class.getName());
    /**
     * Packets each queue holds: a keyframe of about 100 packets forwarded to 40 viewers
     * fits, at 1.6 kB a slot (6.4 MB a queue).
     */
    public static final int QUEUE_PACKETS = 4096;
    /** How long {@link #close} waits for each loop to finish the batch in hand. */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final SendQueue[] queues;
    private final AtomicInteger next = new AtomicInteger();

    public SendLoops(int loops, int queuePackets) {
        if (loops < 1) {
            throw new IllegalArgumentException("at least one send loop, not " + loops);
        }
        queues = new SendQueue[loops];
        for (int i = 0; i < loops; i++) {
            queues[i] = new SendQueue(queuePackets);
        }
    }

    /** The default number of send loops: one per core, at most four. */
    public static int defaultLoops() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Starts every loop on {@code executor}. */
    public void start(Executor executor) {
        for (SendQueue q : queues) {
            executor.execute(q::run);
        }
    }

    /** The queue for a new participant (round-robin). */
    public SendQueue assign() {
        return queues[Math.floorMod(next.getAndIncrement(), queues.length)];
    }

    public int loops() {
        return queues.length;
    }

    /** True while every loop runs. */
    public boolean allRunning() {
        for (SendQueue q : queues) {
            if (!q.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /** Stops every loop (bounded wait each); queued packets are dropped. */
    public void close() {
        for (SendQueue q : queues) {
            if (!q.close(CLOSE_WAIT_MILLIS)) {
                LOG.warning("a send loop did not stop within " + CLOSE_WAIT_MILLIS + " ms");
            }
        }
    }

    public Stats stats() {
        long offered = 0;
        long sent = 0;
        long notSent = 0;
        long dropped = 0;
        int queued = 0;
        for (SendQueue q : queues) {
            offered += q.offered();
            sent += q.sent();
            notSent += q.notSent();
            dropped += q.dropped();
            queued += q.queued();
        }
        return new Stats(queues.length, offered, sent, notSent, dropped, queued);
    }

    /**
     * Totals over the loops.
     *
     * @param loops   send threads
     * @param offered packets queued
     * @param sent    packets their transport sent
     * @param notSent packets taken from a queue that their transport did not send (it was gone)
     * @param dropped packets refused by a full queue, or discarded at close
     * @param queued  packets waiting now
     */
    public record Stats(int loops, long offered, long sent, long notSent, long dropped, int queued) {
    }
}
