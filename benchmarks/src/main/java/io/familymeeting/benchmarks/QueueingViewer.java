package io.familymeeting.benchmarks;

import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.send.SendQueue;

import java.util.concurrent.locks.LockSupport;

/**
 * A viewer's transport with receive and send separated ({@code EXPERIMENT_RTP_SEP_RW}): what
 * {@code transport.WebRtcTransport} does then, queue a copy for the send thread, which protects it
 * ({@link EncryptingViewer#sendQueued}). Unlike the engine, which drops the newest packet when
 * the queue is full, it waits for room: the benchmark measures how fast packets get through
 * both threads, and a drop would make the send side look cheaper than it is. Waits are counted.
 */
final class QueueingViewer implements MediaSender {
    private static final long WAIT_NANOS = 20_000;
    private final SendQueue queue;
    private final EncryptingViewer encrypting;
    long fullWaits;

    QueueingViewer(SendQueue queue, EncryptingViewer encrypting) {
        this.queue = queue;
        this.encrypting = encrypting;
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        return offer(false, buf, off, len);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return offer(true, buf, off, len);
    }

    private boolean offer(boolean rtcp, byte[] buf, int off, int len) {
        while (!queue.offer(encrypting, rtcp, buf, off, len)) {
            fullWaits++;
            // Sleep rather than spin: the send thread needs the core. The queue is full, so
            // the send thread has work for much longer than the park lasts.
            LockSupport.parkNanos(WAIT_NANOS);
        }
        return true;
    }
}
