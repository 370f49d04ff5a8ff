package io.familymeeting.media.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many receive slots (m-lines) of each kind a viewer has or needs. The detail of a
 * {@link MediaEvent.Type#RENEGOTIATION_NEEDED} event is {@link #detail()}: "audio 1 video 2".
 *
 * @param audio audio slots, at least 0
 * @param video video slots, at least 0
 */
public record SlotCounts(int audio, int video) implements java.io.Serializable {
    private static final Pattern DETAIL = Pattern.compile("audio (\\d{1,4}) video (\\d{1,4})");

    public SlotCounts {
        if (audio < 0 || video < 0) {
            throw new IllegalArgumentException("slot counts must not be negative: audio " + audio + " video " + video);
        }
    }

    /** "audio {n} video {m}". */
    public String detail() {
        return "audio " + audio + " video " + video;
    }

    /** Reads {@link #detail()}'s form; throws IllegalArgumentException on anything else. */
    public static SlotCounts parse(String detail) {
        Matcher m = DETAIL.matcher(detail == null ? "" : detail.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a slot count (\"audio N video M\"): " + detail);
        }
        return new SlotCounts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True when this many slots carry every track of {@code needed}. */
    public boolean covers(SlotCounts needed) {
        return audio >= needed.audio && video >= needed.video;
    }
}
