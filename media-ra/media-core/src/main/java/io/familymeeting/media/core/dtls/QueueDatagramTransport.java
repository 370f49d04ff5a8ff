package io.familymeeting.media.core.dtls;

import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * BouncyCastle's view of the network for one DTLS association: datagrams pushed in by the
 * engine's receive thread wait in a bounded queue for BouncyCastle's (blocking) reads, and
 * BouncyCastle's writes go straight to the {@link DatagramSender}. Owns no socket.
 *
 * <p>Two read modes: during the handshake reads block up to BouncyCastle's wait time (that is how
 * it times its retransmissions); once connected, reads are non-blocking and an empty queue ends
 * the read with {@link NoMoreDatagrams} so the caller's thread is never parked.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Largest datagram we accept from the peer (peers may use a larger MTU than we do). */
    static final int RECEIVE_LIMIT = 2048;
    private static final byte[] WAKE_UP = new byte[0];

    /** Ends a non-blocking read on an empty queue; allocated once per transport, no stack trace. */
    static final class NoMoreDatagrams extends InterruptedIOException {
        NoMoreDatagrams() {
            super("no more queued datagrams");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final ArrayBlockingQueue<byte[]> queue;
    private final DatagramSender sender;
    private final int sendLimit;
    private final Runnable onClose;
    private final NoMoreDatagrams noMore = new NoMoreDatagrams();
    private volatile boolean nonBlocking;
    private volatile boolean closed;

    QueueDatagramTransport(DatagramSender sender, int sendLimit, int capacity, Runnable onClose) {
        this.sender = sender;
        this.sendLimit = sendLimit;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** Copies the datagram into the queue; false if closed or the queue is full (datagram dropped). */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len <= 0 || len > RECEIVE_LIMIT) {
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return queue.offer(copy);
    }

    void setNonBlocking() {
        this.nonBlocking = true;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        if (nonBlocking) {
            datagram = queue.poll();
            if (datagram == null) {
                throw noMore;
            }
        } else {
            try {
                datagram = waitMillis <= 0 ? queue.poll() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
            }
            if (datagram == null) {
                return -1; // timeout: BouncyCastle retransmits or gives up
            }
        }
        if (datagram == WAKE_UP || closed) {
            throw new IOException("DTLS transport closed");
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("datagram sender failed", e);
        }
    }

    /** Called by BouncyCastle after close_notify or a fatal alert, and by our own close(). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queue.offer(WAKE_UP); // wakes a handshake thread blocked in receive()
        onClose.run();
    }
}
