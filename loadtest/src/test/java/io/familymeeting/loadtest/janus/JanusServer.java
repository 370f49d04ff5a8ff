package io.familymeeting.loadtest.janus;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Janus, started for a test the way the benchmark starts it: bench/netns.sh's
 * {@code netns_setup} adds the veth that carries 127.0.0.1/32 in this (already private)
 * network namespace, then {@code bench/janus/janus.sh run tuned} becomes janus with
 * bench/janus's config; {@link #close()} stops it (a {@link ProcessWatchdog} does if the test
 * JVM dies first) and removes the veth (netns_teardown). The bench folder comes from the {@code bench.dir} system property (set by
 * the module's failsafe configuration).
 *
 * <p>It asserts nothing about Janus; failures to start say why, with the end of Janus's log.
 */
final class JanusServer implements AutoCloseable {
    static final String URL = "http://127.0.0.1:8088/janus";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path bench;
    private final Process process;
    private final ProcessWatchdog watchdog;
    private final Path log;

    private JanusServer(Path bench, Process process, Path log) {
        this.bench = bench;
        this.process = process;
        this.watchdog = ProcessWatchdog.watch(process.toHandle());
        this.log = log;
    }

    static JanusServer start(String variant) throws IOException, InterruptedException {
        Path bench = Path.of(System.getProperty("bench.dir", "../bench")).toAbsolutePath().normalize();
        Path log = Files.createTempFile("janus-", ".log");
        if (netns(bench, "netns_setup", log) != 0) {
            netns(bench, "netns_teardown", null);
            throw new IllegalStateException("bench/netns.sh's netns_setup failed (run the test in a network "
                    + "namespace of its own, as bin/run-tests does): " + Files.readString(log));
        }
        Process janus;
        try {
            janus = new ProcessBuilder("bash", bench.resolve("janus/janus.sh").toString(), "run", variant)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            netns(bench, "netns_teardown", null);
            throw e;
        }
        JanusServer server = new JanusServer(bench, janus, log);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create(URL + "/info")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("janus exited at start (" + process.exitValue() + "): " + logTail());
            }
            try {
                if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("janus's HTTP API did not answer at " + URL + " within " + START_TIMEOUT
                + ": " + logTail());
    }

    /** Janus's process id (bash execs janus), for the generator's /proc sampling. */
    long pid() {
        return process.pid();
    }

    /** Runs one function of bench/netns.sh; its output goes to {@code log} (or nowhere). */
    private static int netns(Path bench, String function, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$1\" && " + function, "bash",
                bench.resolve("netns.sh").toString()).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        return pb.start().waitFor();
    }

    /** The last lines of Janus's output, for failure messages. */
    String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops Janus, then removes the veth so later tests in the namespace see only lo. */
    @Override
    public void close() {
        try {
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(10));
        } finally {
            watchdog.close();
            try {
                netns(bench, "netns_teardown", null);
            } catch (IOException e) {
                // nothing more to do than to say so in the test's output
                System.err.println("JanusServer: cannot remove the veth: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a leftover temp file
            }
        }
    }
}
