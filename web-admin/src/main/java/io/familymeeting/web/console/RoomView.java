package io.familymeeting.web.console;

import io.familymeeting.media.api.RoomSnapshot;

import java.time.Instant;
import java.util.List;

/** One room as the console shows it: its participants and the room's total bitrates. */
public record RoomView(String id, List<ParticipantView> participants, long bitrateInBps, long bitrateOutBps) {

    static RoomView of(RoomSnapshot room, Instant now) {
        List<ParticipantView> ps = room.participants().stream().map(p -> ParticipantView.of(p, now)).toList();
        return new RoomView(room.roomId(), ps,
                ps.stream().mapToLong(ParticipantView::bitrateInBps).sum(),
                ps.stream().mapToLong(ParticipantView::bitrateOutBps).sum());
    }

    public int getSize() {
        return participants.size();
    }
}
