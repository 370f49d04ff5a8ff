package io.familymeeting.media.core.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Collection;

import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Test peer's host harvester: one ephemeral UDP socket on a loopback address. ice4j's own host
 * harvester skips loopback interfaces, and tests may only use loopback.
 */
final class LoopbackHarvester implements CandidateHarvester {
    private final HarvestStatistics statistics = new HarvestStatistics();
    private final String address;

    LoopbackHarvester(String address) {
        this.address = address;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, InetAddress.getByName(address));
            HostCandidate candidate = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            ComponentSocket componentSocket = component.getComponentSocket();
            if (componentSocket != null) {
                componentSocket.add(socket);
            }
            return List.of(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
