package io.familymeeting.loadtest.peer;

import io.familymeeting.loadtest.net.Endpoint;
import io.familymeeting.loadtest.net.Reactor;
import io.familymeeting.loadtest.net.Stun;
import io.familymeeting.media.core.dtls.DtlsFingerprint;
import io.familymeeting.media.core.dtls.DtlsListener;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.dtls.DtlsTransport;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.srtp.SrtpSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client's transport, as a browser's would be: one UDP socket, ICE (RFC 8445) either as the
 * controlling agent that sends checks with USE-CANDIDATE (we offered) or as an ICE-lite agent
 * that answers the server's checks (we answered), consent refreshes every
 * {@link #CONSENT_INTERVAL_NANOS} (RFC 7675), then DTLS-SRTP through media-core's
 * {@link DtlsTransport} (client, or server when the server's answer said {@code a=setup:active};
 * handshake on the shared pool, fed from the reactor), and then SRTP/SRTCP
 * with media-core's {@link SrtpSession}. Datagrams are told apart by their first byte
 * (RFC 7983 §7). Subclasses send and read media; everything but the handshake runs on its
 * {@link Reactor}'s thread. Not a general WebRTC stack: one candidate pair, no TURN, no
 * renegotiation.
 */
public abstract class Peer implements Endpoint {
    /** RFC 8445 §14.2: Ta; checks are repeated at this pace until one succeeds. */
    private static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    /** RFC 7675 §5.1: consent is refreshed about every 5 s; browsers use ~2.5 s randomised. */
    private static final long CONSENT_INTERVAL_NANOS = 2_000_000_000L;
    private static final String ICE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
    private static final ThreadLocal<Stun> STUN = ThreadLocal.withInitial(Stun::new);
    private static final SecureRandom RANDOM = new SecureRandom();

    protected final String id;
    protected final PeerContext context;
    private final Reactor reactor;
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final String ufrag = random(8);
    private final String pwd = random(24);
    private final long tieBreaker = RANDOM.nextLong();
    private final byte[] stunOut = new byte[512];
    private final byte[] transactionId = new byte[12];
    private final RtcpIterator rtcp = new RtcpIterator();
    private final byte[] out = new byte[1600];
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    /** When the server's description arrived: the connect timeout counts from here. */
    private volatile long startedNanos;

    private volatile RemoteDescription remote;
    private byte[] remotePwd;
    private boolean controlling;
    private volatile InetSocketAddress remoteAddress;
    private volatile DtlsTransport dtls;
    protected volatile SrtpSession srtp;
    private volatile String failure;
    private volatile long connectedNanos;
    private long nextCheckNanos;
    private boolean checkAnswered;
    private long sendDrops;

    protected Peer(String id, PeerContext context, Reactor reactor) {
        this.id = id;
        this.context = context;
        this.reactor = reactor;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
            channel.bind(new InetSocketAddress(context.localAddress(), 0));
            channel.configureBlocking(false);
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    public int localPort() {
        return local.getPort();
    }

    protected LocalDescriptions.LocalIce localIce() {
        return new LocalDescriptions.LocalIce(ufrag, pwd, context.certificate().fingerprint().toAttributeValue(), local);
    }

    /**
     * Takes the server's description and starts ICE: {@code controlling} when the client offered
     * (it checks the server's candidate), else it waits for the server's checks.
     */
    protected void start(RemoteDescription description, boolean controlling) {
        if (remote != null) {
            throw new IllegalStateException(id + ": already has the server's description");
        }
        this.remotePwd = description.pwd.getBytes(StandardCharsets.UTF_8);
        this.controlling = controlling;
        this.remoteAddress = controlling ? description.candidate : null;
        this.remote = description;
        this.startedNanos = System.nanoTime();
        reactor.add(this);
    }

    protected RemoteDescription remote() {
        return remote;
    }

    @Override
    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public void onDatagram(byte[] buf, int len, InetSocketAddress from, long nowNanos) {
        int first = buf[0] & 0xFF;
        if (first < 4) {
            onStun(buf, len, from);
        } else if (first >= 20 && first <= 63) {
            DtlsTransport d = dtls;
            if (d != null) {
                d.receive(buf, 0, len);
            }
        } else if (first >= 128 && first <= 191 && len >= 12 && srtp != null) {
            int pt = buf[1] & 0xFF;
            if (pt >= 192 && pt <= 223) { // RFC 5761 §4: RTCP packet types 200..206 (with the marker bit)
                onRtcp(buf, len, nowNanos);
            } else {
                onRtp(buf, len, nowNanos);
            }
        }
    }

    private void onStun(byte[] buf, int len, InetSocketAddress from) {
        if (!Stun.isStun(buf, len)) {
            return;
        }
        int type = Stun.type(buf);
        if (type == Stun.BINDING_REQUEST) {
            int n = STUN.get().success(stunOut, buf, from, pwd.getBytes(StandardCharsets.UTF_8));
            sendTo(stunOut, n, from);
            if (!controlling && remoteAddress == null) {
                // ICE-lite (RFC 8445 §2.5): the pair is the one the controlling server checks.
                remoteAddress = from;
                startDtls();
            }
        } else if (type == Stun.BINDING_SUCCESS && controlling) {
            if (!checkAnswered) {
                checkAnswered = true;
                startDtls();
            }
        }
    }

    private void startDtls() {
        List<DtlsFingerprint> fingerprints = remote.fingerprints.stream().map(DtlsFingerprint::parseAttributeValue).toList();
        // RFC 5763 §5: the answerer picks; our server answers passive (we are the client), an
        // answer of "active" (Janus may) makes us the server. Our own answers say active.
        DtlsRole role = "active".equalsIgnoreCase(remote.setup) && controlling ? DtlsRole.SERVER : DtlsRole.CLIENT;
        DtlsTransport d = new DtlsTransport(role, context.certificate(), fingerprints,
                (b, off, len) -> sendCopy(b, off, len), context.dtlsPool(), new DtlsListener() {
                    @Override
                    public void onConnected(SrtpSession session) {
                        connectedNanos = System.nanoTime();
                        srtp = session;
                    }

                    @Override
                    public void onFailed(String reason) {
                        fail("DTLS failed: " + reason);
                    }

                    @Override
                    public void onClosed() {
                        if (srtp == null) {
                            fail("DTLS closed before it connected");
                        }
                    }
                });
        dtls = d;
        d.start();
    }

    @Override
    public void tick(long nowNanos) {
        if (failure != null) {
            return;
        }
        if (srtp == null && nowNanos - startedNanos > context.connectTimeoutNanos()) {
            fail((checkAnswered || (!controlling && remoteAddress != null) ? "DTLS" : "ICE") + " not connected within "
                    + context.connectTimeoutNanos() / 1_000_000_000L + " s");
            return;
        }
        if (controlling && nowNanos - nextCheckNanos >= 0) {
            ThreadLocalRandom.current().nextBytes(transactionId);
            int n = STUN.get().request(stunOut, transactionId, remote.ufrag + ":" + ufrag, remotePwd, true, tieBreaker, true);
            sendTo(stunOut, n, remoteAddress);
            nextCheckNanos = nowNanos + (checkAnswered ? CONSENT_INTERVAL_NANOS : CHECK_INTERVAL_NANOS);
        }
        if (srtp != null) {
            onTick(nowNanos);
        }
    }

    @Override
    public long nextTickNanos() {
        if (srtp == null) {
            return controlling ? Math.min(nextCheckNanos, startedNanos + context.connectTimeoutNanos())
                    : startedNanos + context.connectTimeoutNanos();
        }
        return controlling ? Math.min(nextCheckNanos, nextMediaTickNanos()) : nextMediaTickNanos();
    }

    /** Encrypts the RTP packet in {@code out[0..len)} and sends it; false if it was not sent. */
    protected boolean sendRtp(byte[] packet, int len) {
        int n = srtp.protectRtp(packet, 0, len);
        return n > 0 && sendTo(packet, n, remoteAddress);
    }

    /** Encrypts the RTCP (compound) packet in {@code packet[0..len)} and sends it. */
    protected boolean sendRtcp(byte[] packet, int len) {
        int n = srtp.protectRtcp(packet, 0, len);
        return n > 0 && sendTo(packet, n, remoteAddress);
    }

    /** Reactor thread only: sends through the peer's one reusable buffer. */
    private boolean sendTo(byte[] b, int len, InetSocketAddress to) {
        if (to == null) {
            return false;
        }
        ByteBuffer buf = b == out ? outBuffer : ByteBuffer.wrap(b);
        buf.limit(len).position(0);
        try {
            if (channel.send(buf, to) == 0) {
                sendDrops++;
                return false;
            }
            return true;
        } catch (IOException e) {
            sendDrops++;
            return false;
        }
    }

    /** Any thread (the DTLS handshake's): copies, as {@link io.familymeeting.media.core.dtls.DatagramSender} asks. */
    private void sendCopy(byte[] b, int off, int len) {
        InetSocketAddress to = remoteAddress;
        if (to == null) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(b.clone(), off, len), to);
        } catch (IOException e) {
            // the peer retransmits its flight
        }
    }

    /**
     * Decrypts the SRTCP packet in place and returns an iterator over its RTCP packets (reactor
     * thread only; the same iterator each time), or null when it does not authenticate.
     */
    protected RtcpIterator decryptRtcp(byte[] buf, int len) {
        int n = srtp.unprotectRtcp(buf, 0, len);
        return n <= 0 ? null : rtcp.reset(buf, 0, n);
    }

    /** A reusable send buffer of this peer (reactor thread only). */
    protected byte[] sendBuffer() {
        return out;
    }

    @Override
    public void failed(Throwable t) {
        fail(t.toString());
    }

    public void fail(String reason) {
        if (failure == null) {
            failure = id + ": " + reason;
        }
    }

    public String failure() {
        return failure;
    }

    public boolean connected() {
        return srtp != null;
    }

    /** From the server's description to SRTP keys, or -1. */
    public long connectMillis() {
        long c = connectedNanos;
        return c == 0 ? -1 : (c - startedNanos) / 1_000_000;
    }

    public long sendDrops() {
        return sendDrops;
    }

    protected abstract void onRtp(byte[] buf, int len, long nowNanos);

    protected abstract void onRtcp(byte[] buf, int len, long nowNanos);

    /** Called on the reactor once connected, when {@link #nextMediaTickNanos()} is due. */
    protected abstract void onTick(long nowNanos);

    protected abstract long nextMediaTickNanos();

    /** Stops ICE, DTLS and the socket. */
    public void close() {
        reactor.remove(this);
        DtlsTransport d = dtls;
        if (d != null) {
            d.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
    }

    private static String random(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return s.toString();
    }
}
