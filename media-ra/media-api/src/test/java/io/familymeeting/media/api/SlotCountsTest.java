package io.familymeeting.media.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotCountsTest {
    @Test
    void detailRoundTrips() {
        SlotCounts c = new SlotCounts(1, 3);
        assertEquals("audio 1 video 3", c.detail());
        assertEquals(c, SlotCounts.parse(c.detail()));
        assertEquals(new SlotCounts(0, 12), SlotCounts.parse(" audio 0 video 12 "));
    }

    @Test
    void malformedDetailIsRefused() {
        for (String bad : new String[] {null, "", "audio 1", "video 2 audio 1", "audio -1 video 2", "audio x video 2",
                "audio 1 video 99999"}) {
            assertThrows(IllegalArgumentException.class, () -> SlotCounts.parse(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> new SlotCounts(-1, 0));
    }

    @Test
    void coversEachKindSeparately() {
        assertTrue(new SlotCounts(1, 3).covers(new SlotCounts(1, 2)));
        assertTrue(new SlotCounts(1, 2).covers(new SlotCounts(1, 2)));
        assertFalse(new SlotCounts(1, 1).covers(new SlotCounts(1, 2)));
        assertFalse(new SlotCounts(0, 3).covers(new SlotCounts(1, 2)));
    }
}
