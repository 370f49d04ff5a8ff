package io.familymeeting.web.console;

import io.familymeeting.media.api.ParticipantRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InviteLinkTest {
    @Test
    void theLinkIsTheRoomPageNextToTheApiWithTheTokenInItsFragment() {
        assertThat(InviteLink.path("/meeting/api/", "sunday-lunch", ParticipantRole.PRESENTER, "a.b.c"))
                .isEqualTo("/meeting/room.html?room=sunday-lunch&role=presenter&auto=1#token=a.b.c");
        assertThat(InviteLink.path("/api/", "r1", ParticipantRole.VIEWER, "t"))
                .isEqualTo("/room.html?room=r1&role=viewer&auto=1#token=t");
    }
}
