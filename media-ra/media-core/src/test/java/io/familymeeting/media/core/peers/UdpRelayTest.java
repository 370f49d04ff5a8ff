package io.familymeeting.media.core.peers;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's SDP rewriting, forwarding, filter and injection, with plain sockets on 127.0.0.1. */
class UdpRelayTest {

    private static final String OFFER = "v=0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
            + "a=candidate:1 1 udp 2113937151 127.0.0.1 %d typ host generation 0 network-cost 999\r\n"
            + "a=candidate:2 1 udp 2113939711 ::1 50001 typ host generation 0\r\n"
            + "a=candidate:3 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active\r\n"
            + "a=mid:0\r\n";

    @Test
    void forwardsBothWaysFiltersAndInjects() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket sfu = new DatagramSocket(new InetSocketAddress(lo, 0));
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(lo, 0));
             UdpRelay relay = UdpRelay.start(sfu.getLocalPort())) {
            sfu.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            String offer = relay.rewriteOffer(OFFER.formatted(peer.getLocalPort()));
            assertThat(offer).doesNotContain("::1", "tcp", " " + peer.getLocalPort() + " ");
            int relayForSfu = port(offer);
            String answer = relay.rewriteAnswer("v=0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 "
                    + sfu.getLocalPort() + " typ host\r\na=mid:0\r\n");
            int relayForPeer = port(answer);
            assertThat(answer).endsWith("typ host\r\na=mid:0\r\n");

            peer.send(datagram("hello sfu", new InetSocketAddress(lo, relayForPeer)));
            DatagramPacket atSfu = receive(sfu);
            assertThat(text(atSfu)).isEqualTo("hello sfu");
            assertThat(atSfu.getPort()).isEqualTo(relayForSfu);

            relay.setFilter((direction, buf, off, len) -> direction == UdpRelay.Direction.TO_PEER && buf[off] == 'x');
            sfu.send(datagram("x dropped", new InetSocketAddress(lo, relayForSfu)));
            sfu.send(datagram("hello peer", new InetSocketAddress(lo, relayForSfu)));
            DatagramPacket atPeer = receive(peer);
            assertThat(text(atPeer)).isEqualTo("hello peer");
            assertThat(atPeer.getPort()).isEqualTo(relayForPeer);
            assertThat(relay.dropped(UdpRelay.Direction.TO_PEER)).isEqualTo(1);
            assertThat(relay.forwarded(UdpRelay.Direction.TO_PEER)).isEqualTo(1);

            relay.injectToSfu("injected".getBytes(StandardCharsets.US_ASCII));
            DatagramPacket injected = receive(sfu);
            assertThat(text(injected)).isEqualTo("injected");
            assertThat(injected.getPort()).isEqualTo(relayForSfu);
        }
    }

    @Test
    void refusesSdpWithoutALoopbackCandidate() {
        try (UdpRelay relay = UdpRelay.start(9)) {
            assertThatThrownBy(() -> relay.rewriteOffer("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"))
                    .isInstanceOf(HarnessException.class);
        }
    }

    private static int port(String sdp) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=candidate:")) {
                return Integer.parseInt(line.split(" ")[5]);
            }
        }
        throw new AssertionError("no candidate in " + sdp);
    }

    private static DatagramPacket datagram(String text, InetSocketAddress to) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return new DatagramPacket(b, b.length, to);
    }

    private static DatagramPacket receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return p;
    }

    private static String text(DatagramPacket p) {
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }
}
