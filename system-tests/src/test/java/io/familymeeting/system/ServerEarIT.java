package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.media.core.peers.PeerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EAR on Payara Server (full profile): it deploys, readiness is UP with the real checks,
 * a presenter reaches a viewer through the meeting pages, and undeploying releases the UDP
 * media port.
 */
@ExtendWith(LoopbackOnly.class)
class ServerEarIT {

    @Test
    void theEarServesAMeetingAndReleasesItsPortOnUndeploy() {
        int mediaPort = Deployables.freeUdpPort();
        try (PayaraServer server = PayaraServer.start("payara-server", mediaPort)) {
            long deployMillis = server.deployEar();
            System.out.printf("[numbers] Payara Server: EAR deploy to readiness %d ms%n", deployMillis);
            Http.Reply ready = Http.get(server.base().resolve("/health/ready"));
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body()).contains("media-port").contains("signaling-store").contains("\"UP\"");

            try (MeetingPage presenter = MeetingPage.join(server, "ear-room", "Presenter", "presenter");
                 MeetingPage viewer = MeetingPage.join(server, "ear-room", "Viewer", "viewer")) {
                presenter.awaitStats(PeerStats::connected, Duration.ofSeconds(60));
                PeerStats first = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 10
                        && s.audio().packetsReceived() > 0, Duration.ofSeconds(60));
                PayaraMicro.sleep(2000);
                assertThat(viewer.stats().totalFramesDecoded()).isGreaterThan(first.totalFramesDecoded());
                Map<String, Object> doc = Http.get(server.api("rooms/ear-room/participants/" + viewer.participantId()), viewer.holder()).json();
                assertThat(doc.get("state")).isEqualTo("connected");
            }

            server.undeploy();
            assertThat(Deployables.udpPortFree(mediaPort)).as("UDP %d released by undeploy", mediaPort).isTrue();
        }
    }
}
