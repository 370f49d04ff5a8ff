package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.core.room.Budgets;
import io.familymeeting.media.core.sdp.ViewerOffers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What admitted-but-silent viewers cost: 100 viewers send the issue's offer (63 recvonly video
 * m-lines, {@link ViewerOffers}) to a real engine on 127.0.0.1; each is answered within its
 * slots (1 audio + 4 video), gets its transport on the media port, and never starts ICE. The
 * heap they keep (after full collections, {@link HeapMeter}) must stay under
 * {@link #MAX_GROWTH_BYTES}; measured 2.8 MB (28 kB a viewer) on 2026-12-07, so the bound has
 * a margin of about 3.5. Before per-consumer buffers were made on first use, one such viewer
 * kept about 50 MB (63 NACK histories of 768 kB). Closing them gives the memory back.
 * Needs no browser: nothing is sent but the engine's own loopback traffic.
 */
class SilentViewersMemoryIT {
    private static final int VIEWERS = 100;
    /** 100 kB a viewer. */
    private static final long MAX_GROWTH_BYTES = 10_000_000;
    /** What may stay behind once they are gone (pools, class data). */
    private static final long MAX_LEFT_BYTES = 2_000_000;

    @Test
    void aHundredSilentViewersOfTheIssuesOfferKeepKilobytesEach() throws Exception {
        String offer = ViewerOffers.withVideoSlots(63);
        // Room for the offer's 64 m-lines: the worst offer the engine admits, answered within its slots.
        try (EngineFixture f = new EngineFixture(Budgets.defaults().withMlinesPerOffer(64))) {
            for (int i = 0; i < 10; i++) {
                f.engine.answer(viewer("warm-up", "w" + i, offer));
            }
            f.engine.closeRoom("warm-up");
            long before = HeapMeter.retainedBytes();
            long allocatedBefore = HeapMeter.allocatedBytes();

            for (int i = 0; i < VIEWERS; i++) {
                f.engine.answer(viewer("silent", "v" + i, offer));
            }
            long allocated = HeapMeter.allocatedBytes() - allocatedBefore;
            long growth = HeapMeter.retainedBytes() - before;

            RoomSnapshot room = f.engine.rooms().get(0);
            assertThat(room.participants()).as("all admitted and still there").hasSize(VIEWERS);
            for (ParticipantSnapshot p : room.participants()) {
                assertThat(p.iceState()).as("silent: ICE never connects").isNotEqualTo("CONNECTED");
                assertThat(p.tracks()).as("1 audio + 4 video slots").hasSize(5);
            }
            System.out.printf("[numbers] %d silent viewers (offer of %d bytes, 63 video m-lines): heap kept %d bytes"
                            + " (%d bytes a viewer), allocated while answering %d bytes a viewer%n",
                    VIEWERS, offer.length(), growth, growth / VIEWERS, allocated / VIEWERS);
            assertThat(growth).as("heap kept by %d silent viewers", VIEWERS).isLessThan(MAX_GROWTH_BYTES);

            f.engine.closeRoom("silent");
            long left = HeapMeter.retainedBytes() - before;
            System.out.printf("[numbers] after they left: %d bytes more than before%n", left);
            assertThat(left).as("heap kept after they left").isLessThan(MAX_LEFT_BYTES);
        }
    }

    private static OfferRequest viewer(String room, String id, String sdp) {
        return new OfferRequest(room, id, "", ParticipantRole.VIEWER, sdp);
    }
}
