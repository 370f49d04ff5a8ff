package io.familymeeting.loadtest.janus;

import io.familymeeting.loadtest.LoadTest;
import io.familymeeting.loadtest.Options;
import io.familymeeting.loadtest.RunResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's smoke run against Janus (issue 14's acceptance: N = 20, 10 s, correctness
 * only, never speed): Debian's Janus with the benchmark's config in the test's network
 * namespace, one presenter and 20 viewers through {@link JanusSignaling}; every client
 * connects, every viewer receives audio and video, loss stays under 1 %. Janus is stopped
 * also when the run fails.
 */
class JanusLoadSmokeIT {
    private static final int VIEWERS = 20;

    @Test
    void twentyViewersReceiveOnePresenterThroughJanus() throws Exception {
        RunResult result;
        try (JanusServer janus = JanusServer.start("tuned")) {
            result = LoadTest.run(Options.parse(
                    "--server", "janus", "--janus-url", JanusServer.URL,
                    "--viewers", Integer.toString(VIEWERS), "--duration", "10",
                    "--server-pid", Long.toString(janus.pid())));
        }
        assertThat(result.failures()).as(result.summary()).isEmpty();
        assertThat(result.presentersConnected()).as(result.summary()).isEqualTo(1);
        assertThat(result.viewersConnected()).as(result.summary()).isEqualTo(VIEWERS);
        assertThat(result.viewersWithAudioAndVideo()).as(result.summary()).isEqualTo(VIEWERS);
        assertThat(result.viewerPacketsMin()).as(result.summary()).isPositive();
        assertThat(result.lossPercent()).as(result.summary()).isLessThan(1.0);
    }
}
