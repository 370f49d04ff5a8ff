package io.familymeeting.media.core.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): the MediaStream a track belongs
 * to. The track id ("appdata") is optional and may be null. The same value appears in the
 * legacy {@code a=ssrc:<ssrc> msid:} attribute.
 */
public record Msid(String streamId, String trackId) {
    public Msid {
        Objects.requireNonNull(streamId, "streamId");
    }

    /** Reads {@code <stream id> [<track id>]}; empty when the value is not one or two tokens. */
    public static Optional<Msid> parse(String value) {
        List<String> t = Tokens.split(value);
        if (t.isEmpty() || t.size() > 2) {
            return Optional.empty();
        }
        return Optional.of(new Msid(t.get(0), t.size() > 1 ? t.get(1) : null));
    }

    public String value() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
