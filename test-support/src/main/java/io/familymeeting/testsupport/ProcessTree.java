package io.familymeeting.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and every process under it, and waits until they are gone: launchers such
 * as {@code gcloud} (a Python script whose Java child serves the emulator) or chromedriver
 * (whose Chromium has its own children) leave their children running when only the top
 * process is signalled. The tree is collected before the first signal, because a child whose
 * parent exits is re-parented and no longer found under it.
 *
 * <p>It does not watch for a dying JVM: that is {@link ProcessWatchdog}. For tests only.
 */
public final class ProcessTree {
    /** How long SIGKILLed processes get to disappear. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTree() {
    }

    /** {@code root} and its descendants now, the root first. */
    public static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /**
     * SIGTERM to {@code root} and every descendant, at most {@code grace} for all of them to
     * exit, then SIGKILL to those left; returns once all are gone (or {@link #KILL_WAIT}
     * after the SIGKILL). A root that has already exited is fine.
     */
    public static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = of(root);
        tree.forEach(ProcessHandle::destroy);
        if (awaitGone(tree, grace)) {
            return;
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitGone(tree, KILL_WAIT);
    }

    /** SIGKILL to {@code root} and every descendant at once (a crash), then waits until they are gone. */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = of(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitGone(tree, KILL_WAIT);
    }

    private static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception stillRunning) {
                break;
            }
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }
}
