package io.familymeeting.loadtest.janus;

import io.familymeeting.loadtest.signaling.Signaling;
import io.familymeeting.media.core.peers.AiortcPeer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JanusSignaling} against a real Janus (bench/janus's config, in the test's network
 * namespace with bench/netns.sh's veth) and real WebRTC peers: an aiortc presenter publishes
 * VP8 + Opus, two aiortc viewers answer Janus's subscriber offers, and each must decode video
 * and audio frames forwarded by Janus. Also the errors a generator meets when it calls in the
 * wrong order or Janus is not there.
 */
class JanusSignalingIT {
    private static JanusServer janus;

    @BeforeAll
    static void startJanus() throws Exception {
        janus = JanusServer.start("tuned");
        LoopbackOnly.require();
    }

    @AfterAll
    static void stopJanus() {
        if (janus != null) {
            janus.close();
        }
    }

    @Test
    void aPresenterPublishesAndTwoViewersReceiveThroughJanus() throws Exception {
        try (JanusSignaling signaling = new JanusSignaling(JanusServer.URL);
             AiortcPeer presenter = AiortcPeer.start(AiortcPeer.Role.PRESENTER);
             AiortcPeer viewer1 = AiortcPeer.start(AiortcPeer.Role.ANSWERER);
             AiortcPeer viewer2 = AiortcPeer.start(AiortcPeer.Role.ANSWERER)) {
            signaling.openRoom("family");
            String answer = signaling.publish("family", "presenter", presenter.offer());
            assertThat(answer).contains("a=candidate:").contains(" 127.0.0.1 ");
            presenter.answer(answer);
            presenter.awaitStatus(s -> s.connected() && s.packetsSent() > 50, Duration.ofSeconds(30));

            signaling.subscribe("family", "viewer-1", answering(viewer1));
            signaling.subscribe("family", "viewer-2", answering(viewer2));
            for (AiortcPeer viewer : new AiortcPeer[] {viewer1, viewer2}) {
                viewer.awaitStatus(s -> s.connected() && s.videoFrames() > 30 && s.audioFrames() > 30,
                        Duration.ofSeconds(45));
            }

            signaling.leave("family", "viewer-2");
            signaling.leave("family", "viewer-2"); // a second leave is a no-op
        }
    }

    @Test
    void callsInTheWrongOrderSayWhatIsMissing() throws Exception {
        try (JanusSignaling signaling = new JanusSignaling(JanusServer.URL)) {
            assertThatThrownBy(() -> signaling.publish("nowhere", "p", "v=0\r\n"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("openRoom");
            signaling.openRoom("empty");
            assertThatThrownBy(() -> signaling.subscribe("empty", "v", null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no presenter");
            assertThatThrownBy(() -> signaling.publish("empty", "p", "not an sdp"))
                    .isInstanceOf(JanusException.class).hasMessageContaining("joinandconfigure");
        }
    }

    @Test
    void aJanusThatIsNotThereFailsAtOnce() {
        assertThatThrownBy(() -> new JanusSignaling("http://127.0.0.1:1/janus"))
                .hasMessageContaining("Janus does not answer at http://127.0.0.1:1/janus");
        assertThatThrownBy(() -> new JanusSignaling("ftp://x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Signaling.OfferAnswer answering(AiortcPeer viewer) {
        return new Signaling.OfferAnswer() {
            @Override
            public String createOffer() {
                throw new UnsupportedOperationException("Janus's subscribers answer; they never offer");
            }

            @Override
            public void setAnswer(String answer) {
                throw new UnsupportedOperationException("Janus's subscribers answer; they never offer");
            }

            @Override
            public String answer(String offer) {
                return viewer.answerOffer(offer);
            }
        };
    }
}
