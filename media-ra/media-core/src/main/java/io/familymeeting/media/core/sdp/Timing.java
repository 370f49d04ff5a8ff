package io.familymeeting.media.core.sdp;

/** The {@code t=} line (RFC 8866 §5.9): NTP start and stop times; WebRTC writes 0 0. */
public record Timing(long start, long stop) {
    public static final Timing UNBOUNDED = new Timing(0, 0);

    @Override
    public String toString() {
        return start + " " + stop;
    }
}
