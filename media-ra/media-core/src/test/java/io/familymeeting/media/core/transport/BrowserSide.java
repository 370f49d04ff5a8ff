package io.familymeeting.media.core.transport;

import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.dtls.DtlsFingerprint;
import io.familymeeting.media.core.dtls.DtlsListener;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.dtls.DtlsTransport;
import io.familymeeting.media.core.ice.LoopbackPeer;
import io.familymeeting.media.core.srtp.SrtpSession;
import io.familymeeting.media.core.util.PacketDemux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser's end of a transport test, as real as runs without a browser: an ice4j agent on
 * 127.0.0.1 ({@link LoopbackPeer}), a DTLS client on it and the SRTP session that client
 * derives. A reader thread hands DTLS datagrams to the client and queues the others, which the
 * test takes unprotected with {@link #nextRtp} / {@link #nextRtcp}.
 */
final class BrowserSide implements AutoCloseable {
    private final LoopbackPeer ice;
    private final DtlsTransport dtls;
    private final CompletableFuture<SrtpSession> session = new CompletableFuture<>();
    private final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile InetSocketAddress server;

    BrowserSide(DtlsCertificate certificate, DtlsFingerprint serverFingerprint, Executor executor) throws IOException {
        this.ice = new LoopbackPeer();
        this.dtls = new DtlsTransport(DtlsRole.CLIENT, certificate, List.of(serverFingerprint), this::sendRaw,
                executor, new DtlsListener() {
                    @Override
                    public void onConnected(SrtpSession s) {
                        session.complete(s);
                    }

                    @Override
                    public void onFailed(String reason) {
                        session.completeExceptionally(new IllegalStateException(reason));
                    }

                    @Override
                    public void onClosed() {
                    }
                });
        this.reader = new Thread(this::read, "browser-side-reader");
        this.reader.setDaemon(true);
    }

    LoopbackPeer ice() {
        return ice;
    }

    /** Answers the transport's ICE (as setRemoteDescription would) and reads what it sends. */
    void connectTo(WebRtcTransport transport, int mediaPort) {
        server = new InetSocketAddress("127.0.0.1", mediaPort);
        ice.connectTo(transport.ice());
        reader.start();
    }

    /** Waits for ICE on this side, then runs the DTLS handshake; returns the SRTP session. */
    SrtpSession handshake(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!ice.isConnected()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the browser side's ICE did not connect");
            }
            Thread.sleep(20);
        }
        dtls.start();
        return session.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    void sendRaw(byte[] buf, int off, int len) {
        try {
            ice.send(Arrays.copyOfRange(buf, off, off + len), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This side's SRTP session (after {@link #handshake}). */
    SrtpSession session() throws Exception {
        return session.get();
    }

    /** Protects a plain RTP packet with this side's session and sends it. */
    void sendRtp(byte[] plain) throws Exception {
        byte[] b = Arrays.copyOf(plain, plain.length + 32);
        int n = session.get().protectRtp(b, 0, plain.length);
        sendRaw(b, 0, n);
    }

    /** Protects a plain RTCP compound with this side's session and sends it. */
    void sendRtcp(byte[] plain) throws Exception {
        byte[] b = Arrays.copyOf(plain, plain.length + 32);
        int n = session.get().protectRtcp(b, 0, plain.length);
        sendRaw(b, 0, n);
    }

    /** The next SRTP packet from the transport, unprotected, or null after {@code millis}. */
    byte[] nextRtp(long millis) throws Exception {
        return next(rtp, false, millis);
    }

    /** The next SRTCP compound from the transport, unprotected, or null after {@code millis}. */
    byte[] nextRtcp(long millis) throws Exception {
        return next(rtcp, true, millis);
    }

    private byte[] next(LinkedBlockingQueue<byte[]> queue, boolean isRtcp, long millis) throws Exception {
        byte[] d = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (d == null) {
            return null;
        }
        SrtpSession s = session.get();
        int n = isRtcp ? s.unprotectRtcp(d, 0, d.length) : s.unprotectRtp(d, 0, d.length);
        if (n <= 0) {
            throw new AssertionError("undecryptable " + (isRtcp ? "SRTCP" : "SRTP") + " from the transport: " + n);
        }
        return Arrays.copyOf(d, n);
    }

    private void read() {
        while (!closed) {
            try {
                byte[] d = ice.receive(100);
                if (d == null) {
                    continue;
                }
                if (PacketDemux.isDtls(d, 0, d.length)) {
                    dtls.receive(d, 0, d.length);
                } else if (PacketDemux.isRtcp(d, 0, d.length)) {
                    rtcp.add(d);
                } else if (PacketDemux.isRtp(d, 0, d.length)) {
                    rtp.add(d);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    throw new IllegalStateException("the browser side's reader failed", e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            dtls.close();
        } finally {
            reader.join(2_000);
            ice.close();
        }
    }
}
