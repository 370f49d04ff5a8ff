package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

import org.ice4j.ice.AgentConfig;
import org.ice4j.ice.harvest.HarvestConfig;
import org.ice4j.ice.harvest.MappingCandidateHarvesters;
import org.junit.jupiter.api.Test;

class MediaPortTest {
    private static final MediaPortConfig LOOPBACK = MediaPortConfig.defaults().withBind("127.0.0.1", 0);

    @Test
    void closeReleasesThePortForAReopen() throws IOException {
        int port;
        try (MediaPort first = MediaPort.open(LOOPBACK)) {
            port = first.port();
            assertThat(port).isPositive();
            assertThat(first.localAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", port));
        }
        try (MediaPort again = MediaPort.open(LOOPBACK.withBind("127.0.0.1", port))) {
            assertThat(again.port()).isEqualTo(port);
        }
        // Released again: a plain socket can take it. The JDK finishes closing a datagram socket
        // only when the thread blocked in receive on it (ice4j's reader) has left, so the port
        // is free a moment after close returns, later on a loaded machine: retry, bounded.
        try (DatagramSocket plain = bindWithin(new InetSocketAddress("127.0.0.1", port), 10_000)) {
            assertThat(plain.getLocalPort()).isEqualTo(port);
        }
    }

    private static DatagramSocket bindWithin(InetSocketAddress address, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            try {
                return new DatagramSocket(address);
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Test
    void portIsOwnedExclusively() throws IOException {
        try (MediaPort first = MediaPort.open(LOOPBACK)) {
            assertThat(first.isOpen()).isTrue();
            assertThatThrownBy(() -> MediaPort.open(LOOPBACK.withBind("127.0.0.1", first.port())))
                    .isInstanceOf(java.net.BindException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
            first.close();
            assertThat(first.isOpen()).isFalse();
            first.close(); // idempotent
        }
    }

    @Test
    void socketBufferSizesAreApplied() throws IOException {
        // Linux doubles the value asked for and caps it at net.core.[rw]mem_max, so only bounds
        // are portable: a small request yields less than the kernel default (about 200 KiB),
        // which proves the request reached the socket.
        try (MediaPort small = MediaPort.open(LOOPBACK.withBuffers(8192, 8192))) {
            assertThat(small.receiveBufferSize()).isBetween(2048, 32768);
            assertThat(small.sendBufferSize()).isBetween(2048, 32768);
        }
        try (MediaPort big = MediaPort.open(LOOPBACK)) {
            assertThat(big.receiveBufferSize()).isGreaterThan(32768);
            assertThat(big.sendBufferSize()).isGreaterThan(32768);
        }
    }

    @Test
    void advertisedAddressBecomesSrflxCandidateBasedOnTheHostCandidate() throws IOException {
        MediaPortConfig config = LOOPBACK.withAdvertised(List.of("203.0.113.7"), true);
        try (MediaPort port = MediaPort.open(config);
             IceTransport t = IceTransport.open(port, IceTransportConfig.defaults(), (x, o, n) -> { })) {
            List<IceCandidateInfo> candidates = t.localCandidates();
            assertThat(candidates).hasSize(2);
            IceCandidateInfo host = candidates.stream().filter(c -> c.type() == IceCandidateType.HOST).findFirst().orElseThrow();
            IceCandidateInfo srflx = candidates.stream().filter(c -> c.type() == IceCandidateType.SRFLX).findFirst().orElseThrow();
            assertThat(host.address()).isEqualTo("127.0.0.1");
            assertThat(host.relatedAddress()).isNull();
            assertThat(srflx.address()).isEqualTo("203.0.113.7");
            assertThat(srflx.port()).isEqualTo(port.port());
            assertThat(srflx.relatedAddress()).isEqualTo("127.0.0.1");
            assertThat(srflx.relatedPort()).isEqualTo(port.port());
            // RFC 8445 §5.1.2.2: type preference host 126 > srflx 100.
            assertThat(host.priority()).isGreaterThan(srflx.priority());
            assertThat(srflx.foundation()).isNotEqualTo(host.foundation());
        }
        try (MediaPort port = MediaPort.open(config.withAdvertised(List.of("203.0.113.7"), false));
             IceTransport t = IceTransport.open(port, IceTransportConfig.defaults(), (x, o, n) -> { })) {
            assertThat(t.localCandidates()).singleElement()
                    .satisfies(c -> assertThat(c.address()).isEqualTo("203.0.113.7"));
        }
    }

    @Test
    void advertisedAddressEqualToTheBoundOneAddsNothing() throws IOException {
        try (MediaPort port = MediaPort.open(LOOPBACK.withAdvertised(List.of("127.0.0.1"), false));
             IceTransport t = IceTransport.open(port, IceTransportConfig.defaults(), (x, o, n) -> { })) {
            assertThat(t.localCandidates()).singleElement()
                    .satisfies(c -> assertThat(c.type()).isEqualTo(IceCandidateType.HOST));
        }
    }

    @Test
    void advertisedAddressOfAnotherFamilyIsRejected() {
        assertThatThrownBy(() -> MediaPort.open(LOOPBACK.withAdvertised(List.of("2001:db8::1"), true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configAcceptsOnlyIpLiterals() {
        assertThatThrownBy(() -> LOOPBACK.withBind("localhost", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOOPBACK.withAdvertised(List.of("media.example.com"), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOOPBACK.withBind("127.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOOPBACK.withBuffers(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingThePortClosesItsTransports() throws IOException {
        MediaPort port = MediaPort.open(LOOPBACK);
        StateRecorder recorder = new StateRecorder();
        IceTransport t = IceTransport.open(port, IceTransportConfig.defaults(), recorder);
        assertThat(port.openTransports()).isEqualTo(1);
        port.close();
        assertThat(t.state()).isEqualTo(IceState.CLOSED);
        assertThat(port.openTransports()).isZero();
        assertThatThrownBy(() -> IceTransport.open(port, IceTransportConfig.defaults(), recorder))
                .isInstanceOf(IOException.class);
    }

    @Test
    void ice4jIsConfiguredWithoutMappingHarvestersOrNetworkProbes() throws IOException {
        try (MediaPort ignored = MediaPort.open(LOOPBACK)) {
            assertThat(MappingCandidateHarvesters.getHarvesters()).isEmpty();
            assertThat(HarvestConfig.config.enableAwsHarvester()).isFalse();
            assertThat(HarvestConfig.config.stunMappingCandidateHarvesterAddresses()).isEmpty();
            assertThat(HarvestConfig.config.udpSocketPoolSize()).isEqualTo(1);
            assertThat(AgentConfig.config.getConsentFreshnessInterval()).hasSeconds(5);
            assertThat(AgentConfig.config.getMaxConsentFreshnessRetransmissions()).isEqualTo(5);
            assertThat(org.ice4j.ice.harvest.AbstractUdpListener.USE_PUSH_API).isTrue();
        }
    }

    @Test
    void ufragsOfLiveAgentsAreUniqueAndFreedOnClose() throws IOException {
        try (MediaPort port = MediaPort.open(LOOPBACK)) {
            IceTransport t = IceTransport.open(port, IceTransportConfig.defaults(), (x, o, n) -> { });
            assertThat(port.reserveUfrag(t.localUfrag())).as("taken while live").isFalse();
            t.close();
            assertThat(port.reserveUfrag(t.localUfrag())).as("free after close").isTrue();
            port.releaseUfrag(t.localUfrag());
        }
    }
}
