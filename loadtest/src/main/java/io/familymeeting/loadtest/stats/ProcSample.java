package io.familymeeting.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a Linux process from /proc (proc(5)): CPU seconds (utime + stime of
 * /proc/PID/stat, in clock ticks of {@link #TICKS_PER_SECOND}), resident memory and threads
 * (/proc/PID/status). Null when the process or /proc is not there.
 */
public record ProcSample(long nanoTime, double cpuSeconds, long rssKb, int threads) {
    /** sysconf(_SC_CLK_TCK) is 100 on every Linux the project runs on. */
    static final int TICKS_PER_SECOND = 100;

    public static ProcSample of(long pid) {
        try {
            long now = System.nanoTime();
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (2nd field) may hold spaces: fields are counted after its ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14, 15
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcSample(now, ticks / (double) TICKS_PER_SECOND, rss, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
