package io.familymeeting.system;

import io.familymeeting.media.core.peers.LoopbackOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code RUN_TIME_ENV=production} and no {@code ADMIN_PASSWORD} the console is not
 * served (503 with the reason, and the reason in the log), while the meeting itself and
 * the health checks carry on. Production defaults to ACCESS_MODE=token (given a key here):
 * the room list and joins without an invitation are refused.
 */
@ExtendWith(LoopbackOnly.class)
class ConsoleRefusedIT {
    private static PayaraMicro server;

    @BeforeAll
    static void start() {
        server = PayaraMicro.start("console-refused", Deployables.freeUdpPort(), Map.of("RUN_TIME_ENV", "production",
                "ACCESS_TOKEN_SECRET", "console-refused-it-secret-of-32-bytes-or-more"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void productionWithoutAPasswordRefusesTheConsoleAndServesTheMeeting() throws Exception {
        for (String path : new String[] {"admin/login", "admin/index.xhtml", "admin/rooms.xhtml"}) {
            Http.Reply r = Http.get(server.meeting(path));
            assertThat(r.status()).as(path).isEqualTo(503);
            assertThat(r.body()).as(path).contains("RUN_TIME_ENV=production requires ADMIN_PASSWORD");
        }
        assertThat(Http.get(server.api("admin/status")).status()).isEqualTo(503);
        assertThat(Http.get(server.meeting("room.html")).status()).isEqualTo(200);
        assertThat(Http.get(server.base().resolve("/health/ready")).status()).isEqualTo(200);
        String log = Files.readString(Deployables.workDir("console-refused").resolve("server.log"));
        assertThat(log).contains("The admin console is disabled: RUN_TIME_ENV=production requires ADMIN_PASSWORD");
    }

    @Test
    void productionIsTokenModeByDefault() {
        assertThat(Http.get(server.api("config")).json()).containsEntry("access", "token");
        Http.Reply list = Http.get(server.api("rooms"));
        assertThat(list.status()).isEqualTo(401);
        assertThat(list.body()).contains("only the console lists the rooms of this server");
        Http.Reply join = Http.put(server.api("rooms/r1/participants/p1"),
                Map.of("name", "Walk-in", "role", "viewer", "offer", Map.of("type", "offer", "sdp", "v=0\r\n", "rev", 1)));
        assertThat(join.status()).isEqualTo(401);
        assertThat(join.body()).contains("this server admits invited participants only");
    }
}
