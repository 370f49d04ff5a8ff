package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our controlled IceTransport on a MediaPort against plain controlling ice4j agents, all on
 * 127.0.0.1.
 */
class IceTransportLoopbackTest {
    private static final long CONNECT_WAIT = 15_000;

    private MediaPort port;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        port = MediaPort.open(MediaPortConfig.defaults().withBind("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        port.close();
    }

    private LoopbackPeer peer() throws Exception {
        LoopbackPeer p = new LoopbackPeer();
        closeables.add(p);
        return p;
    }

    private IceTransport transport(IceTransportConfig config, StateRecorder recorder) throws Exception {
        IceTransport t = IceTransport.open(port, config, recorder);
        closeables.add(t);
        return t;
    }

    /** Offer/answer exchange and checks, as a browser and the engine would do them. */
    private static void connect(IceTransport server, StateRecorder recorder, LoopbackPeer peer) throws Exception {
        server.setRemote(peer.ufrag(), peer.password(), peer.candidates());
        peer.connectTo(server);
        assertThat(recorder.await(IceState.CONNECTED, CONNECT_WAIT)).as("server connected").isTrue();
    }

    private static byte[] packet(int tag, int seq, int size) {
        byte[] p = new byte[size];
        p[0] = (byte) 0x80; // RTP version 2: never mistaken for STUN (RFC 7983 §7)
        p[1] = (byte) tag;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 4; i < size; i++) {
            p[i] = (byte) (i * 31 + seq + tag);
        }
        return p;
    }

    @Test
    void connectsAndCarriesPacketsBothWays() throws Exception {
        StateRecorder recorder = new StateRecorder();
        IceTransport server = transport(IceTransportConfig.defaults(), recorder);
        LoopbackPeer peer = peer();
        assertThat(server.state()).isEqualTo(IceState.NEW);
        assertThat(server.localUfrag()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(server.localPassword()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(server.localCandidates()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(IceCandidateType.HOST);
            assertThat(c.address()).isEqualTo("127.0.0.1");
            assertThat(c.port()).isEqualTo(port.port());
            assertThat(c.transport()).isEqualTo("udp");
            assertThat(c.component()).isEqualTo(1);
        });

        connect(server, recorder, peer);

        assertThat(recorder.states).startsWith(IceState.CHECKING, IceState.CONNECTED);
        InetSocketAddress peerAddress = peer.address();
        assertThat(server.selectedPair()).contains(
                "127.0.0.1:" + port.port() + " -> 127.0.0.1:" + peerAddress.getPort());
        assertThat(server.remoteAddress()).contains(peerAddress);

        PacketCollector collector = new PacketCollector();
        server.startReceiving(collector);
        assertThatThrownBy(() -> server.startReceiving(collector))
                .isInstanceOf(IllegalStateException.class);

        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", port.port());
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] p = packet(1, i, 100 + i * 25);
            sent.add(p);
            peer.send(p, serverAddress);
        }
        assertThat(collector.awaitCount(50, 5_000)).as("all packets received").isTrue();
        assertThat(collector.packets).containsExactlyElementsOf(sent);
        assertThat(collector.threadName).startsWith("media-forwarding-");
        assertThat(server.receivedPackets()).isEqualTo(50);

