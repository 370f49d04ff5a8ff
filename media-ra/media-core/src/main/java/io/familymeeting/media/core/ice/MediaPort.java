package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.HostCandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;

/**
 * The one UDP port shared by every participant (ICE, DTLS, SRTP all arrive here), built on
 * ice4j's {@link SinglePortUdpHarvester}: one bound socket per local address, each read by one
 * ice4j thread that demultiplexes datagrams by remote address. A remote address is mapped to a
 * participant when its first STUN Binding request names that participant's local ufrag and
 * passes the port's {@link StunGate} (allowed network, valid MESSAGE-INTEGRITY).
 *
 * <p>It also owns the timer used by its transports (connect timeout, consent expiry) unless
 * one is supplied, and the forwarding threads ({@link ReceiveLoops}, {@link
 * MediaPortConfig#forwardingThreads()}) on which every transport's received datagrams are handled. {@link #close()} closes the transports still open, then the sockets: the
 * port is free again when it returns.
 *
 * <p>It does not run ICE itself ({@link IceTransport} does) and never resolves names.
 */
public final class MediaPort implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaPort.class.getName());

    private final MediaPortConfig config;
    private final List<SinglePortUdpHarvester> harvesters;
    /** The bound sockets inside the harvesters, taken at open. */
    private final List<java.net.DatagramSocket> sockets;
    private final List<StaticMappingCandidateHarvester> mappings;
    private final List<InetSocketAddress> localAddresses;
    private final int port;
    private final int receiveBufferSize;
    private final int sendBufferSize;
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;
    private final Set<IceTransport> transports = ConcurrentHashMap.newKeySet();
    /**
     * Local ufrags of live agents. The harvesters map an incoming check to its agent by the
     * ufrag alone, so two live agents must never share one (ice4j draws 24 random bits plus
     * the clock; a clash is unlikely but would misroute a participant).
     */
    private final Set<String> ufrags = ConcurrentHashMap.newKeySet();
    /** Admits STUN checks from addresses ice4j does not know yet; knows the live transports. */
    private final StunGate gate;
    private final ReceiveLoops receiveLoops;
    private volatile boolean closed;

    private MediaPort(MediaPortConfig config, List<SinglePortUdpHarvester> harvesters,
                      List<StaticMappingCandidateHarvester> mappings, int[] buffers,
                      ScheduledExecutorService timer, boolean ownsTimer, StunGate gate) {
        this.config = config;
        this.gate = gate;
        this.harvesters = List.copyOf(harvesters);
        List<java.net.DatagramSocket> found = new ArrayList<>();
        for (SinglePortUdpHarvester h : harvesters) {
            java.net.DatagramSocket socket = HarvesterSocket.socketOf(h);
            if (socket != null) {
                found.add(socket);
            }
        }
        this.sockets = List.copyOf(found);
        this.mappings = List.copyOf(mappings);
        List<InetSocketAddress> addrs = new ArrayList<>();
        for (SinglePortUdpHarvester h : harvesters) {
            addrs.add(new InetSocketAddress(h.getLocalAddress().getAddress(), h.getLocalAddress().getPort()));
        }
        this.localAddresses = List.copyOf(addrs);
        this.port = addrs.get(0).getPort();
        this.receiveBufferSize = buffers[0];
        this.sendBufferSize = buffers[1];
        this.timer = timer;
        this.ownsTimer = ownsTimer;
        this.receiveLoops = new ReceiveLoops(config.forwardingThreads());
    }

    /** Binds the port with a timer thread of its own (one daemon thread for all transports). */
    public static MediaPort open(MediaPortConfig config) throws IOException {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "media-port-ice-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        try {
            return open(config, timer, true);
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /** Binds the port; transports schedule their timers on {@code timer} (not shut down here). */
    public static MediaPort open(MediaPortConfig config, ScheduledExecutorService timer) throws IOException {
        return open(config, Objects.requireNonNull(timer, "timer"), false);
    }

    private static MediaPort open(MediaPortConfig config, ScheduledExecutorService timer,
                                  boolean ownsTimer) throws IOException {
        Objects.requireNonNull(config, "config");
        Ice4jSetup.ensureConfigured();
        InetAddress bindAddress = IpLiteral.parse(config.bindAddress());
        StunGate gate = new StunGate(CandidateNetworks.of(config.allowedCandidateNetworks(),
                config.blockPrivateCandidates(), bindAddress));
        List<InetAddress> addresses = bindAddresses(bindAddress);
        if (addresses.isEmpty()) {
            throw new IOException("no usable local address for " + config.bindAddress()
                    + " (wildcard binds skip loopback and link-local addresses)");
        }
        List<SinglePortUdpHarvester> bound = new ArrayList<>();
        int[] buffers = {-1, -1};
        try {
            int p = config.port();
            for (InetAddress address : addresses) {
                SinglePortUdpHarvester h = bind(address, p, gate);
                bound.add(h);
                // Port 0: the first socket picks the port, the others follow it.
                p = h.getLocalAddress().getPort();
                int[] granted = HarvesterSocket.applyBufferSizes(h, config.receiveBufferBytes(),
                        config.sendBufferBytes());
                if (buffers[0] == -1) {
                    buffers = granted;
                }
            }
            List<StaticMappingCandidateHarvester> mappings = mappings(config, bound);
            MediaPort mediaPort = new MediaPort(config, bound, mappings, buffers, timer, ownsTimer, gate);
            LOG.info(() -> "media port open on " + mediaPort.localAddresses + ", advertised "
                    + config.advertisedAddresses() + ", candidates " + gate.networks()
                    + ", SO_RCVBUF " + mediaPort.receiveBufferSize
                    + ", SO_SNDBUF " + mediaPort.sendBufferSize);
            return mediaPort;
        } catch (IOException | RuntimeException e) {
            bound.forEach(SinglePortUdpHarvester::close);
            throw e;
        }
    }

    private static SinglePortUdpHarvester bind(InetAddress address, int port, StunGate gate) throws IOException {
        try {
            return new GatedUdpHarvester(new TransportAddress(address, port, Transport.UDP), gate);
        } catch (IOException e) {
            BindException be = new BindException("cannot bind UDP " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage());
            be.initCause(e);
            throw be;
        }
    }

    private static List<InetAddress> bindAddresses(InetAddress bind) {
        if (!bind.isAnyLocalAddress()) {
            return List.of(bind);
        }
        // Like Jitsi Videobridge: every allowed address of every up, non-loopback interface.
        boolean ipv4Only = bind instanceof Inet4Address;
        List<InetAddress> result = new ArrayList<>();
        for (InetAddress a : HostCandidateHarvester.getAllAllowedAddresses()) {
            if (!a.isLinkLocalAddress() && (!ipv4Only || a instanceof Inet4Address)) {
                result.add(a);
            }
        }
        return result;
    }

    private static List<StaticMappingCandidateHarvester> mappings(MediaPortConfig config,
                                                                  List<SinglePortUdpHarvester> bound) {
        List<StaticMappingCandidateHarvester> result = new ArrayList<>();
        for (String text : config.advertisedAddresses()) {
            InetAddress pub = IpLiteral.parse(text);
            SinglePortUdpHarvester base = null;
            for (SinglePortUdpHarvester h : bound) {
                InetAddress local = h.getLocalAddress().getAddress();
                if ((local instanceof Inet4Address) == (pub instanceof Inet4Address)) {
                    base = h;
                    break;
                }
            }
            if (base == null) {
                throw new IllegalArgumentException("advertised address " + text
                        + " has no bound local address of the same IP family");
            }
            TransportAddress face = base.getLocalAddress();
            if (face.getAddress().equals(pub)) {
                continue; // already announced as the host candidate
            }
            TransportAddress mask = new TransportAddress(pub, face.getPort(), Transport.UDP);
            result.add(new StaticMappingCandidateHarvester(mask, face, "advertised " + text, false));
        }
        return result;
    }

    /** The UDP port (the same on every bound address). */
    public int port() {
        return port;
    }

    /** The bound local addresses, one per socket. */
    public List<InetSocketAddress> localAddresses() {
        return localAddresses;
    }

    /** SO_RCVBUF granted by the kernel for the first socket; -1 if unknown. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** SO_SNDBUF granted by the kernel for the first socket; -1 if unknown. */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    public MediaPortConfig config() {
        return config;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Number of transports created on this port and not closed yet. */
    public int openTransports() {
        return transports.size();
    }

    List<SinglePortUdpHarvester> harvesters() {
        return harvesters;
    }

    List<StaticMappingCandidateHarvester> mappingHarvesters() {
        return mappings;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ReceiveLoops receiveLoops() {
        return receiveLoops;
    }

    /** Forwarding threads of this port (fixed at open). */
    public int forwardingThreads() {
        return receiveLoops.threads();
    }

    /** True while every forwarding thread runs. */
    public boolean forwardingRunning() {
        return receiveLoops.allRunning();
    }

    /** Transports receiving on each forwarding thread now. */
    public int[] forwardingLoads() {
        return receiveLoops.loads();
    }

    boolean hidesLocalAddresses() {
        return !config.advertiseLocalAddresses() && !mappings.isEmpty();
    }

    /** Claims {@code ufrag} for a new agent; false if a live agent already uses it. */
    boolean reserveUfrag(String ufrag) {
        return ufrags.add(ufrag);
    }

    void releaseUfrag(String ufrag) {
        ufrags.remove(ufrag);
    }

    void register(IceTransport transport) throws IOException {
        transports.add(transport);
        if (closed) {
            transports.remove(transport);
            throw new IOException("media port is closed");
        }
        gate.register(transport);
    }

    void unregister(IceTransport transport) {
        gate.unregister(transport);
        transports.remove(transport);
    }

    /** Which remote addresses ICE may use (remote candidates, sources of new checks). */
    public CandidateNetworks candidateNetworks() {
        return gate.networks();
    }

    /**
     * STUN Binding requests from unknown addresses that were refused before ice4j saw them
     * ({@link StunGate}): outside the allowed networks, for no live transport, failing
     * MESSAGE-INTEGRITY, or past a transport's address limit.
     */
    public long stunRequestsRefused() {
        return gate.refused();
    }

    long stunRequestsRefused(StunGate.Refusal why) {
        return gate.refused(why);
    }

    /** Closes every transport still open, then the sockets. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (IceTransport t : List.copyOf(transports)) {
            try {
                t.close();
            } catch (Throwable e) {
                LOG.log(java.util.logging.Level.WARNING, "closing a transport failed: " + e, e);
            }
        }
        for (SinglePortUdpHarvester h : harvesters) {
            try {
                h.close();
            } catch (Throwable e) {
                // ice4j's close can fail late in an undeploy (a class it needs is no longer
                // loadable); the socket itself is closed below either way.
                LOG.log(java.util.logging.Level.WARNING, "ice4j harvester close failed: " + e, e);
            }
        }
        // ice4j's close may have failed part-way: close the sockets we saw at open (asking
        // its pool again after close would make it open a fresh one).
        for (java.net.DatagramSocket socket : sockets) {
            socket.close();
        }
        if (ownsTimer) {
            timer.shutdownNow();
        }
        receiveLoops.close();
        awaitReleased();
        LOG.info(() -> "media port closed: " + localAddresses);
    }

    /** How long {@link #close()} waits for the operating system to release the port. */
    private static final long RELEASE_WAIT_MILLIS = 5_000;

    /**
     * The JDK closes a datagram socket for good only once the thread blocked in its receive
     * (ice4j's reader) has left it, a moment after {@code close()} (later on a loaded machine).
     * Waits, bounded, until each address can be bound again, so that a redeployment reopening
     * the port right after finds it free; gives up silently when something else holds it.
     */
    private void awaitReleased() {
        long deadline = System.nanoTime() + RELEASE_WAIT_MILLIS * 1_000_000L;
        for (InetSocketAddress address : localAddresses) {
            while (true) {
                try (java.net.DatagramSocket probe = new java.net.DatagramSocket(address)) {
                    break;
                } catch (java.net.SocketException stillHeld) {
                    if (System.nanoTime() > deadline) {
                        LOG.warning(() -> "media port " + address + " still bound " + RELEASE_WAIT_MILLIS + " ms after close");
                        return;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
