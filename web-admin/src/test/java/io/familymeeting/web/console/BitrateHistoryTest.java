package io.familymeeting.web.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' history: one sample per interval, five minutes kept, departed keys forgotten. */
class BitrateHistoryTest {

    @Test
    void samplesAtMostOncePerIntervalAndForgetsOldOnes() {
        BitrateHistory h = new BitrateHistory();
        h.sample(0, Map.of("a", new long[] {10, 20}));
        h.sample(500, Map.of("a", new long[] {11, 21}));
        Map<String, List<long[]>> m = h.sample(1000, Map.of("a", new long[] {12, 22}, "b", new long[] {1, 2}));
        assertThat(m.get("a")).hasSize(2);
        assertThat(m.get("a").get(1)).containsExactly(1000, 12, 22);
        assertThat(m.get("b")).hasSize(1);

        m = h.sample(BitrateHistory.KEEP_MS + 500, Map.of("a", new long[] {13, 23}));
        assertThat(m.get("a")).extracting(s -> s[0]).containsExactly(1000L, BitrateHistory.KEEP_MS + 500);
        m = h.sample(BitrateHistory.KEEP_MS + 1500, Map.of());
        assertThat(m).containsOnlyKeys("a");
    }

    @Test
    void chartKeysCoverTotalRoomsAndParticipants() {
        RoomView room = new RoomView("r1", List.of(
                new ParticipantView("p1", "A", "presenter", "", "", "", 0, 100, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, "none", -1, ""),
                new ParticipantView("v1", "B", "viewer", "", "", "", 0, 0, 90, 0, 0, 0, 0, -1, 0, 0, 0, 0, "none", -1, "")), List.of(), 100, 90);
        Map<String, long[]> keys = ConsoleService.bitrates(List.of(room));
        assertThat(keys).containsOnlyKeys("total", "r:r1", "p:r1/p1", "p:r1/v1");
        assertThat(keys.get("total")).containsExactly(100, 90);
        assertThat(keys.get("p:r1/v1")).containsExactly(0, 90);
    }
}
