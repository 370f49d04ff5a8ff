package io.familymeeting.media.core.transport;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.dtls.DatagramSender;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.dtls.DtlsFingerprint;
import io.familymeeting.media.core.dtls.DtlsListener;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.dtls.DtlsTransport;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.ice.IceCandidateInfo;
import io.familymeeting.media.core.ice.IceState;
import io.familymeeting.media.core.ice.IceStateListener;
import io.familymeeting.media.core.ice.IceTransport;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.ice.PacketHandler;
import io.familymeeting.media.core.bwe.SendSideEstimator;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.send.QueuedSender;
import io.familymeeting.media.core.send.SendQueue;
import io.familymeeting.media.core.srtp.SrtpSession;
import io.familymeeting.media.core.srtp.SrtpStatus;
import io.familymeeting.media.core.util.PacketDemux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One participant's WebRTC transport on the shared media port, as mediasoup's
 * {@code WebRtcTransport} or Jitsi's {@code Transceiver}: ICE, DTLS-SRTP and RTCP, between the
 * socket and the participant's tracks ({@link TransportOwner}).
 *
 * <p>Receive path, on the media port's forwarding thread this transport was given ({@link #onPacket}):
 * <ol>
 *   <li>demultiplex by the first byte (RFC 7983, {@link PacketDemux}): DTLS to the handshake,
 *       RTP/RTCP on, anything else dropped;</li>
 *   <li>SRTCP: unprotect, then {@link RtcpReceiver} (viewer feedback to its consumers, reports);</li>
 *   <li>SRTP: unprotect, note the transport-wide sequence number ({@link RtcpSender}), hand the
 *       packet to the owner's producers.</li>
 * </ol>
 * Send path, on whichever thread forwards ({@link #sendRtp}, {@link #sendRtcp}):
 * <ol>
 *   <li>with a send queue ({@code EXPERIMENT_RTP_SEP_RW}), copy the packet into it; the queue's
 *       send thread comes back through {@link #sendQueued};</li>
 *   <li>protect (SRTP / SRTCP) in place under the send lock, then transmit on ICE's selected pair.</li>
 * </ol>
 * Garbage, forged, undecryptable, replayed, malformed and unroutable packets are counted by
 * cause ({@link #drops()}) and dropped; none of them fails the transport (DTLS records that
 * cannot be genuine are refused before BouncyCastle, see {@code DtlsRecordFilter}). Nothing
 * thrown on a packet leaves this class. Nothing on either path allocates.
 *
 * <p>It knows no room, no signaling and no participant state: it reports up through its
 * {@link TransportOwner} (secure, failed, RTP for the producers, keyframe requested) and
 * reads the owner's producers and consumers for RTCP.
 */
public final class WebRtcTransport implements MediaSender, QueuedSender {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());
    /**
     * The SFU's canonical name (RFC 3550 §6.5.1): in answers' {@code a=ssrc ... cname:} and in
     * the SDES of every RTCP compound the SFU sends.
     */
    public static final String CNAME = "family-meeting-sfu";
    /** Room for the goodbye compound (RR, SDES, BYE of 31 SSRCs) and its SRTCP trailer. */
    private static final int GOODBYE_BYTES = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IceTransport ice;
    private final DtlsCertificate certificate;
    private final TransportContext context;
    private final ParticipantRole role;
    private final Events events = new Events();
    private final PacketHandler receiver = this::onPacket;
    /** Null: {@link #sendRtp} / {@link #sendRtcp} protect and send on the calling thread. */
    private final SendQueue sendQueue;
    private final Object sendLock = new Object();
    private final RtpPacket rtpView = new RtpPacket();
    /** The send path's view (under {@link #sendLock}), to stamp transport-wide sequence numbers. */
    private final RtpPacket sendView = new RtpPacket();
    /** The bandwidth towards the peer, from its transport-cc feedback about what we send. */
    private final SendSideEstimator bwe = new SendSideEstimator();
    /**
     * The peer's id of the transport-cc header extension on what we send (from the consumers'
     * slots, looked up on the timer thread); 0 when it negotiated none: nothing is stamped.
     */
    private volatile int transportCcSendId;
    private final DropCounters drops = new DropCounters();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DtlsTransport dtls;
    private volatile TransportOwner owner;
    private volatile RtcpReceiver rtcpIn;
    private volatile RtcpSender rtcpOut;
    private volatile SrtpSession srtp;

    private WebRtcTransport(MediaPort port, IceTransportConfig iceConfig, DtlsCertificate certificate,
                            TransportContext context, ParticipantRole role) throws IOException {
        this.certificate = certificate;
        this.context = context;
        this.role = role;
        this.sendQueue = context.assignSendQueue();
        this.ice = IceTransport.open(port, iceConfig, events);
    }

    /**
     * Opens the ICE side on the shared media port: its credentials and candidates go into the
     * answer ({@link #ice()}). Then {@link #prepareDtls} once the answer fixed the DTLS role,
     * {@link #attach} once the owner exists, and {@link #connect}.
     */
    public static WebRtcTransport open(MediaPort port, IceTransportConfig iceConfig, DtlsCertificate certificate,
                                       TransportContext context, ParticipantRole role) throws IOException {
        return new WebRtcTransport(port, iceConfig, certificate, context, role);
    }

    /** The ICE side, for signaling: local credentials and candidates, trickled remote candidates. */
    public IceTransport ice() {
        return ice;
    }

    /** Prepares the DTLS handshake (RFC 5763): our role from the answer, the peer's certificate fingerprints. */
    public void prepareDtls(DtlsRole dtlsRole, List<DtlsFingerprint> remoteFingerprints) {
        dtls = new DtlsTransport(dtlsRole, certificate, remoteFingerprints, events, context.executor(), events);
    }

    /**
     * Makes {@code owner} the participant this transport works for: its producers get their
     * feedback from {@link #feedback}, its consumers send through this transport. Once, before
     * {@link #connect}.
     */
    public void attach(TransportOwner owner) {
        if (this.owner != null) {
            throw new IllegalStateException("already attached");
        }
        // RFC 3550 §8.1: a random SSRC for the RTCP we originate towards this participant.
        long localSsrc = RANDOM.nextInt() & 0xFFFFFFFFL;
        this.rtcpIn = new RtcpReceiver(owner, bwe);
        this.rtcpOut = new RtcpSender(owner, this, role, localSsrc);
        this.owner = owner;
    }

    /**
     * Starts ICE checks towards the peer: when ICE connects the transport reads the peer's
     * packets and starts DTLS; when DTLS is up, media flows ({@link TransportOwner#onSecure}).
     */
    public void connect(String remoteUfrag, String remotePassword, List<IceCandidateInfo> remoteCandidates) {
        if (dtls == null || owner == null) {
            throw new IllegalStateException("prepareDtls and attach first");
        }
        ice.setRemote(remoteUfrag, remotePassword, remoteCandidates);
    }

    /** Builds and sends the PLIs and NACKs the owner's producers ask for (after {@link #attach}). */
    public FeedbackSender feedback() {
        RtcpSender out = rtcpOut;
        if (out == null) {
            throw new IllegalStateException("attach first");
        }
        return out;
    }

    /** DTLS is up: SRTP keys are known. */
    public boolean isSecure() {
        return srtp != null;
    }

    // --- Receive path -------------------------------------------------------------------------

    /** Every non-STUN datagram from the peer's selected address (forwarding thread), stage by stage. */
    void onPacket(byte[] buf, int off, int len) {
        try {
            if (PacketDemux.isDtls(buf, off, len)) {
                dtls.receive(buf, off, len);
            } else if (!PacketDemux.isRtpOrRtcp(buf, off, len)) {
                drops.add(DropCounters.Cause.GARBAGE);
            } else if (PacketDemux.isRtcp(buf, off, len)) {
                onSrtcp(buf, off, len);
            } else {
                onSrtp(buf, off, len);
            }
        } catch (RuntimeException e) {
            // A packet must never take the receive loop down: count it, log it once in a while.
            drops.add(DropCounters.Cause.GARBAGE);
            LOG.log(Level.FINE, "dropped a packet", e);
        }
    }

    private void onSrtcp(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        int n = s == null ? SrtpStatus.MALFORMED : s.unprotectRtcp(buf, off, len);
        if (n <= 0) {
            drops.addUnprotectFailure(true, n);
            return;
        }
        if (!rtcpIn.onRtcp(buf, off, n, context.nowMillis())) {
            drops.add(DropCounters.Cause.RTCP_MALFORMED);
        }
    }

    private void onSrtp(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        int n = s == null ? SrtpStatus.MALFORMED : s.unprotectRtp(buf, off, len);
        if (n <= 0) {
            drops.addUnprotectFailure(false, n);
            return;
        }
        if (role != ParticipantRole.PRESENTER) {
            drops.add(DropCounters.Cause.UNROUTABLE);
            return;
        }
        if (!rtpView.wrap(buf, off, n)) {
            drops.add(DropCounters.Cause.SRTP_INVALID);
            return;
        }
        long now = context.nowMillis();
        rtcpOut.onMediaPacket(rtpView, now);
        if (!owner.onRtp(rtpView, now)) {
            drops.add(DropCounters.Cause.UNROUTABLE);
        }
    }

    // --- Send path ----------------------------------------------------------------------------

    /** True when the packet was sent, or queued for the send thread. */
    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(false, buf, off, len);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(true, buf, off, len);
    }

    private boolean send(boolean rtcp, byte[] buf, int off, int len) {
        if (srtp == null) {
            return false;
        }
        SendQueue q = sendQueue;
        return q != null ? q.offer(this, rtcp, buf, off, len) : protectAndTransmit(rtcp, buf, off, len);
    }

    /** The send thread of this transport's queue, with a packet {@link #send} queued. */
    @Override
    public boolean sendQueued(boolean rtcp, byte[] buf, int off, int len) {
        return protectAndTransmit(rtcp, buf, off, len);
    }

    private boolean protectAndTransmit(boolean rtcp, byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null) {
            return false;
        }
        synchronized (sendLock) {
            if (!rtcp) {
                stampTransportSequence(buf, off, len);
            }
            int n = rtcp ? s.protectRtcp(buf, off, len) : s.protectRtp(buf, off, len);
            return n > 0 && transmit(buf, off, n);
        }
    }

    /**
     * Writes this transport's next transport-wide sequence number into the packet's transport-cc
     * extension (the consumer mapped the publisher's element to the peer's id) and remembers
     * when it went out (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). Under the send lock,
     * so numbers follow the order packets leave in.
     */
    private void stampTransportSequence(byte[] buf, int off, int len) {
        int id = transportCcSendId;
        if (id <= 0 || !sendView.wrap(buf, off, len)) {
            return;
        }
        int at = sendView.findExtension(id);
        if (at < 0 || sendView.extensionLength(id) < 2) {
            return;
        }
        int seq = bwe.onPacketSent(len, System.nanoTime() / 1000);
        buf[at] = (byte) (seq >> 8);
        buf[at + 1] = (byte) seq;
    }

    private boolean transmit(byte[] buf, int off, int len) {
        try {
            return ice.send(buf, off, len);
        } catch (IOException e) {
            drops.add(DropCounters.Cause.OVERFLOW);
            return false;
        }
    }

    // --- Timer, close, stats ------------------------------------------------------------------

    /** The RTCP the SFU sends on its own (timer thread, while connected). */
    public void onTimer(long nowMillis) {
        TransportOwner o = owner;
        if (o != null) {
            transportCcSendId = transportCcSendId(o.consumers());
        }
        RtcpSender out = rtcpOut;
        if (out != null) {
            out.onTimer(nowMillis);
        }
    }

    /**
     * Says goodbye (RTCP BYE, RFC 3550 §6.6) when secure, closes DTLS (close_notify), ICE and
     * SRTP. Idempotent; called by the owner when it leaves or fails.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sendGoodbye();
        DtlsTransport d = dtls;
        if (d != null) {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing DTLS", e);
            }
        }
        ice.close();
        SrtpSession s = srtp;
        srtp = null;
        if (s != null) {
            s.close();
        }
    }

    /** Sent on the closing thread, past the send queue: the queue may not be drained before SRTP closes. */
    private void sendGoodbye() {
        RtcpSender out = rtcpOut;
        if (out == null || srtp == null) {
            return;
        }
        byte[] buf = new byte[GOODBYE_BYTES];
        int n = out.writeGoodbye(buf);
        if (n > 0) {
            protectAndTransmit(true, buf, 0, n);
        }
    }

    /**
     * Packets of this transport that were not used: garbage, forged, undecryptable or
     * unroutable ones, DTLS datagrams refused, datagrams a full queue dropped ({@code drops().total()}).
     */
    public long droppedPackets() {
        return drops().total();
    }

    /** What this transport refused, by cause, since it opened. */
    public DropCounts drops() {
        DtlsTransport d = dtls;
        return drops.snapshot(d == null ? 0 : d.rejectedDatagrams(), d == null ? 0 : d.droppedDatagrams(),
                ice.stunRejected(), ice.droppedPackets(), ice.candidatesIgnored());
    }

    /** The peer's transport-cc id in the first consumer's slot that has one; 0 when none has. */
    private static int transportCcSendId(List<Consumer> consumers) {
        for (int i = 0; i < consumers.size(); i++) {
            Integer id = consumers.get(i).slot().extensionIds().get(HeaderExtensions.TRANSPORT_WIDE_CC);
            if (id != null && id > 0) {
                return id;
            }
        }
        return 0;
    }

    /**
     * The bandwidth towards the peer estimated from its transport-cc feedback, in bits per
     * second; -1 before any (a presenter that receives nothing, a peer that sends no feedback).
     */
    public long estimatedSendBps() {
        return bwe.estimateBps();
    }

    /** The loss towards the peer its transport-cc feedback reported over the last loss window (0..1). */
    public double sendLossFraction() {
        return bwe.lossFraction();
    }

    /** The round-trip time from the peer's last receiver report, or -1 before one. */
    public double rttMillis() {
        RtcpReceiver in = rtcpIn;
        return in == null ? -1 : in.rttMillis();
    }

    public String iceState() {
        return ice.state().name();
    }

    public Optional<String> selectedPair() {
        return ice.selectedPair();
    }

    // --- ICE and DTLS events ------------------------------------------------------------------

    /** ICE connected: if the owner accepts the peer's address, read its packets and start the DTLS handshake (once). */
    private void onIceConnected() {
        if (closed.get() || owner == null || !receiving.compareAndSet(false, true)) {
            return;
        }
        InetSocketAddress remote = ice.remoteAddress().orElse(null);
        if (remote != null && !owner.onIceConnected(remote)) {
            return;
        }
        ice.startReceiving(receiver);
        dtls.start();
    }

    private void onDtlsConnected(SrtpSession session) {
        srtp = session;
        if (closed.get()) {
            // close() ran meanwhile and may not have seen the session.
            srtp = null;
            session.close();
            return;
        }
        owner.onSecure();
    }

    private void fail(String reason) {
        TransportOwner o = owner;
        if (o != null) {
            o.onFailed(reason);
        }
    }

    /** ICE's and DTLS's callbacks, and DTLS's way out (on ICE's selected pair). */
    private final class Events implements IceStateListener, DtlsListener, DatagramSender {
        @Override
        public void onStateChanged(IceTransport transport, IceState oldState, IceState newState) {
            if (newState.isConnected()) {
                onIceConnected();
            } else if (newState == IceState.FAILED) {
                fail("ICE: " + (oldState.isConnected() ? "consent expired" : "no connectivity"));
            }
        }

        @Override
        public void onConnected(SrtpSession session) {
            onDtlsConnected(session);
        }

        @Override
        public void onFailed(String reason) {
            fail("DTLS: " + reason);
        }

        @Override
        public void onClosed() {
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            try {
                ice.send(buf, off, len);
            } catch (IOException e) {
                LOG.log(Level.FINE, "DTLS send failed", e);
            }
        }
    }
}
