package io.familymeeting.media.core.forward;

/** The two kinds of track the SFU forwards. */
public enum TrackKind {
    AUDIO,
    VIDEO;

    public static TrackKind of(String sdpMediaKind) {
        return "audio".equalsIgnoreCase(sdpMediaKind) ? AUDIO : VIDEO;
    }
}
