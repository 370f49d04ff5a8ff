package io.familymeeting.testsupport;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessWatchdogTest {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(ProcessWatchdog.GRACE_SECONDS + 10);

    @Test
    void aKilledJvmsProcessTreeIsKilledByItsWatchdog() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WatchedChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ProcessHandle> tree;
        try {
            String line = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the child JVM's shell pid").isNotNull().matches("[0-9]+");
            ProcessHandle shell = ProcessHandle.of(Long.parseLong(line)).orElseThrow();
            tree = ProcessTree.of(shell);
            assertThat(tree).as("the shell and its two sleeps").hasSize(3).allMatch(ProcessHandle::isAlive);
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        try {
            assertThat(tree).as("the tree after its JVM was SIGKILLed").noneMatch(ProcessHandle::isAlive);
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void whileTheJvmLivesTheTargetIsLeftAloneAndTheWatchdogEndsWithIt() throws Exception {
        Process target = new ProcessBuilder("sleep", "600").start();
        try {
            ProcessWatchdog watchdog = ProcessWatchdog.watch(target.toHandle());
            Thread.sleep(2500);
            assertThat(target.isAlive()).isTrue();
            assertThat(watchdog.handle().isAlive()).isTrue();
            target.destroy();
            assertThat(watchdog.handle().onExit().get(10, TimeUnit.SECONDS).isAlive())
                    .as("the watchdog ended with its target").isFalse();
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void closingTheWatchdogLeavesTheTargetRunning() throws Exception {
        Process target = new ProcessBuilder("sleep", "600").start();
        try {
            ProcessWatchdog watchdog = ProcessWatchdog.watch(target.toHandle());
            watchdog.close();
            assertThat(watchdog.handle().isAlive()).isFalse();
            Thread.sleep(1500);
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly();
        }
    }
}
