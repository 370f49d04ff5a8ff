package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceCandidateInfoTest {
    @Test
    void keepsTheFieldsOfAnSdpCandidateLine() {
        // a=candidate:842163049 1 udp 1677729535 198.51.100.7 50123 typ srflx raddr 192.168.1.20 rport 50123
        IceCandidateInfo c = new IceCandidateInfo("842163049", 1, "udp", 1677729535L, "198.51.100.7", 50123,
                IceCandidateType.SRFLX, "192.168.1.20", 50123);
        assertThat(c.type().sdpName()).isEqualTo("srflx");
        assertThat(c.relatedAddress()).isEqualTo("192.168.1.20");
        assertThat(new IceCandidateInfo("1", 1, "udp", 1, "192.0.2.1", 1, IceCandidateType.HOST).relatedPort())
                .isEqualTo(-1);
        assertThat(new IceCandidateInfo("1", 1, "udp", IceCandidateInfo.MAX_PRIORITY, "192.0.2.1", 1,
                IceCandidateType.HOST).priority()).isEqualTo(4294967295L);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 1", "257, 1, 1", "1, -1, 1", "1, 4294967296, 1", "1, 1, 65536", "1, 1, -1"})
    void rejectsOutOfRangeNumbers(int component, long priority, int port) {
        assertThatThrownBy(() -> new IceCandidateInfo("f", component, "udp", priority, "192.0.2.1", port,
                IceCandidateType.HOST)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"host, HOST", "SRFLX, SRFLX", "prflx, PRFLX", "relay, RELAY"})
    void parsesCandidateTypes(String token, IceCandidateType type) {
        assertThat(IceCandidateType.fromSdpName(token)).isEqualTo(type);
    }

    @Test
    void rejectsUnknownCandidateType() {
        assertThatThrownBy(() -> IceCandidateType.fromSdpName("tcp")).isInstanceOf(IllegalArgumentException.class);
        // Fuzzing finding (RemoteInputFuzzTest, long run): the message quoted the whole token, 600+ characters.
        String longType = "h*oscoT" + "-$".repeat(300) + "\u0001lalt";
        assertThatThrownBy(() -> IceCandidateType.fromSdpName(longType)).isInstanceOf(IllegalArgumentException.class)
                .message().hasSizeLessThan(100).doesNotContain("\u0001").startsWith("unknown ICE candidate type: h*oscoT-$");
    }
}
