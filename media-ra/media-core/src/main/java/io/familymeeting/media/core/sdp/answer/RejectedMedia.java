package io.familymeeting.media.core.sdp.answer;

/**
 * A media section of the offer that the answer rejects with port 0 (RFC 8829 §5.3.1),
 * with the reason, for logs and for the message shown when nothing at all is usable.
 *
 * @param index  0-based position of the m= line in the offer
 * @param mid    its mid, or null
 * @param media  its media type as written
 * @param reason why, in words for people
 */
public record RejectedMedia(int index, String mid, String media, String reason) {
}
