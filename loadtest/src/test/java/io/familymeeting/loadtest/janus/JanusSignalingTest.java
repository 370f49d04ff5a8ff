package io.familymeeting.loadtest.janus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The presenter's offer as Janus gets it: DTLS role active, nothing else touched. */
class JanusSignalingTest {

    @Test
    void thePresentersOfferAsksToBeTheDtlsClient() {
        String offer = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\na=mid:0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:actpass\r\na=mid:1\r\n";
        assertThat(JanusSignaling.asDtlsClient(offer))
                .isEqualTo(offer.replace("a=setup:actpass", "a=setup:active"))
                .doesNotContain("actpass");
    }

    @Test
    void anOfferThatAlreadyChoseItsRoleIsLeftAlone() {
        String offer = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:passive\r\n";
        assertThat(JanusSignaling.asDtlsClient(offer)).isEqualTo(offer);
    }
}
