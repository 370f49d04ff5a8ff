package io.familymeeting.media.core.peers;

import io.familymeeting.testsupport.Closer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the real-peer harness without the SFU: two Chromium pages connected to each other
 * through this Java test (offer from one, answer from the other, no trickle), in the
 * loopback-only namespace. If this passes, an engine test failing with the same harness
 * points at the engine.
 */
@ExtendWith(LoopbackOnly.class)
class ChromiumPeerIT {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);

    private static final Closer closer = new Closer();
    private static HarnessServer server;
    private static HarnessPeer alice;
    private static HarnessPeer bob;

    @BeforeAll
    static void start() throws IOException {
        server = closer.add(HarnessServer.start());
        alice = closer.add(HarnessPeer.open(server));
        bob = closer.add(HarnessPeer.open(server));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    void presenterOfferReachesAnsweringPeerAndItsFramesAreDecoded() {
        HarnessConnection sender = alice.connection("presenter");
        HarnessConnection receiver = bob.connection("receiver");

        String offer = sender.makePresenterOffer();
        assertThat(offer).contains("a=sendonly").contains("m=audio").contains("m=video");
        assertLoopbackCandidatesOnly(offer);

        String answer = receiver.makeAnswer(offer);
        assertThat(answer).contains("a=recvonly");
        assertLoopbackCandidatesOnly(answer);
        sender.applyAnswer(answer);

        PeerStats first = receiver.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 0, MEDIA_TIMEOUT);
        // The encoder may start below the capture size while its bandwidth estimate ramps up.
        PeerStats later = receiver.awaitStats(s -> s.totalFramesDecoded() >= first.totalFramesDecoded() + 30
                && s.video().size() == 1 && s.video().get(0).frameWidth() == 640, MEDIA_TIMEOUT);
        assertThat(later.video().get(0).frameHeight()).isEqualTo(480);
        receiver.awaitStats(s -> s.audio().packetsReceived() > 50 && s.audio().bytesReceived() > 0, MEDIA_TIMEOUT);

        PeerStats sent = sender.awaitStats(s -> s.outbound().availableOutgoingBitrate().isPresent(), MEDIA_TIMEOUT);
        assertThat(sent.connected()).isTrue();
        assertThat(sent.outbound().packetsSent()).isPositive();
        assertThat(sent.outbound().framesEncoded()).isPositive();
        assertThat(sender.availableOutgoingBitrate()).isPresent();
        assertThat(sender.state()).containsEntry("signalingState", "stable");

        sender.close();
        receiver.close();
    }

    @Test
    void viewerOfferWithTwoVideoSlotsIsServedByTheAnsweringPeer() {
        HarnessConnection viewer = alice.connection("viewer");
        HarnessConnection sender = bob.connection("sender");

        String offer = viewer.makeViewerOffer(2);
        assertThat(offer.split("\r\nm=video", -1)).hasSize(3);
        assertThat(offer).doesNotContain("a=sendonly").doesNotContain("a=sendrecv");

        viewer.applyAnswer(sender.makeAnswer(offer));

        PeerStats stats = viewer.awaitStats(s -> s.video().size() == 2
                && s.video().stream().allMatch(v -> v.framesDecoded() > 10), MEDIA_TIMEOUT);
        assertThat(stats.video()).extracting(PeerStats.Video::mid).doesNotHaveDuplicates();
        assertThat(sender.stats().outbound().packetsSent()).isPositive();

        viewer.close();
        sender.close();
    }

    @Test
    void presenterWithScreenShareSendsTwoVideoStreams() {
        HarnessConnection sender = alice.connection("sharer");
        HarnessConnection receiver = bob.connection("watcher");

        String offer = sender.makePresenterOffer(true, true, true);
        assertThat(offer.split("\r\nm=video", -1)).hasSize(3);
        sender.applyAnswer(receiver.makeAnswer(offer));

        PeerStats stats = receiver.awaitStats(s -> s.video().size() == 2
                && s.video().stream().allMatch(v -> v.framesDecoded() > 10), MEDIA_TIMEOUT);
        assertThat(stats.video()).extracting(PeerStats.Video::frameWidth).allMatch(w -> w > 0);
        assertThat(stats.audio().packetsReceived()).isPositive();

        sender.close();
        receiver.close();
    }

    @Test
    void pageErrorsSurfaceAsHarnessExceptions() {
        HarnessConnection missing = alice.connection("never-created");
        assertThatThrownBy(missing::stats)
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("no peer connection named never-created");

        HarnessConnection lonely = alice.connection("lonely");
        lonely.makeViewerOffer();
        assertThatThrownBy(() -> lonely.applyAnswer("v=0\r\nthis is not sdp\r\n"))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("applyAnswer(lonely)");
        lonely.close();
    }

    /** Every candidate's connection-address (RFC 8839 §5.1) must be loopback. */
    private static void assertLoopbackCandidatesOnly(String sdp) {
        List<String> addresses = sdp.lines()
                .filter(l -> l.startsWith("a=candidate:"))
                .map(l -> l.split(" ")[4])
                .collect(Collectors.toList());
        assertThat(addresses).isNotEmpty().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"),
                "loopback address");
    }
}
