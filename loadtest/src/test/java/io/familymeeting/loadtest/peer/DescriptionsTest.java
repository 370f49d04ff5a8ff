package io.familymeeting.loadtest.peer;

import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DescriptionsTest {
    private static final LocalDescriptions.LocalIce ICE = new LocalDescriptions.LocalIce("ufra", "pwd0123456789012345678901",
            "sha-256 " + "AB:".repeat(31) + "AB", new InetSocketAddress("127.0.0.1", 40000));

    @Test
    void aPresenterOfferIsSendonlyWithItsSsrcsAndTheEnginesExtensions() {
        RemoteDescription d = RemoteDescription.parse(LocalDescriptions.offer(ICE, true, 11, 22, "p"));
        assertThat(d.ufrag).isEqualTo("ufra");
        assertThat(d.candidate).isEqualTo(new InetSocketAddress("127.0.0.1", 40000));
        assertThat(d.setup).isEqualTo("actpass");
        assertThat(d.bundle).containsExactly("0", "1");
        assertThat(d.sections).extracting(s -> s.kind + " " + s.direction + " " + s.ssrcs)
                .containsExactly("audio sendonly [11]", "video sendonly [22]");
        assertThat(d.sections.get(1).payloadType("VP8")).isEqualTo(LocalDescriptions.VP8_PT);
        assertThat(d.sections.get(0).payloadType("opus")).isEqualTo(LocalDescriptions.OPUS_PT);
        assertThat(d.sections.get(1).extensionId(HeaderExtensions.TRANSPORT_WIDE_CC)).isEqualTo(LocalDescriptions.TRANSPORT_CC_ID);
        assertThat(d.sections.get(1).extensionId(HeaderExtensions.ABS_SEND_TIME)).isEqualTo(LocalDescriptions.ABS_SEND_TIME_ID);
    }

    @Test
    void anAnswerToAServersOfferIsIceLiteDtlsActiveAndKeepsItsNumbers() {
        String serverOffer = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE a v d", "a=ice-ufrag:srv1", "a=ice-pwd:serverpasswordserverpass",
                "a=fingerprint:sha-256 " + "CD:".repeat(31) + "CD",
                "m=audio 9 UDP/TLS/RTP/SAVPF 109", "c=IN IP4 127.0.0.1", "a=mid:a", "a=sendonly",
                "a=candidate:1 1 udp 2013266431 127.0.0.1 20000 typ host", "a=setup:actpass",
                "a=extmap:7 " + HeaderExtensions.TRANSPORT_WIDE_CC, "a=rtpmap:109 opus/48000/2", "a=ssrc:5 cname:x",
                "m=video 9 UDP/TLS/RTP/SAVPF 100", "c=IN IP4 127.0.0.1", "a=mid:v", "a=sendonly",
                "a=rtpmap:100 VP8/90000", "a=ssrc:6 cname:x",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 127.0.0.1", "a=mid:d", "");
        RemoteDescription offer = RemoteDescription.parse(serverOffer);
        String answer = LocalDescriptions.answer(ICE, offer);
        assertThat(answer).contains("a=ice-lite\r\n", "a=setup:active\r\n", "a=group:BUNDLE a v\r\n",
                "m=audio 40000 UDP/TLS/RTP/SAVPF 109\r\n", "m=video 40000 UDP/TLS/RTP/SAVPF 100\r\n",
                "a=extmap:7 " + HeaderExtensions.TRANSPORT_WIDE_CC, "m=application 0 ");
        RemoteDescription parsed = RemoteDescription.parse(answer);
        assertThat(parsed.sections).extracting(s -> s.mid + " " + s.direction)
                .containsExactly("a recvonly", "v recvonly", "d inactive");
        assertThat(offer.sections.get(0).ssrcs).containsExactly(5L);
    }

    @Test
    void aDescriptionWithoutCandidateSaysWhatIsMissing() {
        assertThatThrownBy(() -> RemoteDescription.parse("v=0\r\na=ice-ufrag:a\r\na=ice-pwd:b\r\na=fingerprint:sha-256 AB\r\n"))
                .hasMessageContaining("no UDP a=candidate");
    }
}
