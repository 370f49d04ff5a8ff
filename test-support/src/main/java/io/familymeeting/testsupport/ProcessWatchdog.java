package io.familymeeting.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process a test started, with everything under it, when the test's JVM is gone
 * without having stopped it: a crashed or killed Surefire / Failsafe fork (SIGKILL, an
 * {@code OutOfMemoryError}, a build interrupted with Ctrl-C) would otherwise leave app
 * servers, browsers and emulators running. The watchdog is a small bash loop, started next
 * to the target, that checks once a second whether this JVM and the target are still there;
 * when the JVM is gone it sends SIGTERM to the target's whole tree (collected before the
 * first signal, so children re-parented by it are not missed), and SIGKILL to what is left
 * ten seconds later. It ignores SIGINT and SIGHUP, so a Ctrl-C that kills the JVM does not
 * kill the watchdog first. It ends by itself once the target has ended.
 *
 * <p>It does not stop the target while the JVM lives: the test does that (see
 * {@link ProcessTree#stop}) and then {@link #close() closes} the watchdog. Needs bash and
 * pgrep (procps). For tests only.
 */
public final class ProcessWatchdog implements AutoCloseable {
    /** SIGTERM first; what has not exited after this many seconds gets SIGKILL. */
    static final int GRACE_SECONDS = 10;

    private static final String SCRIPT = """
            jvm=$1; target=$2; grace=$3
            trap '' INT HUP
            tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
            while kill -0 "$target" 2>/dev/null; do
              if ! kill -0 "$jvm" 2>/dev/null; then
                pids=$(tree "$target")
                kill $pids 2>/dev/null
                for _ in $(seq "$grace"); do
                  alive=""
                  for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
                  [ -z "$alive" ] && exit 0
                  sleep 1
                done
                kill -9 $pids 2>/dev/null
                exit 0
              fi
              sleep 1
            done
            """;

    private final Process watcher;

    private ProcessWatchdog(Process watcher) {
        this.watcher = watcher;
    }

    /** Starts watching {@code target} (a process this JVM started, or one under it). */
    public static ProcessWatchdog watch(ProcessHandle target) {
        List<String> cmd = List.of("bash", "-c", SCRIPT, "process-watchdog",
                Long.toString(ProcessHandle.current().pid()), Long.toString(target.pid()), Integer.toString(GRACE_SECONDS));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            return new ProcessWatchdog(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of process " + target.pid() + " (needs bash)", e);
        }
    }

    /** The watchdog's own process (for tests of it). */
    ProcessHandle handle() {
        return watcher.toHandle();
    }

    /** Stops watching; leaves the target alone. */
    @Override
    public void close() {
        watcher.destroy();
        try {
            if (!watcher.waitFor(5, TimeUnit.SECONDS)) {
                watcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watcher.destroyForcibly();
        }
    }
}
