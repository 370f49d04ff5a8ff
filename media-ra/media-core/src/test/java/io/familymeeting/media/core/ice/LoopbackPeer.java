package io.familymeeting.media.core.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * The browser's stand-in: a plain ice4j agent in the controlling role with one loopback host
 * candidate, reading and writing through ice4j's component socket. Public for the transport
 * tests, which put DTLS and SRTP on top of it.
 */
public final class LoopbackPeer implements AutoCloseable {
    final Agent agent;
    final IceMediaStream stream;
    final Component component;

    public LoopbackPeer() throws IOException {
        this("127.0.0.1");
    }

    LoopbackPeer(String loopbackAddress) throws IOException {
        Ice4jSetup.ensureConfigured();
        agent = new Agent();
        agent.setControlling(true);
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new LoopbackHarvester(loopbackAddress));
        stream = agent.createMediaStream("bundle");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
    }

    public String ufrag() {
        return agent.getLocalUfrag();
    }

    public String password() {
        return agent.getLocalPassword();
    }

    public List<IceCandidateInfo> candidates() {
        List<IceCandidateInfo> result = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            TransportAddress a = c.getTransportAddress();
            result.add(new IceCandidateInfo(c.getFoundation(), 1, "udp", c.getPriority(),
                    a.getHostString(), a.getPort(), IceCandidateType.HOST));
        }
        return result;
    }

    public InetSocketAddress address() {
        TransportAddress a = component.getLocalCandidates().get(0).getTransportAddress();
        return new InetSocketAddress(a.getAddress(), a.getPort());
    }

    /** Applies the server's answer and starts checks (the browser side of setRemoteDescription). */
    public void connectTo(IceTransport server) {
        connectTo(server.localUfrag(), server.localPassword(), server.localCandidates());
    }

    /** Applies the ICE part of an answer (credentials, candidates) and starts checks. */
    public void connectTo(String ufrag, String password, List<IceCandidateInfo> candidates) {
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
        for (IceCandidateInfo c : candidates) {
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(c.address(), c.port(), Transport.UDP), component,
                    c.type().toIce4j(), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    public boolean isConnected() {
        IceProcessingState s = agent.getState();
        return s == IceProcessingState.COMPLETED || s == IceProcessingState.TERMINATED;
    }

    public void send(byte[] data, InetSocketAddress to) throws IOException {
        DatagramPacket p = new DatagramPacket(data, data.length, to);
        component.getSocket().send(p);
    }

    /** Next datagram, or null after {@code timeoutMillis}. */
    public byte[] receive(int timeoutMillis) throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        component.getSocket().setSoTimeout(timeoutMillis);
        try {
            component.getSocket().receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    }

    @Override
    public void close() {
        agent.free();
    }
}
