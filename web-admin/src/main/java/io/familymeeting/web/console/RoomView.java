package io.familymeeting.web.console;

import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.RoomSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room as the console shows it: its participants, its IP cameras and the room's total
 * bitrates (the participants' counters: what the SFU receives and sends).
 */
public record RoomView(String id, List<ParticipantView> participants, List<CameraView> cameras,
                       long bitrateInBps, long bitrateOutBps) {

    static RoomView of(RoomSnapshot room, List<CameraSnapshot> cameras, Instant now) {
        List<ParticipantView> ps = room.participants().stream().map(p -> ParticipantView.of(p, now)).toList();
        return new RoomView(room.roomId(), ps, cameras.stream().map(c -> CameraView.of(c, now)).toList(),
                ps.stream().mapToLong(ParticipantView::bitrateInBps).sum(),
                ps.stream().mapToLong(ParticipantView::bitrateOutBps).sum());
    }

    /**
     * The engine's rooms with their cameras, then the rooms that only have cameras (a camera
     * retrying or idle has no participant in the engine), in the order the engine lists them.
     */
    static List<RoomView> of(List<RoomSnapshot> rooms, List<CameraSnapshot> cameras, Instant now) {
        Map<String, List<CameraSnapshot>> byRoom = new LinkedHashMap<>();
        for (CameraSnapshot c : cameras) {
            byRoom.computeIfAbsent(c.roomId(), k -> new ArrayList<>()).add(c);
        }
        List<RoomView> views = new ArrayList<>();
        for (RoomSnapshot r : rooms) {
            views.add(of(r, byRoom.getOrDefault(r.roomId(), List.of()), now));
            byRoom.remove(r.roomId());
        }
        byRoom.forEach((roomId, cs) -> views.add(of(new RoomSnapshot(roomId, List.of()), cs, now)));
        return List.copyOf(views);
    }
}
