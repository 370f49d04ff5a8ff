package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Documents, and pins, the threads ice4j uses: one reader thread per bound media socket, shared
 * by every participant; one STUN reader ("IceConnector") per remote address a participant's
 * agent talks to; the rest (Agent timer / executor, STUN stack timer, NetAccessManager,
 * harvest pool) are JVM-wide pools shared by all agents.
 */
class Ice4jThreadsTest {
    private static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isAlive()) {
                continue;
            }
            String name = t.getName().replaceAll("[@#-]?\\d+$", "").replaceAll("/[0-9.]+:\\d+.*$", "");
            kinds.merge(name, 1, Integer::sum);
        }
        return kinds;
    }

    private static int count(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void oneReaderThreadPerPortAndOneStunReaderPerConnectedPeer() throws Exception {
        final int participants = 3;
        try (MediaPort port = MediaPort.open(MediaPortConfig.defaults().withBind("127.0.0.1", 0))) {
            String reader = "org.ice4j.ice.harvest.AbstractUdpListener thread for 127.0.0.1:" + port.port();
            assertThat(count(reader)).isEqualTo(1);

            List<LoopbackPeer> peers = new ArrayList<>();
            List<IceTransport> transports = new ArrayList<>();
            try {
                for (int i = 0; i < participants; i++) {
                    peers.add(new LoopbackPeer());
                    transports.add(IceTransport.open(port, IceTransportConfig.defaults(), (t, o, n) -> { }));
                }
                // Unconnected agents on the shared port have no STUN reader of their own.
                int connectorsBefore = count("IceConnector");
                Map<String, Integer> before = threadsByKind();

                for (int i = 0; i < participants; i++) {
                    StateRecorder recorder = new StateRecorder();
                    IceTransport server = IceTransport.open(port, IceTransportConfig.defaults(), recorder);
                    transports.add(server);
                    server.setRemote(peers.get(i).ufrag(), peers.get(i).password(), peers.get(i).candidates());
                    peers.get(i).connectTo(server);
                    assertThat(recorder.await(IceState.CONNECTED, 15_000)).isTrue();
                }
                Map<String, Integer> after = threadsByKind();
                System.out.println("ice4j threads before connecting " + participants + " participants: " + before);
                System.out.println("ice4j threads after: " + after);

                assertThat(count(reader)).as("one shared reader thread for the port").isEqualTo(1);
                assertThat(count("IceConnector") - connectorsBefore)
                        .as("one STUN reader per connected remote address").isEqualTo(participants);
            } finally {
                transports.forEach(IceTransport::close);
                peers.forEach(LoopbackPeer::close);
            }
        }
    }
}
