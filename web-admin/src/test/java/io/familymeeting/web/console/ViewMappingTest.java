package io.familymeeting.web.console;

import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.api.TrackStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine snapshots to the console's view records: sums, worst jitter / RTT, uptime, room totals. */
class ViewMappingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static TrackStats track(String kind, String dir, long bps, long lost, double jitter, double rtt, long nacks, long plis) {
        return new TrackStats(kind, dir, 1234, 100, 10_000, bps, lost, jitter, rtt, nacks, plis);
    }

    @Test
    void presenterSumsItsIncomingTracks() {
        ParticipantSnapshot p = new ParticipantSnapshot("p1", "Ann", ParticipantRole.PRESENTER, "Completed", "connected",
                "127.0.0.1:10000 -> 127.0.0.1:5000", NOW.minusSeconds(125),
                List.of(track("audio", "in", 40_000, 1, 2.5, -1, 0, 0), track("video", "in", 900_000, 3, 7.0, 12, 4, 2)));
        ParticipantView v = ParticipantView.of(p, NOW);
        assertThat(v.role()).isEqualTo("presenter");
        assertThat(v.bitrateInBps()).isEqualTo(940_000);
        assertThat(v.bitrateOutBps()).isZero();
        assertThat(v.packetsIn()).isEqualTo(200);
        assertThat(v.packetsLost()).isEqualTo(4);
        assertThat(v.jitterMs()).isEqualTo(7.0);
        assertThat(v.rttMs()).isEqualTo(12);
        assertThat(v.nacks()).isEqualTo(4);
        assertThat(v.plis()).isEqualTo(2);
        assertThat(v.uptimeSeconds()).isEqualTo(125);
        assertThat(v.tracks()).isEqualTo(2);
    }

    @Test
    void viewerWithoutTracksHasUnknownRttAndRoomTotalsAddUp() {
        ParticipantSnapshot viewer = new ParticipantSnapshot("v1", "Bob", ParticipantRole.VIEWER, "Running", "connecting",
                "", null, List.of());
        ParticipantSnapshot viewer2 = new ParticipantSnapshot("v2", "Cy", ParticipantRole.VIEWER, "Completed", "connected",
                "a -> b", NOW, List.of(track("video", "out", 500_000, -1, 0, 30, 1, 1)));
        RoomView room = RoomView.of(new RoomSnapshot("r", List.of(viewer, viewer2)), List.of(), NOW);
        ParticipantView v1 = room.participants().get(0);
        assertThat(v1.rttMs()).isEqualTo(-1);
        assertThat(v1.uptimeSeconds()).isZero();
        assertThat(room.participants().get(1).packetsLost()).as("negative loss is not counted").isZero();
        assertThat(room.bitrateOutBps()).isEqualTo(500_000);
        assertThat(room.bitrateInBps()).isZero();
    }

    @Test
    void droppedDatagramsAndTheirCauses() {
        DropCounts drops = new DropCounts(1, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 2);
        ParticipantSnapshot p = new ParticipantSnapshot("v1", "Bob", ParticipantRole.VIEWER, "Completed", "connected",
                "a -> b", NOW, List.of(), drops, 1_250_000);
        ParticipantView v = ParticipantView.of(p, NOW);
        assertThat(v.dropped()).isEqualTo(9);
        assertThat(v.estimateBps()).isEqualTo(1_250_000);
        assertThat(v.dropSummary()).isEqualTo("garbage 1, dtls_rejected 3, srtp_auth_failed 5, candidates_ignored 2");
        ParticipantSnapshot clean = new ParticipantSnapshot("v2", "Cy", ParticipantRole.VIEWER, "", "", "", NOW, List.of());
        assertThat(ParticipantView.of(clean, NOW).dropSummary()).isEqualTo("none");
        assertThat(ParticipantView.of(clean, NOW).estimateBps()).as("no estimate yet").isEqualTo(-1);
    }

    private static CameraSnapshot camera(String room, String id, CameraState state, String message) {
        return new CameraSnapshot(room, id, "rtsp://127.0.0.1:8554/" + id, state, message, "H264 42c00d", "",
                state == CameraState.PLAYING ? 25.0 : 0, state == CameraState.PLAYING ? 300_000 : 0, 1, -1,
                NOW.minusSeconds(42));
    }

    @Test
    void camerasGoToTheirRoomsAndRoomsWithOnlyCamerasAreListedAfterTheEngineRooms() {
        RoomSnapshot served = new RoomSnapshot("r", List.of());
        List<RoomView> rooms = RoomView.of(List.of(served), List.of(
                camera("lonely", "door", CameraState.RETRYING, "connection refused"),
                camera("r", "front", CameraState.PLAYING, "H264 42c00d"),
                camera("lonely", "yard", CameraState.ERROR, "401 Unauthorized")), NOW);
        assertThat(rooms).extracting(RoomView::id).containsExactly("r", "lonely");
        CameraView front = rooms.get(0).cameras().get(0);
        assertThat(front.state()).isEqualTo("playing");
        assertThat(front.fps()).isEqualTo(25.0);
        assertThat(front.bitrateBps()).isEqualTo(300_000);
        assertThat(front.error()).as("a playing camera has no error").isEmpty();
        assertThat(front.message()).isEqualTo("H264 42c00d");
        assertThat(front.stateSeconds()).isEqualTo(42);
        assertThat(rooms.get(1).cameras()).extracting(CameraView::id).containsExactly("door", "yard");
        assertThat(rooms.get(1).cameras()).extracting(CameraView::error).containsExactly("connection refused", "401 Unauthorized");
        assertThat(rooms.get(1).participants()).isEmpty();
    }
}
