package io.familymeeting.media.core.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One RTSP control connection (RFC 2326) and the UDP sockets of its session, on
 * non-blocking channels and one {@link Selector}, driven entirely by the caller's thread:
 * {@link #request} sends and waits (bounded) for the matching response while delivering
 * whatever media arrives meanwhile; {@link #pump} waits (bounded) for media. It owns no
 * thread; {@link #wakeup} may be called from any thread to cut a wait short.
 *
 * <p>It knows the protocol's mechanics (CSeq pairing, Session header, authentication retry,
 * interleaved channels, answering the server's own requests), not the order of a session:
 * that is {@link CameraSession}'s business.
 */
public final class RtspClient implements AutoCloseable {
    /** Receives a session's media: RTP and RTCP per track index. Buffers are valid during the call. */
    public interface MediaHandler {
        void onRtp(int track, byte[] buf, int off, int len);

        void onRtcp(int track, byte[] buf, int off, int len);
    }

    private final Selector selector;
    private final SocketChannel control;
    private final SelectionKey controlKey;
    private final RtspStreamParser parser = new RtspStreamParser();
    private final Authenticator auth;
    private final long responseTimeoutMillis;
    private final ByteBuffer datagram = ByteBuffer.allocate(64 * 1024);
    private final List<DatagramChannel> udp = new ArrayList<>();
    /** Interleaved channel → (track << 1 | rtcp), or -1. */
    private final int[] channels = new int[256];
    private MediaHandler media;
    private int cseq = 1;
    private String session;
    private RtspResponse awaited;
    private int awaitedCseq = -1;
    private volatile boolean closed;
    private long bytesReceived;

    private RtspClient(Selector selector, SocketChannel control, SelectionKey key, Authenticator auth,
                       long responseTimeoutMillis) {
        this.selector = selector;
        this.control = control;
        this.controlKey = key;
        this.auth = auth;
        this.responseTimeoutMillis = responseTimeoutMillis;
        java.util.Arrays.fill(channels, -1);
    }

    /**
     * Opens the TCP connection to this resolved address (checked by the caller: {@link
     * CameraTargets}), waiting at most {@code connectTimeoutMillis}.
     */
    public static RtspClient connect(InetSocketAddress address, Authenticator auth, long connectTimeoutMillis,
                                     long responseTimeoutMillis) throws IOException {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("connect to a resolved and checked address, not " + address);
        }
        Selector selector = Selector.open();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1024 * 1024);
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            if (!ch.connect(address)) {
                long deadline = System.nanoTime() + connectTimeoutMillis * 1_000_000L;
                while (!ch.finishConnect()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        throw new SocketTimeoutException("no TCP connection to "
                                + address.getAddress().getHostAddress() + ":" + address.getPort()
                                + " within " + connectTimeoutMillis + " ms");
                    }
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            return new RtspClient(selector, ch, key, auth, responseTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            selector.close();
            throw e;
        }
    }

    public void setMediaHandler(MediaHandler handler) {
        this.media = handler;
    }

    /** The session id from SETUP, or null. */
    public String session() {
        return session;
    }

    public void setSession(String id) {
        this.session = id;
    }

    /** The address the control connection uses locally (UDP sockets bind to the same one). */
    public InetAddress localAddress() throws IOException {
        return ((InetSocketAddress) control.getLocalAddress()).getAddress();
    }

    public InetAddress remoteAddress() throws IOException {
        return ((InetSocketAddress) control.getRemoteAddress()).getAddress();
    }

    /** Routes an interleaved channel pair to a track (RFC 2326 §10.12). */
    public void mapInterleaved(int rtpChannel, int rtcpChannel, int track) {
        if (rtpChannel >= 0 && rtpChannel < 256) {
            channels[rtpChannel] = track << 1;
        }
        if (rtcpChannel >= 0 && rtcpChannel < 256) {
            channels[rtcpChannel] = (track << 1) | 1;
        }
    }

    /**
     * Binds an RTP/RTCP pair of UDP sockets (even and odd port, RFC 3550 §11) for a track.
     * Returns {rtpPort, rtcpPort}.
     */
    public int[] openUdpPair(int track) throws IOException {
        InetAddress local = localAddress();
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = 20000 + 2 * ThreadLocalRandom.current().nextInt(20000);
            DatagramChannel rtp = DatagramChannel.open();
            DatagramChannel rtcp = DatagramChannel.open();
            try {
                rtp.setOption(StandardSocketOptions.SO_RCVBUF, 2 * 1024 * 1024);
                rtp.bind(new InetSocketAddress(local, port));
                rtcp.bind(new InetSocketAddress(local, port + 1));
                rtp.configureBlocking(false);
                rtcp.configureBlocking(false);
                rtp.register(selector, SelectionKey.OP_READ, track << 1);
                rtcp.register(selector, SelectionKey.OP_READ, (track << 1) | 1);
                udp.add(rtp);
                udp.add(rtcp);
                return new int[] {port, port + 1};
            } catch (IOException e) {
                rtp.close();
                rtcp.close();
                last = e;
            }
        }
        throw new IOException("no free UDP port pair: " + (last == null ? "" : last.getMessage()));
    }

    /**
     * Sends one request and waits for its response (bounded by the response timeout). A 401
     * with a usable challenge is answered once with credentials. Media arriving meanwhile is
     * delivered.
     */
    public RtspResponse request(String method, String uri, RtspHeaders headers)
            throws IOException, RtspProtocolException {
        RtspResponse r = send(method, uri, headers);
        if (r.status() == RtspResponse.UNAUTHORIZED && !auth.isActive()
                && auth.onChallenge(r.headers().all("WWW-Authenticate"))) {
            r = send(method, uri, headers);
        } else if (r.status() == RtspResponse.UNAUTHORIZED && auth.isActive()
                && isStale(r.headers().all("WWW-Authenticate")) && auth.onChallenge(r.headers().all("WWW-Authenticate"))) {
            // RFC 7616 §3.3: stale=true means a new nonce, not wrong credentials.
            r = send(method, uri, headers);
        }
        return r;
    }

    private static boolean isStale(List<String> challenges) {
        for (String c : challenges) {
            if (c.toLowerCase(java.util.Locale.ROOT).contains("stale=true")) {
                return true;
            }
        }
        return false;
    }

    private RtspResponse send(String method, String uri, RtspHeaders extra) throws IOException, RtspProtocolException {
        RtspHeaders h = new RtspHeaders();
        if (session != null) {
            h.add("Session", session);
        }
        String authorization = auth.authorization(method, uri);
        if (authorization != null) {
            h.add("Authorization", authorization);
        }
        if (extra != null) {
            h.addAll(extra);
        }
        int mine = cseq++;
        write(new RtspRequest(method, uri, mine, h).toBytes());
        awaited = null;
        awaitedCseq = mine;
        long deadline = System.nanoTime() + responseTimeoutMillis * 1_000_000L;
        while (awaited == null) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                awaitedCseq = -1;
                throw new SocketTimeoutException("no response to " + method + " within " + responseTimeoutMillis + " ms");
            }
            pump(left);
        }
        RtspResponse r = awaited;
        awaited = null;
        awaitedCseq = -1;
        return r;
    }

    /** Sends a request without waiting for its response (keep-alive); the response is skipped. */
    public void sendWithoutWaiting(String method, String uri) throws IOException {
        RtspHeaders h = new RtspHeaders();
        if (session != null) {
            h.add("Session", session);
        }
        String authorization = auth.authorization(method, uri);
        if (authorization != null) {
            h.add("Authorization", authorization);
        }
        write(new RtspRequest(method, uri, cseq++, h).toBytes());
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + responseTimeoutMillis * 1_000_000L;
        while (b.hasRemaining()) {
            if (control.write(b) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("the camera does not read its connection");
                }
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    /**
     * Waits up to {@code maxWaitMillis} for bytes on any channel and handles what arrived:
     * media to the handler, responses to the pending request, server requests answered.
     * Throws when the camera closed the connection or broke the protocol.
     */
    public void pump(long maxWaitMillis) throws IOException, RtspProtocolException {
        if (closed) {
            throw new IOException("closed");
        }
        selector.select(Math.max(1, maxWaitMillis));
        var keys = selector.selectedKeys();
        for (SelectionKey key : keys) {
            if (!key.isValid()) {
                continue;
            }
            if (key == controlKey) {
                if (key.isReadable()) {
                    readControl();
                }
            } else if (key.isReadable()) {
                readUdp((DatagramChannel) key.channel(), (Integer) key.attachment());
            }
        }
        keys.clear();
    }

    private void readControl() throws IOException, RtspProtocolException {
        for (int i = 0; i < 64; i++) {
            ByteBuffer into = parser.writable();
            if (!into.hasRemaining()) {
                throw new RtspProtocolException("an RTSP message does not fit the receive buffer");
            }
            int n = control.read(into);
            if (n < 0) {
                throw new EOFException("the camera closed the RTSP connection");
            }
            if (n == 0) {
                return;
            }
            bytesReceived += n;
            parser.written(n);
            while (parser.next(handler)) {
                // one item handled per call
            }
        }
    }

    private void readUdp(DatagramChannel ch, int route) throws IOException {
        for (int i = 0; i < 64; i++) {
            datagram.clear();
            if (ch.receive(datagram) == null) {
                return;
            }
            bytesReceived += datagram.position();
            deliver(route, datagram.array(), 0, datagram.position());
        }
    }

    private void deliver(int route, byte[] b, int off, int len) {
        MediaHandler h = media;
        if (h == null || route < 0) {
            return;
        }
        if ((route & 1) == 0) {
            h.onRtp(route >> 1, b, off, len);
        } else {
            h.onRtcp(route >> 1, b, off, len);
        }
    }

    private final RtspStreamParser.Handler handler = new RtspStreamParser.Handler() {
        @Override
        public void onFrame(int channel, byte[] buf, int off, int len) {
            deliver(channels[channel], buf, off, len);
        }

        @Override
        public void onMessage(RtspResponse message) {
            if (message.isRequest()) {
                answerServer(message);
            } else if (message.cseq() == awaitedCseq || (awaitedCseq >= 0 && message.cseq() < 0)) {
                awaited = message;
            }
            // Responses to keep-alives sent without waiting are dropped here.
        }
    };

    /** RFC 2326 §10: a server may ask too (OPTIONS, GET_PARAMETER as keep-alive probes). */
    private void answerServer(RtspResponse request) {
        String method = request.requestMethod();
        boolean known = method.equals("OPTIONS") || method.equals("GET_PARAMETER") || method.equals("SET_PARAMETER");
        String reply = "RTSP/1.0 " + (known ? "200 OK" : "501 Not Implemented") + "\r\nCSeq: "
                + request.cseq() + "\r\n" + (session == null ? "" : "Session: " + session + "\r\n") + "\r\n";
        try {
            write(reply.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the next read notices a dead connection
        }
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** Cuts a {@link #pump} or {@link #request} wait short (any thread). */
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        closed = true;
        for (DatagramChannel ch : udp) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            control.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