        for (int i = 0; i < 50; i++) {
            byte[] p = packet(2, i, 1200);
            // Send a slice of a larger array: offset and length must be honoured.
            byte[] framed = new byte[p.length + 10];
            System.arraycopy(p, 0, framed, 7, p.length);
            assertThat(server.send(framed, 7, p.length)).isTrue();
            assertThat(peer.receive(5_000)).isEqualTo(p);
        }
    }

    @Test
    void twoTransportsOnOnePortKeepTrafficApart() throws Exception {
        StateRecorder ra = new StateRecorder();
        StateRecorder rb = new StateRecorder();
        IceTransport a = transport(IceTransportConfig.defaults(), ra);
        IceTransport b = transport(IceTransportConfig.defaults(), rb);
        assertThat(a.localUfrag()).isNotEqualTo(b.localUfrag());
        LoopbackPeer peerA = peer();
        LoopbackPeer peerB = peer();
        connect(a, ra, peerA);
        connect(b, rb, peerB);
        assertThat(port.openTransports()).isEqualTo(2);

        PacketCollector ca = new PacketCollector();
        PacketCollector cb = new PacketCollector();
        a.startReceiving(ca);
        b.startReceiving(cb);

        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", port.port());
        for (int i = 0; i < 20; i++) {
            peerA.send(packet(0xA, i, 200), serverAddress);
            peerB.send(packet(0xB, i, 300), serverAddress);
        }
        assertThat(ca.awaitCount(20, 5_000)).isTrue();
        assertThat(cb.awaitCount(20, 5_000)).isTrue();
        Thread.sleep(200);
        assertThat(ca.packets).hasSize(20).allSatisfy(p -> assertThat(p[1]).isEqualTo((byte) 0xA));
        assertThat(cb.packets).hasSize(20).allSatisfy(p -> assertThat(p[1]).isEqualTo((byte) 0xB));

        for (int i = 0; i < 10; i++) {
            a.send(packet(0xA, i, 64), 0, 64);
            b.send(packet(0xB, i, 64), 0, 64);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(peerA.receive(5_000)).isEqualTo(packet(0xA, i, 64));
            assertThat(peerB.receive(5_000)).isEqualTo(packet(0xB, i, 64));
        }
        assertThat(peerA.receive(300)).isNull();
        assertThat(peerB.receive(300)).isNull();
    }

    @Test
    void peerThatStartsLateStillConnects() throws Exception {
        // The answer may take seconds to reach the browser: longer than ice4j's 5 s check-list
        // failure timer, which must therefore not be armed before the peer's first check.
        StateRecorder recorder = new StateRecorder();
        IceTransport server = transport(IceTransportConfig.defaults(), recorder);
        LoopbackPeer peer = peer();
        server.setRemote(peer.ufrag(), peer.password(), peer.candidates());
        assertThat(recorder.await(IceState.CHECKING, 2_000)).isTrue();
        Thread.sleep(6_500);
        assertThat(server.state()).isEqualTo(IceState.CHECKING);
        peer.connectTo(server);
        assertThat(recorder.await(IceState.CONNECTED, CONNECT_WAIT)).isTrue();
    }

    @Test
    void failsWhenNoPeerArrivesBeforeConnectTimeout() throws Exception {
        StateRecorder recorder = new StateRecorder();
        IceTransport server = transport(IceTransportConfig.defaults().withConnectTimeoutMillis(500), recorder);
        LoopbackPeer peer = peer();
        server.setRemote(peer.ufrag(), peer.password(), peer.candidates());
        assertThat(recorder.await(IceState.FAILED, 5_000)).isTrue();
        assertThat(server.send(new byte[10], 0, 10)).isFalse();
        assertThatThrownBy(() -> server.setRemote(peer.ufrag(), peer.password(), List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void silentPeerLosesConsentWhileLivePeerKeepsIt() throws Exception {
        // ice4j checks consent every 5 s on average (4-6 s). The live peer's transport allows
        // 7.5 s without an answer: it must survive. The silent one allows 2 s: it must fail.
        StateRecorder silentRecorder = new StateRecorder();
        StateRecorder liveRecorder = new StateRecorder();
        IceTransport silent = transport(IceTransportConfig.defaults().withConsentTimeoutMillis(2_000), silentRecorder);
        IceTransport live = transport(IceTransportConfig.defaults().withConsentTimeoutMillis(7_500), liveRecorder);
        LoopbackPeer silentPeer = peer();
        LoopbackPeer livePeer = peer();
        connect(silent, silentRecorder, silentPeer);
        connect(live, liveRecorder, livePeer);
        long connected = System.currentTimeMillis();
        assertThat(silent.send(new byte[] {(byte) 0x80, 1}, 0, 2)).isTrue();

        assertThat(silentRecorder.states).as("consent held while the peer answered").doesNotContain(IceState.FAILED);
        silentPeer.close(); // stops answering consent checks
        assertThat(silentRecorder.await(IceState.FAILED, 6_000)).as("consent expiry").isTrue();
        assertThat(silent.send(new byte[] {(byte) 0x80, 1}, 0, 2)).as("no sending without consent").isFalse();
        assertThat(silent.selectedPair()).isEmpty();

        long wait = 9_000 - (System.currentTimeMillis() - connected);
        if (wait > 0) {
            Thread.sleep(wait);
        }
        assertThat(live.state().isConnected()).as("live peer keeps consent, state " + live.state()).isTrue();
        assertThat(liveRecorder.states).doesNotContain(IceState.FAILED);
    }

    @Test
    void closeReleasesTheTransportAndThePortStaysUsable() throws Exception {
        StateRecorder recorder = new StateRecorder();
        IceTransport server = transport(IceTransportConfig.defaults(), recorder);
        LoopbackPeer peer = peer();
        connect(server, recorder, peer);
        PacketCollector collector = new PacketCollector();
        server.startReceiving(collector);
        assertThat(server.isReceiving()).isTrue();

        server.close();
        server.close(); // idempotent
        assertThat(server.state()).isEqualTo(IceState.CLOSED);
        assertThat(recorder.states).endsWith(IceState.CLOSED).containsOnlyOnce(IceState.CLOSED);
        assertThat(port.openTransports()).isZero();
        assertThat(server.send(new byte[] {(byte) 0x80}, 0, 1)).isFalse();
        long deadline = System.currentTimeMillis() + 3_000;
        while (server.isReceiving() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.isReceiving()).as("receive task ended").isFalse();
        peer.send(packet(3, 0, 100), new InetSocketAddress("127.0.0.1", port.port()));
        Thread.sleep(200);
        assertThat(collector.packets).isEmpty();

        // The same port serves a new participant afterwards.
        StateRecorder r2 = new StateRecorder();
        IceTransport next = transport(IceTransportConfig.defaults(), r2);
        connect(next, r2, peer());
        assertThat(port.openTransports()).isEqualTo(1);
    }

    @Test
    void rejectsUnusableRemoteCandidatesAndBadCredentials() throws Exception {
        IceTransport server = transport(IceTransportConfig.defaults(), new StateRecorder());
        assertThatThrownBy(() -> server.setRemote("abc", "a".repeat(22), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.setRemote("abcd", "a".repeat(21), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.setRemote("ab:d", "a".repeat(22), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        server.setRemote("abcd", "a+/".repeat(8), List.of(
                new IceCandidateInfo("1", 1, "udp", 2122260223L, "192.0.2.1", 50000, IceCandidateType.HOST),
                new IceCandidateInfo("2", 1, "tcp", 1518280447L, "192.0.2.1", 9, IceCandidateType.HOST),
                new IceCandidateInfo("3", 2, "udp", 2122260222L, "192.0.2.1", 50001, IceCandidateType.HOST),
                new IceCandidateInfo("4", 1, "UDP", 2122260223L, "0e3f1c4a-6a7b-4a1e-9c1d-1234567890ab.local",
                        50002, IceCandidateType.HOST)));
        assertThat(server.remoteCandidates()).extracting(IceCandidateInfo::foundation).containsExactly("1");
        assertThat(server.addRemoteCandidate(new IceCandidateInfo("5", 1, "UDP", 1686052607L, "198.51.100.9",
                40000, IceCandidateType.SRFLX, "192.0.2.1", 50000))).isTrue();
        assertThat(server.addRemoteCandidate(new IceCandidateInfo("6", 1, "udp", 1, "host.example", 1,
                IceCandidateType.HOST))).isFalse();
        assertThat(server.remoteCandidates()).hasSize(2);
    }

    /**
     * Checks from a refused network (127.0.0.2 when only 127.0.0.1/32 is listed) never reach
     * ice4j: no answer, no peer-reflexive candidate, no connection; the peer's candidate from the
     * offer is ignored and counted. A peer on the listed address connects on the same port.
     */
    @Test
    void checksFromRefusedNetworksNeverMapTheirAddress() throws Exception {
        try (MediaPort listed = MediaPort.open(MediaPortConfig.defaults().withBind("127.0.0.1", 0)
                .withCandidateNetworks(List.of("127.0.0.1/32"), false))) {
            StateRecorder refusedRecorder = new StateRecorder();
            IceTransport refusedServer = IceTransport.open(listed, IceTransportConfig.defaults(), refusedRecorder);
            closeables.add(refusedServer);
            LoopbackPeer outsider = new LoopbackPeer("127.0.0.2");
            closeables.add(outsider);
            refusedServer.setRemote(outsider.ufrag(), outsider.password(), outsider.candidates());
            outsider.connectTo(refusedServer);
            assertThat(refusedRecorder.await(IceState.CONNECTED, 3_000)).isFalse();
            assertThat(outsider.isConnected()).isFalse();
            assertThat(refusedServer.remoteCandidates()).isEmpty();
            assertThat(refusedServer.candidatesIgnored()).isEqualTo(1);
            assertThat(refusedServer.stunRejected()).isPositive();
            assertThat(listed.stunRequestsRefused(StunGate.Refusal.NETWORK)).isPositive();

            StateRecorder recorder = new StateRecorder();
            IceTransport server = IceTransport.open(listed, IceTransportConfig.defaults(), recorder);
            closeables.add(server);
            connect(server, recorder, peer());
            assertThat(server.stunRejected()).isZero();
            assertThat(listed.stunRequestsRefused(StunGate.Refusal.INTEGRITY)).isZero();
        }
    }

    /** A check whose MESSAGE-INTEGRITY is not made with the transport's password maps nothing. */
    @Test
    void checkWithWrongIntegrityIsRefusedBeforeIce4j() throws Exception {
        StateRecorder recorder = new StateRecorder();
        IceTransport server = transport(IceTransportConfig.defaults(), recorder);
        server.setRemote("cli1", "c".repeat(22), List.of());
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(1500);
            byte[] forged = StunRequests.bindingRequest(server.localUfrag() + ":cli1", "not-the-password-xxxxxx",
                    new byte[12], true);
            socket.send(new java.net.DatagramPacket(forged, forged.length, new InetSocketAddress("127.0.0.1", port.port())));
            byte[] in = new byte[1500];
            java.net.DatagramPacket reply = new java.net.DatagramPacket(in, in.length);
            assertThatThrownBy(() -> socket.receive(reply)).as("no answer to a forged check")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(server.stunRejected()).isEqualTo(1);
            assertThat(port.stunRequestsRefused(StunGate.Refusal.INTEGRITY)).isEqualTo(1);

            byte[] genuine = StunRequests.bindingRequest(server.localUfrag() + ":cli1", server.localPassword(),
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, false);
            socket.send(new java.net.DatagramPacket(genuine, genuine.length, new InetSocketAddress("127.0.0.1", port.port())));
            socket.receive(reply);
            assertThat(StunRequests.messageType(in, reply.getLength())).as("answered or checked back")
                    .isIn(0x0101, 0x0001);
        }
    }

    @Test
    void connectsOverIpv6Loopback() throws Exception {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress("::1", 0))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(probe.isBound());
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
        }
        try (MediaPort v6 = MediaPort.open(MediaPortConfig.defaults().withBind("::1", 0))) {
            StateRecorder recorder = new StateRecorder();
            IceTransport server = IceTransport.open(v6, IceTransportConfig.defaults(), recorder);
            closeables.add(server);
            assertThat(server.localCandidates()).singleElement()
                    .satisfies(c -> assertThat(c.address()).isEqualTo("0:0:0:0:0:0:0:1"));
            LoopbackPeer peer = new LoopbackPeer("::1");
            closeables.add(peer);
            connect(server, recorder, peer);
            assertThat(server.selectedPair()).contains(
                    "[0:0:0:0:0:0:0:1]:" + v6.port() + " -> [0:0:0:0:0:0:0:1]:" + peer.address().getPort());
            PacketCollector collector = new PacketCollector();
            server.startReceiving(collector);
            peer.send(packet(6, 1, 500), new InetSocketAddress("::1", v6.port()));
            assertThat(collector.awaitCount(1, 5_000)).isTrue();
            assertThat(collector.packets.get(0)).isEqualTo(packet(6, 1, 500));
            assertThat(server.send(packet(6, 2, 500), 0, 500)).isTrue();
            assertThat(peer.receive(5_000)).isEqualTo(packet(6, 2, 500));
        }
    }
}
