package io.familymeeting.media.core.room;

import io.familymeeting.media.api.SlotCounts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlotShortageTest {
    private final SlotShortage shortage = new SlotShortage();

    @Test
    void enoughSlotsReportNothing() {
        assertThat(shortage.check(new SlotCounts(1, 2), new SlotCounts(1, 2))).isNull();
        assertThat(shortage.check(new SlotCounts(1, 2), new SlotCounts(1, 1))).isNull();
        assertThat(shortage.check(new SlotCounts(1, 2), new SlotCounts(0, 0))).as("nobody on stage").isNull();
    }

    @Test
    void oneShortageIsReportedOnceWithTheTotalNeeded() {
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isEqualTo(new SlotCounts(1, 2));
        // Rebinds (another presenter packet path, a viewer joining) do not repeat it.
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isNull();
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isNull();
    }

    @Test
    void theNeedKeepsWhatTheViewerHasOfTheOtherKind() {
        assertThat(shortage.check(new SlotCounts(2, 1), new SlotCounts(1, 3))).isEqualTo(new SlotCounts(2, 3));
        assertThat(shortage.check(new SlotCounts(0, 2), new SlotCounts(1, 1))).isEqualTo(new SlotCounts(1, 2));
    }

    @Test
    void aChangedShortageIsReportedAgain() {
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isEqualTo(new SlotCounts(1, 2));
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 3))).isEqualTo(new SlotCounts(1, 3));
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 3))).isNull();
    }

    @Test
    void aShortageThatEndedAndCameBackIsReportedAgain() {
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isNotNull();
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 1))).as("screen share stopped").isNull();
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isEqualTo(new SlotCounts(1, 2));
    }

    @Test
    void aViewerStillShortAfterRenegotiatingWithMoreSlotsIsToldAgain() {
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 3))).isEqualTo(new SlotCounts(1, 3));
        assertThat(shortage.check(new SlotCounts(1, 2), new SlotCounts(1, 3))).isEqualTo(new SlotCounts(1, 3));
        assertThat(shortage.check(new SlotCounts(1, 2), new SlotCounts(1, 3))).isNull();
    }

    @Test
    void aViewerThatRenegotiatesWithTheSameSlotsIsNotToldAgain() {
        // A client that obeys renegotiate without adding slots must not be driven round forever.
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).isNotNull();
        assertThat(shortage.check(new SlotCounts(1, 1), new SlotCounts(1, 2))).as("rebound after its new offer").isNull();
    }
}
