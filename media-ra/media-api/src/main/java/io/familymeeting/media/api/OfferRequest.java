package io.familymeeting.media.api;

import java.util.Objects;

/**
 * A participant's SDP offer, to be answered by the media engine.
 *
 * @param roomId        the room the participant joins
 * @param participantId unique within the room (the signaling document id)
 * @param displayName   what other people see; may be empty
 * @param role          presenter (publishes) or viewer (receives)
 * @param sdp           the offer as the browser wrote it
 */
public record OfferRequest(String roomId, String participantId, String displayName,
                           ParticipantRole role, String sdp) {
    public OfferRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(sdp, "sdp");
        displayName = displayName == null ? "" : displayName;
    }
}
