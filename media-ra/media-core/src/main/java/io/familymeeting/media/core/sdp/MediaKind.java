package io.familymeeting.media.core.sdp;

import java.util.Locale;
import java.util.Optional;

/** The two media types the SFU forwards (the {@code m=} media field, RFC 8866 §5.14). */
public enum MediaKind {
    AUDIO, VIDEO;

    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MediaKind> fromSdpName(String media) {
        return switch (media) {
            case MediaDescription.AUDIO -> Optional.of(AUDIO);
            case MediaDescription.VIDEO -> Optional.of(VIDEO);
            default -> Optional.empty();
        };
    }
}
