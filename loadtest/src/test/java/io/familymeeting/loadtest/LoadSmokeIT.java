package io.familymeeting.loadtest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator's smoke run against our server (issue 14's CI check): Payara Micro with
 * the deployables, one presenter replaying the fixture and {@link #VIEWERS} viewers for
 * {@link #SECONDS} s. Asserts correctness only (everyone connected, every viewer got audio and
 * video, loss under 1 %), never speed: the numbers are printed for the log.
 */
class LoadSmokeIT {
    private static final int VIEWERS = 20;
    private static final int SECONDS = 10;

    private static MicroServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MicroServer.start("loadtest-smoke", VIEWERS + 1);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twentyViewersOfOnePresenterGetEveryStreamWithoutLoss() throws Exception {
        RunResult r = LoadTest.run(Options.parse("--server", "ours", "--base-url", server.baseUrl(),
                "--viewers", Integer.toString(VIEWERS), "--duration", Integer.toString(SECONDS),
                "--server-pid", Long.toString(server.pid())));

        System.out.println("[numbers] loadtest smoke: " + r.summary());
        assertThat(r.failures()).as("failures (server log tail:\n%s)", server.logTail()).isEmpty();
        assertThat(r.presentersConnected()).as("presenter connected").isEqualTo(1);
        assertThat(r.viewersConnected()).as("viewers connected").isEqualTo(VIEWERS);
        assertThat(r.viewersWithAudioAndVideo()).as("viewers that received audio and video").isEqualTo(VIEWERS);
        assertThat(r.viewerPacketsMin()).as("packets of the viewer that got fewest in the window").isPositive();
        assertThat(r.expected()).as("packets expected by the viewers").isPositive();
        assertThat(r.lossPercent()).as("loss %").isLessThan(1.0);
        assertThat(r.ok()).isTrue();
    }
}
