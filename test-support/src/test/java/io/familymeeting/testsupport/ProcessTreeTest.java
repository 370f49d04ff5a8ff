package io.familymeeting.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeTest {

    private static Process shellWithTwoSleeps(String trap) throws Exception {
        Process shell = new ProcessBuilder("bash", "-c", trap + "sleep 600 & sleep 600 & wait").start();
        while (shell.toHandle().children().count() < 2) {
            Thread.sleep(20);
        }
        return shell;
    }

    @Test
    void stopEndsTheWholeTree() throws Exception {
        assertStopEndsTheTree("", Duration.ofSeconds(10));
    }

    @Test
    void whatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        // The shell ignores SIGTERM (its sleeps do not): it is left for the SIGKILL.
        assertStopEndsTheTree("trap '' TERM; ", Duration.ofMillis(500));
    }

    private static void assertStopEndsTheTree(String trap, Duration grace) throws Exception {
        Process shell = shellWithTwoSleeps(trap);
        List<ProcessHandle> tree = ProcessTree.of(shell.toHandle());
        assertThat(tree).hasSize(3);
        ProcessTree.stop(shell.toHandle(), grace);
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void killEndsTheWholeTreeAndAnEndedRootIsFine() throws Exception {
        Process shell = shellWithTwoSleeps("");
        List<ProcessHandle> tree = ProcessTree.of(shell.toHandle());
        ProcessTree.kill(shell.toHandle());
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        ProcessTree.stop(shell.toHandle(), Duration.ofSeconds(1));
    }
}
