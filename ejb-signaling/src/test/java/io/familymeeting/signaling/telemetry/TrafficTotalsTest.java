package io.familymeeting.signaling.telemetry;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.TrackStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-track snapshot counters to monotonic totals: gains add up, departures keep their share, decreases add nothing. */
class TrafficTotalsTest {

    private static TrackStats track(String dir, long ssrc, long packets, long bytes, long lost, long nacks, long plis, long rtx) {
        return new TrackStats("video", dir, ssrc, packets, bytes, 0, lost, 0, -1, nacks, plis, rtx);
    }

    private static RoomSnapshot room(TrackStats presenterIn, TrackStats... viewerOut) {
        List<ParticipantSnapshot> ps = new java.util.ArrayList<>();
        ps.add(new ParticipantSnapshot("p", "P", ParticipantRole.PRESENTER, "", "", "", Instant.EPOCH, List.of(presenterIn)));
        for (int i = 0; i < viewerOut.length; i++) {
            ps.add(new ParticipantSnapshot("v" + i, "V", ParticipantRole.VIEWER, "", "", "", Instant.EPOCH, List.of(viewerOut[i])));
        }
        return new RoomSnapshot("r", ps);
    }

    @Test
    void gainsAddUpPerDirection() {
        TrafficTotals totals = new TrafficTotals();
        TrafficTotals.Totals t = totals.update(List.of(room(track("in", 1, 100, 10_000, 2, 1, 1, 0),
                track("out", 9, 90, 9_000, 0, 3, 2, 3))));
        assertThat(t.in()).containsExactly(100, 10_000, 2, 1, 1, 0);
        assertThat(t.out()).containsExactly(90, 9_000, 0, 3, 2, 3);
        t = totals.update(List.of(room(track("in", 1, 150, 15_000, 2, 1, 1, 0), track("out", 9, 140, 14_000, 1, 3, 2, 3))));
        assertThat(t.in()[TrafficTotals.PACKETS]).isEqualTo(150);
        assertThat(t.out()[TrafficTotals.BYTES]).isEqualTo(14_000);
        assertThat(t.out()[TrafficTotals.LOST]).isEqualTo(1);
    }

    @Test
    void aDepartedViewerKeepsItsShareAndANewOneAddsItsOwn() {
        TrafficTotals totals = new TrafficTotals();
        totals.update(List.of(room(track("in", 1, 100, 1000, 0, 0, 0, 0), track("out", 9, 80, 800, 0, 0, 0, 0))));
        TrafficTotals.Totals t = totals.update(List.of(room(track("in", 1, 120, 1200, 0, 0, 0, 0))));
        assertThat(t.out()[TrafficTotals.PACKETS]).as("the viewer left; what it got stays counted").isEqualTo(80);
        t = totals.update(List.of(room(track("in", 1, 130, 1300, 0, 0, 0, 0), track("out", 9, 5, 50, 0, 0, 0, 0))));
        assertThat(t.out()[TrafficTotals.PACKETS]).as("a new viewer with the same id starts from 0").isEqualTo(85);
        assertThat(totals.update(List.of()).in()[TrafficTotals.PACKETS]).isEqualTo(130);
    }

    @Test
    void aCounterThatGoesDownAddsOnlyBeyondItsHighMark() {
        TrafficTotals totals = new TrafficTotals();
        totals.update(List.of(room(track("in", 1, 10, 100, 0, 0, 0, 0), track("out", 9, 10, 100, 10, 0, 0, 0))));
        TrafficTotals.Totals t = totals.update(List.of(room(track("in", 1, 10, 100, 0, 0, 0, 0),
                track("out", 9, 10, 100, 8, 0, 0, 0))));
        assertThat(t.out()[TrafficTotals.LOST]).isEqualTo(10);
        t = totals.update(List.of(room(track("in", 1, 10, 100, 0, 0, 0, 0), track("out", 9, 10, 100, 11, 0, 0, 0))));
        assertThat(t.out()[TrafficTotals.LOST]).isEqualTo(11);
        t = totals.update(List.of(room(track("in", 1, 10, 100, -1, 0, 0, 0), track("out", 9, 10, 100, 11, 0, 0, 0))));
        assertThat(t.in()[TrafficTotals.LOST]).as("negative loss (duplicates) counts as none").isZero();
    }

    @Test
    void failurePhasesFromTheEngineDetail() {
        assertThat(OtelSignalingTelemetry.phase("ICE: no candidate pair succeeded")).isEqualTo("ice");
        assertThat(OtelSignalingTelemetry.phase("DTLS: handshake timed out")).isEqualTo("dtls");
        assertThat(OtelSignalingTelemetry.phase(null)).isEqualTo("other");
    }
}
