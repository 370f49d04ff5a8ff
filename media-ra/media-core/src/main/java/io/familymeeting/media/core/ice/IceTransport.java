package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;

/**
 * One participant's ICE transport on the shared {@link MediaPort}: a full (not lite) ice4j
 * agent in the <em>controlled</em> role, since the server only answers offers (RFC 8445 §6.1.1:
 * the offerer's full agent controls). One stream, one component: BUNDLE and rtcp-mux.
 *
 * <p>Life cycle: {@link #open} harvests the local candidates from the port ({@link
 * #localCandidates()}, {@link #localUfrag()}, {@link #localPassword()} go into the answer);
 * {@link #setRemote} applies the offer's credentials and starts ICE; the browser's checks
 * arrive, our triggered checks answer them, the browser nominates; state becomes
 * {@link IceState#CONNECTED}. {@link #startReceiving} hands every non-STUN datagram to the
 * engine; {@link #send} sends on the selected pair. Consent (RFC 7675) is refreshed by ice4j's
 * checks and enforced here ({@link Consent}): expiry means {@link IceState#FAILED}.
 *
 * <p>About remote candidates: a socket of ice4j's single-port harvester exists for a remote
 * address only after that address sent us a STUN Binding request with our ufrag, so this agent
 * cannot send ordinary checks to candidates it has not heard from. Giving them to ice4j anyway
 * would only make those checks fail at once and start ice4j's 5-second check-list failure
 * timer before the browser has even received the answer. So remote candidates (from the offer
 * or trickled) are validated and kept for diagnostics, and connectivity is established with
 * triggered checks on the addresses the browser's checks come from (peer-reflexive when the
 * address is not in the offer), exactly as with Jitsi Videobridge. The connect timeout of
 * {@link IceTransportConfig} replaces ice4j's check-list timer. Candidates in networks the
 * port's {@link CandidateNetworks} refuses are ignored and counted
 * ({@link #candidatesIgnored()}); checks from such addresses never reach ice4j ({@link StunGate}).
 *
 * <p>It does not parse SDP, run DTLS or demultiplex DTLS from SRTP (RFC 7983).
 */
