package io.familymeeting.media.core.ice;

/**
 * The media port's fixed set of forwarding threads ({@link ReceiveLoop}): every participant's
 * received datagrams are demultiplexed, decrypted and forwarded on one of them, so the threads
 * of the receive path do not grow with the participants (one thread per participant before).
 * A transport is assigned to the least loaded loop when it starts receiving and stays on it,
 * so its packets are handled in arrival order.
 *
 * <p>What runs on these threads must not block for long: a DTLS handshake runs as a task of its
 * own and only gets records queued from here ({@code dtls.DtlsTransport#receive}).
 *
 * <p>It does not read sockets (ice4j's reader threads do, {@link ReceivePump#handleBuffer}).
 */
public final class ReceiveLoops {
    /** Upper bound of {@code MEDIA_FORWARDING_THREADS}: far more than the cores of a media node. */
    public static final int MAX_THREADS = 64;
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final ReceiveLoop[] loops;

    /**
     * Starts {@code threads} forwarding threads named {@code media-forwarding-1..threads}.
     *
     * @throws IllegalArgumentException unless 1 &lt;= threads &lt;= {@link #MAX_THREADS}
     */
    public ReceiveLoops(int threads) {
        check(threads);
        loops = new ReceiveLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new ReceiveLoop("media-forwarding-" + (i + 1));
        }
        for (ReceiveLoop loop : loops) {
            loop.start();
        }
    }

    /** One forwarding thread per core (as the JVM sees them), within 1..{@link #MAX_THREADS}. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Refuses a thread count outside 1..{@link #MAX_THREADS}, saying what is allowed. */
    public static int check(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("forwarding threads must be 1 to " + MAX_THREADS + ", not " + threads);
        }
        return threads;
    }

    /** The loop with the fewest receiving transports; counted until the pump finishes. */
    ReceiveLoop assign() {
        ReceiveLoop best = loops[0];
        for (int i = 1; i < loops.length; i++) {
            if (loops[i].load() < best.load()) {
                best = loops[i];
            }
        }
        best.assigned();
        return best;
    }

    public int threads() {
        return loops.length;
    }

    /** True while every forwarding thread runs. */
    public boolean allRunning() {
        for (ReceiveLoop loop : loops) {
            if (!loop.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /** Transports receiving on each thread now. */
    public int[] loads() {
        int[] result = new int[loops.length];
        for (int i = 0; i < loops.length; i++) {
            result[i] = loops[i].load();
        }
        return result;
    }

    /** Stops every thread (bounded wait each); pumps still assigned drop what they hold. */
    public void close() {
        for (ReceiveLoop loop : loops) {
            loop.stop(STOP_WAIT_MILLIS);
        }
    }
}
