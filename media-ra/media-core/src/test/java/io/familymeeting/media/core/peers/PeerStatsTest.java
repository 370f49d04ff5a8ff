package io.familymeeting.media.core.peers;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing the harness page's stats() value as Selenium hands it over (Long / Double / null). */
class PeerStatsTest {

    @Test
    void parsesTheSeleniumValue() {
        Map<String, Object> value = Map.of(
                "connectionState", "connected",
                "video", List.of(
                        Map.of("mid", "1", "framesDecoded", 120L, "frameWidth", 640L, "frameHeight", 480L,
                                "packetsReceived", 400L, "packetsLost", 2L, "nackCount", 7L,
                                "retransmittedPacketsReceived", 5L),
                        Map.of("mid", "2", "framesDecoded", 30L, "frameWidth", 1280L, "frameHeight", 720L,
                                "packetsReceived", 90L)),
                "audio", Map.of("packetsReceived", 250L, "bytesReceived", 20000L),
                "outbound", Map.of("packetsSent", 0L, "bytesSent", 0L, "framesEncoded", 0L,
                        "availableOutgoingBitrate", 300000.5d));

        PeerStats stats = PeerStats.fromScript(value);

        assertThat(stats.connected()).isTrue();
        assertThat(stats.totalFramesDecoded()).isEqualTo(150);
        assertThat(stats.video()).containsExactly(
                new PeerStats.Video("1", 120, 640, 480, 400, 2, 7, 5),
                new PeerStats.Video("2", 30, 1280, 720, 90, 0, 0, 0));
        assertThat(stats.totalNackCount()).isEqualTo(7);
        assertThat(stats.totalRetransmittedPacketsReceived()).isEqualTo(5);
        assertThat(stats.audio()).isEqualTo(new PeerStats.Audio(250, 20000));
        assertThat(stats.outbound().availableOutgoingBitrate()).hasValue(300000.5d);
    }

    @Test
    void missingNumbersAndBitrateAreZeroAndEmpty() {
        Map<String, Object> video = new HashMap<>();
        video.put("mid", null);
        video.put("framesDecoded", null);
        Map<String, Object> outbound = new HashMap<>();
        outbound.put("availableOutgoingBitrate", null);
        Map<String, Object> value = Map.of("connectionState", "new", "video", List.of(video),
                "audio", Map.of(), "outbound", outbound);

        PeerStats stats = PeerStats.fromScript(value);

        assertThat(stats.connected()).isFalse();
        assertThat(stats.video()).containsExactly(new PeerStats.Video(null, 0, 0, 0, 0, 0, 0, 0));
        assertThat(stats.outbound().availableOutgoingBitrate()).isEmpty();
    }

    @Test
    void rejectsValuesOfTheWrongShape() {
        for (Object bad : Arrays.asList(null, "x", Map.of("video", "no"),
                Map.of("video", List.of(), "audio", Map.of("packetsReceived", "many"), "outbound", Map.of()),
                Map.of("video", List.of("x"), "audio", Map.of(), "outbound", Map.of()))) {
            assertThatThrownBy(() -> PeerStats.fromScript(bad)).isInstanceOf(HarnessException.class);
        }
    }
}
