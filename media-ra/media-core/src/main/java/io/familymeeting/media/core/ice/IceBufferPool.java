package io.familymeeting.media.core.ice;

import org.ice4j.util.Buffer;
import org.jctools.queues.MpmcArrayQueue;

/**
 * The pool behind ice4j's push API ({@code org.ice4j.util.BufferPool}): ice4j's single-port
 * reader thread takes one buffer per received datagram, and whoever consumes the datagram
 * (ice4j's STUN stack, or our {@link ReceivePump}) gives it back. Reusing the {@link Buffer}
 * objects and their arrays keeps the receive path free of per-packet array allocation.
 *
 * <p>The idle list is JCTools' lock-free array queue: a locked one would allocate a wait node
 * whenever a reader taking a buffer and a forwarding thread returning one meet on its lock.
 *
 * <p>It does not track ownership: a buffer returned twice would be handed out twice, so each
 * consumer returns each buffer exactly once. Buffers that are never returned are simply
 * garbage-collected and replaced.
 */
final class IceBufferPool {
    /** ice4j's push receive loop reads into a 1500-byte packet: no datagram is larger. */
    static final int BUFFER_SIZE = 1500;
    /** Upper bound of idle buffers kept (about 6 MiB); more are allocated on demand. */
    static final int MAX_IDLE = 4096;

    private static final MpmcArrayQueue<Buffer> IDLE = new MpmcArrayQueue<>(MAX_IDLE);

    private IceBufferPool() {
    }

    static Buffer get(int size) {
        if (size > BUFFER_SIZE) {
            return new Buffer(new byte[size], 0, size);
        }
        Buffer buffer = IDLE.poll();
        if (buffer == null) {
            buffer = new Buffer(new byte[BUFFER_SIZE], 0, 0);
        }
        buffer.setOffset(0);
        buffer.setLength(size);
        return buffer;
    }

    static void release(Buffer buffer) {
        if (buffer == null || buffer.getBuffer().length != BUFFER_SIZE) {
            return;
        }
        buffer.setRemoteAddress(null);
        buffer.setLocalAddress(null);
        buffer.setReceivedTime(null);
        IDLE.offer(buffer);
    }

    static int idleCount() {
        return IDLE.size();
    }
}
