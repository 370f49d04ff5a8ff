package io.familymeeting.testsupport;

/**
 * The main class of the JVM {@link ProcessWatchdogTest} kills: starts a shell with two
 * sleeping children under the watchdog, prints the shell's pid and waits to be killed.
 */
public final class WatchedChild {
    private WatchedChild() {
    }

    public static void main(String[] args) throws Exception {
        Process tree = new ProcessBuilder("bash", "-c", "sleep 600 & sleep 600 & wait").start();
        ProcessWatchdog.watch(tree.toHandle());
        while (tree.toHandle().children().count() < 2) {
            Thread.sleep(20);
        }
        System.out.println(tree.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
