package io.familymeeting.media.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DropCountsTest {
    private static final DropCounts A = new DropCounts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

    @Test
    void totalCountsDatagramsNotCandidates() {
        assertEquals(66, A.total());
        assertEquals(0, DropCounts.NONE.total());
    }

    @Test
    void sumsAndReplacements() {
        DropCounts twice = A.plus(A);
        assertEquals(132, twice.total());
        assertEquals(24, twice.candidatesIgnored());
        assertEquals(56, A.withStunRejected(0).total());
        assertEquals(15, A.plusOverflow(4).overflow());
    }

    @Test
    void byCauseNamesEveryDatagramCounterInOrder() {
        assertEquals(List.of("garbage", "dtls_rejected", "srtp_auth_failed", "srtp_replayed", "srtcp_auth_failed",
                "srtcp_replayed", "srtp_invalid", "rtcp_malformed", "unroutable", "stun_rejected", "overflow"),
                List.copyOf(A.byCause().keySet()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), List.copyOf(A.byCause().values()));
        assertEquals(A.total(), A.byCause().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void summaryListsNonZeroCauses() {
        assertEquals("none", DropCounts.NONE.summary());
        assertEquals("dtls_rejected 3, stun_rejected 1", new DropCounts(0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0).summary());
        assertEquals("candidates_ignored 2", new DropCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2).summary());
    }

    @Test
    void snapshotsWithoutCountsHaveNone() {
        assertEquals(DropCounts.NONE, new EngineSnapshot(true, true, 1, List.of(), true, 0, 0, 0).drops());
        assertEquals(DropCounts.NONE,
                new ParticipantSnapshot("p", "P", ParticipantRole.VIEWER, "", "", "", null, List.of()).drops());
    }
}
