package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpMasterKeys;
import io.familymeeting.media.core.srtp.SrtpProfile;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * DTLS 1.2 for one participant (RFC 6347), used only to key SRTP (DTLS-SRTP, RFC 5763 / 5764):
 * it runs BouncyCastle's handshake in either role, checks the peer certificate against the
 * fingerprints from the peer's SDP, negotiates use_srtp and hands an {@link SrtpSession} to the
 * {@link DtlsListener}.
 *
 * <p>It owns no socket and no thread. The engine's receive thread passes every datagram whose
 * first byte is 20..63 (RFC 7983 §7) to {@link #receive}; outgoing datagrams go to the
 * {@link DatagramSender}. BouncyCastle's handshake is blocking, so it runs as one task on the
 * {@link Executor} given to the constructor (container-managed threads) and reads from a bounded
 * queue filled by {@code receive}; flight retransmission (RFC 6347 §4.2.4) and the overall
 * handshake timeout come from BouncyCastle. The task ends with the handshake: afterwards the
 * few DTLS records that still arrive (the peer's retransmitted last flight, which we answer,
 * close_notify, alerts, application data such as SCTP for data channels, which is ignored) are
 * processed synchronously inside {@code receive}, without blocking.
 *
 * <p>Every datagram first passes {@link DtlsRecordFilter}: records that cannot be genuine at this
 * stage of the association (truncated, foreign content type, version or epoch, a length the
 * negotiated cipher cannot produce, epoch-0 alerts after the handshake) are dropped and counted
 * ({@link #rejectedDatagrams()}), so no unauthenticated datagram can make BouncyCastle fail the
 * association or send a fatal alert. What passes and still fails its MAC is dropped silently by
 * BouncyCastle (RFC 6347 §4.1.2.7).
 *
 * <p>The {@link SrtpSession} handed to {@link DtlsListener#onConnected} belongs to the caller, which
 * closes it when it drops the participant; closing or failing this transport does not close it.
 *
 * <p>Not done: data channels (SCTP over DTLS), renegotiation, DTLS 1.3, session resumption,
 * HelloVerifyRequest cookies (ICE connectivity checks already proved the peer's address).
 */
public final class DtlsTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DtlsTransport.class.getName());

    /** BouncyCastle's wait for one post-handshake read; never reached (reads do not block then). */
    private static final int DRAIN_WAIT_MILLIS = 1;

    private final DtlsRole role;
    private final DtlsListener listener;
    private final Executor executor;
    private final DtlsSrtpHandshake handshake;
    private final QueueDatagramTransport transport;

    /** Guards state changes. May be taken while holding drainLock, never the other way round. */
    private final Object lock = new Object();
    /** Serializes post-handshake use of BouncyCastle's DTLSTransport (reads, close). */
    private final Object drainLock = new Object();
    private volatile DtlsState state = DtlsState.NEW;
    private volatile DTLSTransport dtls;
    private volatile SrtpSession session;
    /** Target of post-handshake reads (application data is read and ignored). */
    private final byte[] applicationBuffer = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
    private boolean closedNotified;

    /** What {@link DtlsRecordFilter} checks records against during the handshake (receive thread). */
    private volatile DtlsRecordRules handshakeRules = DtlsRecordRules.handshake(RecordProtection.UNKNOWN);
    /** ... and once connected (set once, by the handshake task); null before. */
    private volatile DtlsRecordRules connectedRules;

    private final AtomicLong droppedDatagrams = new AtomicLong();
    private final AtomicLong rejectedDatagrams = new AtomicLong();
    /** Rejections by {@link DtlsRecordFilter.Verdict} ordinal. */
    private final AtomicLongArray rejectedByVerdict = new AtomicLongArray(DtlsRecordFilter.Verdict.values().length);
    private final AtomicLong ignoredApplicationRecords = new AtomicLong();

    /**
     * @param role               from our answer's a=setup (passive: server, active: client)
     * @param certificate        the engine's certificate (its fingerprint is in our answer)
     * @param remoteFingerprints the fingerprints from the peer's SDP; the peer's certificate must match one
     * @param sender             where outgoing datagrams go
     * @param executor           runs the blocking handshake (one task per transport)
     * @param listener           receives connected / failed / closed
     */
    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
                         DatagramSender sender, Executor executor, DtlsListener listener, DtlsOptions options) {
        this.role = Objects.requireNonNull(role, "role");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(options, "options");
        if (remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("the peer's SDP must give at least one fingerprint");
        }
        this.handshake = new DtlsSrtpHandshake(new BcTlsCrypto(new SecureRandom()), certificate,
                remoteFingerprints, options);
        this.transport = new QueueDatagramTransport(sender, options.mtu(), options.queueCapacity(),
                this::onTransportClosed);
    }

    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
                         DatagramSender sender, Executor executor, DtlsListener listener) {
        this(role, certificate, remoteFingerprints, sender, executor, listener, DtlsOptions.defaults());
    }

    /** Starts the handshake on the executor. A server waits for the ClientHello; a client sends it. */
    public void start() {
        synchronized (lock) {
            if (state != DtlsState.NEW) {
                throw new IllegalStateException("already started: " + state);
            }
            state = DtlsState.CONNECTING;
        }
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            failHandshake("executor rejected the DTLS handshake task");
        }
    }

    /**
     * Hands one received DTLS datagram (first byte 20..63) to this transport. Never throws and
     * never blocks: a datagram {@link DtlsRecordFilter} refuses is counted and dropped; before /
     * during the handshake the others are queued for the handshake task (dropped if the queue is
     * full); once connected they are processed right here; otherwise dropped. The bytes are
     * copied; the caller may reuse the buffer on return.
     */
    public void receive(byte[] buf, int off, int len) {
        try {
            DtlsRecordFilter.Verdict verdict = DtlsRecordFilter.check(buf, off, len, currentRules());
            if (verdict != DtlsRecordFilter.Verdict.ACCEPT) {
                rejectedDatagrams.incrementAndGet();
                rejectedByVerdict.incrementAndGet(verdict.ordinal());
                return;
            }
            switch (state) {
                case NEW, CONNECTING -> {
                    if (!transport.offer(buf, off, len)) {
                        droppedDatagrams.incrementAndGet();
                    }
                }
                case CONNECTED -> {
                    if (transport.offer(buf, off, len)) {
                        drain();
                    } else {
                        droppedDatagrams.incrementAndGet();
                    }
                }
                default -> droppedDatagrams.incrementAndGet();
            }
        } catch (RuntimeException e) {
            droppedDatagrams.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "dropped a DTLS datagram", e);
        }
    }

    /**
     * Sends close_notify if connected, stops a running handshake (its task ends promptly) and
     * reports {@link DtlsListener#onClosed()} once. Idempotent; does not wait for the task.
     */
    @Override
    public void close() {
        DtlsState previous;
        synchronized (lock) {
            previous = state;
            if (previous == DtlsState.CLOSED || previous == DtlsState.FAILED) {
                transport.close();
                return;
            }
            state = DtlsState.CLOSED;
        }
        DTLSTransport established = dtls;
        if (established != null) {
            synchronized (drainLock) { // not while the receive thread is inside BouncyCastle
                try {
                    established.close(); // RFC 5246 §7.2.1: close_notify
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "close_notify not sent", e);
                }
            }
        }
        transport.close();
        notifyClosed();
    }

    public DtlsState state() {
        return state;
    }

    public DtlsRole role() {
        return role;
    }

    /** The negotiated SRTP profile, or null before the handshake completed. */
    public SrtpProfile selectedProfile() {
        SrtpSession s = session;
        return s == null ? null : s.profile();
    }

    /** The SRTP session handed to the listener, or null if not connected (yet). */
    public SrtpSession srtpSession() {
        return session;
    }

    /** Datagrams dropped although they could be genuine (queue full, closed or failed transport). */
    public long droppedDatagrams() {
        return droppedDatagrams.get();
    }

    /** Datagrams {@link DtlsRecordFilter} refused: they could not have come from the peer. */
    public long rejectedDatagrams() {
        return rejectedDatagrams.get();
    }

    /** Refused datagrams with this verdict. */
    public long rejectedDatagrams(DtlsRecordFilter.Verdict verdict) {
        return rejectedByVerdict.get(verdict.ordinal());
    }

    /** The rules records are checked against now (for tests and diagnostics). */
    public DtlsRecordRules recordRules() {
        return currentRules();
    }

    /** Handshake rules follow the suite once it is chosen; allocates only when it changes. */
    private DtlsRecordRules currentRules() {
        DtlsRecordRules connected = connectedRules;
        if (connected != null) {
            return connected;
        }
        DtlsRecordRules r = handshakeRules;
        RecordProtection p = handshake.protection();
        if (r.protection() != p) {
            r = DtlsRecordRules.handshake(p);
            handshakeRules = r;
        }
        return r;
    }

    /** Application-data records received after the handshake and ignored (e.g. SCTP). */
    public long ignoredApplicationRecords() {
        return ignoredApplicationRecords.get();
    }

    private void runHandshake() {
        DTLSTransport established;
        try {
            if (role == DtlsRole.SERVER) {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(false);
                established = protocol.accept(new DtlsSrtpServer(handshake), transport);
            } else {
                established = new DTLSClientProtocol().connect(new DtlsSrtpClient(handshake), transport);
            }
        } catch (Exception | LinkageError | AssertionError e) {
            failHandshake(describe(e));
            return;
        }

        SrtpSession srtp;
        byte[] material = handshake.keyingMaterial();
        try {
            SrtpMasterKeys keys = SrtpMasterKeys.fromKeyingMaterial(handshake.selectedProfile(), material,
                    role == DtlsRole.CLIENT);
            srtp = new SrtpSession(keys);
            keys.destroy();
        } catch (RuntimeException e) {
            closeQuietly(established);
            failHandshake("cannot set up SRTP: " + e);
            return;
        } finally {
            if (material != null) {
                Arrays.fill(material, (byte) 0);
            }
        }

        synchronized (lock) {
            if (state != DtlsState.CONNECTING) { // closed while the handshake finished
                srtp.close();
                closeQuietly(established);
                return;
            }
            dtls = established;
            session = srtp;
            transport.setNonBlocking();
            connectedRules = DtlsRecordRules.connected(handshake.protection(), role == DtlsRole.SERVER);
            state = DtlsState.CONNECTED;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "DTLS " + role + " connected, " + srtp.profile());
        try {
            listener.onConnected(srtp);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "DTLS listener failed in onConnected", e);
        }
        drain(); // records that arrived while we were switching over
    }

    /** Processes queued post-handshake datagrams on the calling thread until the queue is empty. */
    private void drain() {
        synchronized (drainLock) {
            DTLSTransport established = dtls;
            if (established == null || state != DtlsState.CONNECTED) {
                return;
            }
            try {
                for (;;) {
                    int n = established.receive(applicationBuffer, 0, applicationBuffer.length, DRAIN_WAIT_MILLIS);
                    if (n >= 0) {
                        ignoredApplicationRecords.incrementAndGet();
                    }
                }
            } catch (QueueDatagramTransport.NoMoreDatagrams e) {
                // queue empty: done
            } catch (IOException | RuntimeException e) {
                failConnected(describe(e));
            }
        }
    }

    /** BouncyCastle closed our transport: peer's close_notify, or a fatal alert either way. */
    private void onTransportClosed() {
        String alert = handshake.alertReason();
        synchronized (lock) {
            if (state != DtlsState.CONNECTED) {
                return; // handshake failures are reported by the handshake task; close() reports itself
            }
            state = alert == null ? DtlsState.CLOSED : DtlsState.FAILED;
        }
        if (alert == null) {
            notifyClosed();
        } else {
            notifyFailed(alert);
        }
    }

    private void failHandshake(String reason) {
        synchronized (lock) {
            if (state != DtlsState.CONNECTING) {
                return;
            }
            state = DtlsState.FAILED;
        }
        transport.close();
        notifyFailed(reason);
    }

    private void failConnected(String reason) {
        synchronized (lock) {
            if (state != DtlsState.CONNECTED) {
                return;
            }
            state = DtlsState.FAILED;
        }
        transport.close();
        notifyFailed(reason);
    }

    private void notifyFailed(String reason) {
        LOG.log(System.Logger.Level.DEBUG, () -> "DTLS " + role + " failed: " + reason);
        try {
            listener.onFailed(reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "DTLS listener failed in onFailed", e);
        }
    }

    private void notifyClosed() {
        synchronized (lock) {
            if (closedNotified) {
                return;
            }
            closedNotified = true;
        }
        try {
            listener.onClosed();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "DTLS listener failed in onClosed", e);
        }
    }

    private String describe(Throwable e) {
        String alert = handshake.alertReason();
        if (e instanceof TlsTimeoutException) {
            return "DTLS handshake timed out after " + handshake.handshakeTimeoutMillis() + " ms";
        }
        if (e instanceof TlsFatalAlertReceived) {
            return alert != null ? alert : "peer sent a fatal alert";
        }
        if (e instanceof TlsFatalAlert && e.getMessage() != null) {
            return e.getMessage();
        }
        if (alert != null) {
            return alert;
        }
        return e.toString();
    }

    private static void closeQuietly(DTLSTransport t) {
        try {
            t.close();
        } catch (IOException | RuntimeException e) {
            // already closing
        }
    }
}
