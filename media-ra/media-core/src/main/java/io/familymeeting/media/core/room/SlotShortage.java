package io.familymeeting.media.core.room;

import io.familymeeting.media.api.SlotCounts;

/**
 * Whether a viewer's receive slots carry every track of the source on stage, remembering
 * what was reported so that one shortage is reported once: not on every rebind, again only
 * when the need changes, after the shortage ended, or after the viewer renegotiated.
 */
final class SlotShortage {
    /** What was last reported and has not been resolved since; null: nothing outstanding. */
    private SlotCounts reported;

    /**
     * The viewer has {@code have} slots, the stage source {@code stage} tracks: returns the
     * slots the viewer needs in all (each kind at least what it has) when that is to be
     * reported now, else null.
     */
    synchronized SlotCounts check(SlotCounts have, SlotCounts stage) {
        if (have.covers(stage)) {
            reported = null;
            return null;
        }
        SlotCounts needed = new SlotCounts(Math.max(have.audio(), stage.audio()), Math.max(have.video(), stage.video()));
        if (needed.equals(reported)) {
            return null;
        }
        reported = needed;
        return needed;
    }

    /** The viewer negotiated new slots: a shortage that remains is reported again. */
    synchronized void renegotiated() {
        reported = null;
    }
}
