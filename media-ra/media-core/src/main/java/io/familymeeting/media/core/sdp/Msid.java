package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): the MediaStream a track belongs
 * to. The track id ("appdata") is optional and may be null.
 */
public record Msid(String streamId, String trackId) {
    public Msid {
        Objects.requireNonNull(streamId, "streamId");
    }

    public String value() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
