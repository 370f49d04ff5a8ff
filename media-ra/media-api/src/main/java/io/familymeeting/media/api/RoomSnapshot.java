package io.familymeeting.media.api;

import java.util.List;

/** A room and its participants at one moment. */
public record RoomSnapshot(String roomId, List<ParticipantSnapshot> participants)
        implements java.io.Serializable {
    public RoomSnapshot {
        participants = List.copyOf(participants);
    }
}
