package io.familymeeting.media.core.room;

import io.familymeeting.media.api.SlotCounts;

/**
 * Whether a viewer's receive slots carry every track of the source on stage, remembering
 * what was reported so that one shortage is reported once: not on every rebind, again only
 * when it changes (the stage source's tracks or the viewer's slots), or after it ended.
 *
 * <p>A viewer that renegotiates with the same slots and is still short is not told again:
 * a client that obeys the flag without adding slots would otherwise renegotiate forever.
 */
final class SlotShortage {
    /** The viewer's slots when the outstanding shortage was reported; null: none outstanding. */
    private SlotCounts reportedHave;
    private SlotCounts reportedNeed;

    /**
     * The viewer has {@code have} slots, the stage source {@code stage} tracks: returns the
     * slots the viewer needs in all (each kind at least what it has) when that is to be
     * reported now, else null.
     */
    synchronized SlotCounts check(SlotCounts have, SlotCounts stage) {
        if (have.covers(stage)) {
            reportedHave = null;
            reportedNeed = null;
            return null;
        }
        SlotCounts needed = new SlotCounts(Math.max(have.audio(), stage.audio()), Math.max(have.video(), stage.video()));
        if (needed.equals(reportedNeed) && have.equals(reportedHave)) {
            return null;
        }
        reportedHave = have;
        reportedNeed = needed;
        return needed;
    }
}