public final class IceTransport implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IceTransport.class.getName());
    /** Name of the single (bundled) ice4j stream. */
    private static final String STREAM = "bundle";
    /** RTP component: with rtcp-mux (RFC 5761) the only one (RFC 8445 §5.1.2.1). */
    private static final int COMPONENT_ID = 1;

    private final MediaPort port;
    private final IceTransportConfig config;
    private final IceStateListener listener;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final ReceivePump pump;
    private final List<IceCandidateInfo> localCandidates;
    private final PropertyChangeListener agentListener = this::onAgentStateChange;
    private final PropertyChangeListener pairListener = this::onPairChange;

    /** Guards state, remote description, timers; held while notifying the listener. */
    private final Object stateLock = new Object();
    private IceState state = IceState.NEW;
    private boolean remoteSet;
    private final List<IceCandidateInfo> remoteCandidates = new ArrayList<>();
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> consentTimer;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The local password as a STUN short-term key ({@link StunGate}). */
    private final byte[] stunKey;
    private final AtomicLong stunRejected = new AtomicLong();
    private final AtomicLong candidatesIgnored = new AtomicLong();
    private final AtomicInteger mappedRemoteAddresses = new AtomicInteger();

    /** Where {@link #send} goes: the selected pair's socket and remote address. */
    private volatile SendTarget sendTarget;
    private volatile long connectedAtMillis;
    private final Object sendLock = new Object();
    private final DatagramPacket sendPacket = new DatagramPacket(new byte[0], 0);

    private record SendTarget(CandidatePair pair, IceSocketWrapper socket, InetSocketAddress remote) {
    }

    private IceTransport(MediaPort port, IceTransportConfig config, IceStateListener listener)
            throws IOException {
        this.port = port;
        this.config = config;
        this.listener = listener;
        this.pump = new ReceivePump(config.receiveQueuePackets());
        this.agent = newAgentWithUniqueUfrag(port);
        this.stunKey = StunGate.key(agent.getLocalPassword());
        boolean ok = false;
        try {
            agent.setControlling(false);
            agent.setUseDynamicPorts(false);
            agent.setTrickling(false);
            agent.setPerformConsentFreshness(true);
            for (CandidateHarvester h : port.harvesters()) {
                agent.addCandidateHarvester(h);
            }
            for (CandidateHarvester h : port.mappingHarvesters()) {
                agent.addCandidateHarvester(h);
            }
            stream = agent.createMediaStream(STREAM);
            stream.addPairChangeListener(pairListener);
            // No merging component socket: data comes through the push API (ReceivePump).
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            component.setBufferCallback(pump);
            agent.addStateChangeListener(agentListener);
            localCandidates = describeLocal(component, port.hidesLocalAddresses());
            if (localCandidates.isEmpty()) {
                throw new IOException("no local candidate from media port " + port.localAddresses());
            }
            port.register(this);
            ok = true;
        } finally {
            if (!ok) {
                pump.close();
                agent.free();
                port.releaseUfrag(agent.getLocalUfrag());
            }
        }
    }

    /** An agent whose ufrag no live agent on {@code port} has, reserved before harvesting. */
    private static Agent newAgentWithUniqueUfrag(MediaPort port) throws IOException {
        for (int attempt = 0; attempt < 8; attempt++) {
            Agent candidate = new Agent();
            if (port.reserveUfrag(candidate.getLocalUfrag())) {
                return candidate;
            }
            candidate.free();
        }
        throw new IOException("could not draw a unique ICE ufrag");
    }

    /**
     * Creates the agent and gathers its candidates from {@code port} (no network traffic).
     *
     * @throws IOException if the port is closed or yields no candidate
     */
    public static IceTransport open(MediaPort port, IceTransportConfig config, IceStateListener listener)
            throws IOException {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (!port.isOpen()) {
            throw new IOException("media port is closed");
        }
        return new IceTransport(port, config, listener);
    }

    private static List<IceCandidateInfo> describeLocal(Component component, boolean hideHost) {
        List<IceCandidateInfo> result = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            IceCandidateType type = IceCandidateType.fromIce4j(c.getType());
            if (type == IceCandidateType.HOST && hideHost) {
                continue;
            }
            TransportAddress a = c.getTransportAddress();
            TransportAddress rel = c.getRelatedAddress();
            result.add(new IceCandidateInfo(c.getFoundation(), component.getComponentID(),
                    a.getTransport().toString(), c.getPriority(), literal(a.getAddress()), a.getPort(),
                    type, rel == null ? null : literal(rel.getAddress()), rel == null ? -1 : rel.getPort()));
        }
        return List.copyOf(result);
    }

    // ---------------------------------------------------------------- local description

    /** ice-ufrag for the answer (RFC 8839 §5.4). */
    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    /** ice-pwd for the answer (RFC 8839 §5.4). */
    public String localPassword() {
        return agent.getLocalPassword();
    }

    /** Every local candidate for the answer (host, and srflx for advertised addresses). */
    public List<IceCandidateInfo> localCandidates() {
        return localCandidates;
    }

    // ---------------------------------------------------------------- remote description

    /**
     * Applies the offer's ICE credentials and candidates and starts ICE processing.
     * Candidates that are not usable (not UDP, not component 1, mDNS names) are ignored.
     *
     * @throws IllegalStateException if called twice (ICE restart is not supported) or after
     *                               close / failure
     * @throws IllegalArgumentException if the credentials break RFC 8839 §5.4
     */
    public void setRemote(String ufrag, String password, List<IceCandidateInfo> candidates) {
        checkIceChars("ice-ufrag", ufrag, 4);
        checkIceChars("ice-pwd", password, 22);
        synchronized (stateLock) {
            if (state.isFinal()) {
                throw new IllegalStateException("transport is " + state);
            }
            if (remoteSet) {
                throw new IllegalStateException("remote description already set (ICE restart unsupported)");
            }
            remoteSet = true;
            stream.setRemoteUfrag(ufrag);
            stream.setRemotePassword(password);
            for (IceCandidateInfo c : candidates) {
                if (usable(c) && allowed(c)) {
                    remoteCandidates.add(c);
                }
            }
            connectTimer = port.timer().schedule(this::onConnectTimeout, config.connectTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        }
        agent.startConnectivityEstablishment();
    }

    /**
     * A trickled remote candidate. Returns whether it was accepted (UDP, component 1, an IP
     * literal in an allowed network) and the transport still open; see the class comment for how
     * it is used.
     */
    public boolean addRemoteCandidate(IceCandidateInfo candidate) {
        Objects.requireNonNull(candidate, "candidate");
        if (!usable(candidate) || !allowed(candidate)) {
            return false;
        }
        synchronized (stateLock) {
            if (state.isFinal()) {
                return false;
            }
            remoteCandidates.add(candidate);
            return true;
        }
    }

    /** Remote candidates accepted so far (offer and trickle). */
    public List<IceCandidateInfo> remoteCandidates() {
        synchronized (stateLock) {
            return List.copyOf(remoteCandidates);
        }
    }

    /** In a network the port allows; counted when not (an offer must not aim ICE at internal addresses). */
    private boolean allowed(IceCandidateInfo c) {
        if (port.candidateNetworks().allows(c.address())) {
            return true;
        }
        candidatesIgnored.incrementAndGet();
        LOG.fine(() -> "ICE transport " + localUfrag() + " ignores remote candidate " + c.address() + ":" + c.port()
                + " (" + port.candidateNetworks() + ")");
        return false;
    }

    private static boolean usable(IceCandidateInfo c) {
        return c.component() == COMPONENT_ID
                && Transport.UDP.toString().equals(c.transport().toLowerCase(Locale.ROOT))
                && IpLiteral.parse(c.address()) != null;
    }

    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/", 4 (ufrag) or 22 (pwd) to 256. */
    private static void checkIceChars(String what, String value, int min) {
        if (value == null || value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException(what + " must have " + min + " to 256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!ok) {
                throw new IllegalArgumentException(what + " has a character outside ice-char");
            }
        }
    }

    // ---------------------------------------------------------------- state

    public IceState state() {
        synchronized (stateLock) {
            return state;
        }
    }

    /** "local -> remote" of the selected pair, e.g. "127.0.0.1:10000 -> 127.0.0.1:54321". */
    public Optional<String> selectedPair() {
        SendTarget t = sendTarget;
        if (t == null) {
            return Optional.empty();
        }
        TransportAddress local = t.pair().getLocalCandidate().getTransportAddress();
        return Optional.of(format(local.getAddress(), local.getPort()) + " -> "
                + format(t.remote().getAddress(), t.remote().getPort()));
    }

    /** The selected pair's remote address, if connected. */
    public Optional<InetSocketAddress> remoteAddress() {
        SendTarget t = sendTarget;
        return t == null ? Optional.empty() : Optional.of(t.remote());
    }

    private void onAgentStateChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
            return;
        }
        IceProcessingState ice4jState = (IceProcessingState) event.getNewValue();
        IceState next = IceState.fromIce4j(ice4jState, state());
        if (next == IceState.CONNECTED) {
            onConnected();
        } else if (next == IceState.FAILED) {
            fail("ICE processing failed (no candidate pair succeeded)");
        } else if (next != null) {
            transition(next);
        }
    }

    private void onConnected() {
        if (closing.get()) {
            return;
        }
        CandidatePair selected = component.getSelectedPair();
        if (selected == null) {
            fail("ICE completed without a selected pair");
            return;
        }
        updateSendTarget(selected);
        connectedAtMillis = System.currentTimeMillis();
        synchronized (stateLock) {
            if (state.isFinal()) {
                return;
            }
            cancel(connectTimer);
            long period = Consent.pollPeriod(config.consentTimeoutMillis());
            consentTimer = port.timer().scheduleWithFixedDelay(this::checkConsent, period, period,
                    TimeUnit.MILLISECONDS);
        }
        transition(IceState.CONNECTED);
    }

    private void onPairChange(PropertyChangeEvent event) {
        if (!(event.getSource() instanceof CandidatePair pair)) {
            return;
        }
        if (IceMediaStream.PROPERTY_PAIR_STATE_CHANGED.equals(event.getPropertyName())
                && event.getNewValue() == CandidatePairState.SUCCEEDED) {
            pump.authorize(pair.getRemoteCandidate().getTransportAddress());
        } else if (IceMediaStream.PROPERTY_PAIR_NOMINATED.equals(event.getPropertyName())) {
            // The controlling peer may nominate another pair later: follow the selection.
            CandidatePair selected = component.getSelectedPair();
            if (selected != null && sendTarget != null) {
                updateSendTarget(selected);
            }
        }
    }

    private void updateSendTarget(CandidatePair selected) {
        TransportAddress remote = selected.getRemoteCandidate().getTransportAddress();
        IceSocketWrapper socket = selected.getIceSocketWrapper();
        if (socket == null) {
            LOG.warning(() -> "no socket for selected pair " + selected.toShortString());
            return;
        }
        sendTarget = new SendTarget(selected, socket,
                new InetSocketAddress(remote.getAddress(), remote.getPort()));
        pump.authorize(remote);
    }

    private void checkConsent() {
        SendTarget t = sendTarget;
        if (t == null || !state().isConnected()) {
            return;
        }
        CandidatePair selected = component.getSelectedPair();
        if (selected != null && selected != t.pair()) {
            // Re-nomination by the controlling peer: follow the newly selected pair.
            updateSendTarget(selected);
        }
        long lastResponse = selected == null ? -1 : selected.getConsentFreshness();
        if (Consent.expired(System.currentTimeMillis(), connectedAtMillis, lastResponse,
                config.consentTimeoutMillis())) {
            fail("consent expired: no answer to consent checks for "
                    + config.consentTimeoutMillis() + " ms (RFC 7675)");
        }
    }

    private void onConnectTimeout() {
        if (!state().isConnected() && !state().isFinal()) {
            fail("no candidate pair selected within " + config.connectTimeoutMillis() + " ms");
        }
    }

    private void fail(String reason) {
        synchronized (stateLock) {
            if (state.isFinal()) {
                return;
            }
            cancel(connectTimer);
            cancel(consentTimer);
        }
        // RFC 7675 §5.1: stop sending once consent is lost.
        sendTarget = null;
        LOG.info(() -> "ICE transport " + localUfrag() + " failed: " + reason);
        transition(IceState.FAILED);
    }

    private void transition(IceState next) {
        synchronized (stateLock) {
            IceState old = state;
            boolean allowed = old != IceState.CLOSED
                    && (old == IceState.FAILED ? next == IceState.CLOSED : next.ordinal() > old.ordinal());
            if (!allowed) {
                return;
            }
            state = next;
            try {
                listener.onStateChanged(this, old, next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ICE state listener failed", e);
            }
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---------------------------------------------------------------- data

    /**
     * Hands every non-STUN datagram of this participant to {@code handler}, in arrival order,
     * until {@link #close()}, on one of the port's forwarding threads ({@link ReceiveLoops}):
     * the handler must not block for long. Datagrams that arrived earlier (e.g. a DTLS
     * ClientHello right after the checks) are delivered first. A handler that throws an Error
     * stops this transport's receiving and fails it ({@link IceState#FAILED}); a
     * RuntimeException loses that packet only.
     *
     * @throws IllegalStateException if already started
     */
    public void startReceiving(PacketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        pump.start(handler, port.receiveLoops(), this::onReceiveFailure);
    }

    /** On the forwarding thread: the state change (and its listeners) run on the port's timer instead. */
    private void onReceiveFailure(Throwable cause) {
        try {
            port.timer().execute(() -> fail("the packet handler failed: " + cause));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.FINE, "port timer stopped; transport closing anyway", e);
        }
    }

    /**
     * Sends one datagram to the selected pair's remote address. Thread safe.
     *
     * @return false (packet not sent) when there is no selected pair or the transport failed
     *         or closed
     * @throws IOException if the socket refuses the datagram
     */
    public boolean send(byte[] buf, int off, int len) throws IOException {
        SendTarget t = sendTarget;
        if (t == null) {
            return false;
        }
        synchronized (sendLock) {
            sendPacket.setData(buf, off, len);
            sendPacket.setSocketAddress(t.remote());
            t.socket().send(sendPacket);
        }
        return true;
    }

    /** Datagrams handed to the packet handler. */
    public long receivedPackets() {
        return pump.receivedPackets();
    }

    /** Datagrams dropped (queue full, unauthorized source overflow, closed). */
    public long droppedPackets() {
        return pump.droppedPackets();
    }

    /** STUN checks naming this transport that {@link StunGate} refused (network, integrity, address limit). */
    public long stunRejected() {
        return stunRejected.get();
    }

    /** Remote candidates (offer or trickle) ignored because their network is not allowed. */
    public long candidatesIgnored() {
        return candidatesIgnored.get();
    }

    byte[] stunKey() {
        return stunKey;
    }

    void noteStunRejected() {
        stunRejected.incrementAndGet();
    }

    int mappedRemoteAddresses() {
        return mappedRemoteAddresses.get();
    }

    void remoteAddressMapped() {
        mappedRemoteAddresses.incrementAndGet();
    }

    /** Whether datagrams are being handed to the packet handler (started, not closed or failed). */
    public boolean isReceiving() {
        return pump.isRunning();
    }

    // ---------------------------------------------------------------- close

    /** Stops ICE, the timers and the receive task, and frees the agent's sockets. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        synchronized (stateLock) {
            cancel(connectTimer);
            cancel(consentTimer);
        }
        sendTarget = null;
        agent.removeStateChangeListener(agentListener);
        stream.removePairStateChangeListener(pairListener);
        pump.close();
        try {
            agent.free();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "freeing ICE agent failed", e);
        }
        port.releaseUfrag(agent.getLocalUfrag());
        port.unregister(this);
        transition(IceState.CLOSED);
    }

    @Override
    public String toString() {
        return "IceTransport[" + localUfrag() + ", " + state() + selectedPair().map(s -> ", " + s).orElse("") + "]";
    }

    private static String literal(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        return zone >= 0 ? s.substring(0, zone) : s;
    }

    private static String format(InetAddress a, int p) {
        String s = literal(a);
        return (a instanceof Inet6Address ? "[" + s + "]" : s) + ":" + p;
    }
}
