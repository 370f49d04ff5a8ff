package io.familymeeting.signaling.broadcast;

import java.util.Objects;

/**
 * One {@code broadcast_requests/{id}} document as the family-meeting web client writes it
 * (docs/signaling.md), parsed by {@link BroadcastRequestCodec}.
 *
 * @param id        the document id
 * @param requestor display name
 * @param kind      broadcaster (a room with one presenter) or participant (a viewer)
 * @param parent    "" for a broadcaster; the broadcaster's document id for a participant
 * @param offerSdp  the SDP of the browser's offer
 * @param answered  true once the server wrote an answer
 * @param abort     true when the browser ended it
 */
public record BroadcastRequest(String id, String requestor, Kind kind, String parent, String offerSdp,
                               boolean answered, boolean abort) {
    public enum Kind { BROADCASTER, PARTICIPANT }

    public BroadcastRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestor, "requestor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(offerSdp, "offerSdp");
    }

    public boolean isBroadcaster() {
        return kind == Kind.BROADCASTER;
    }

    /** The broadcaster document id whose room this request belongs to (itself for a broadcaster). */
    public String broadcasterId() {
        return isBroadcaster() ? id : parent;
    }
}
