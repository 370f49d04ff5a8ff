package io.familymeeting.system;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro running the two deployables exactly as the README's run command does
 * ({@code --deploy media-ra.rar --deploy web-admin.war}), on the embedded store, with HTTP
 * and media bound to 127.0.0.1 (a pre-boot command file) and Hazelcast off; with
 * {@code RUN_TIME_ENV=production} also with the image's docker/micro/logging-production.properties.
 * {@link #close()} stops it the way Kubernetes does (SIGTERM, then a bounded wait); a
 * {@link ProcessWatchdog} stops it if the test JVM dies first.
 */
final class PayaraMicro implements MeetingServer {
    /** Generous: on a loaded 2-core machine two instances starting at once took over eight minutes. */
    /** What Payara logs when an archive given with --deploy fails to deploy. */
    private static final String DEPLOY_FAILURE = "Exception while preparing the app";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("payara.readySeconds", 720));

    /** SIGTERM to exit: the drain (DRAIN_SECONDS, default 30) and Payara's own shutdown. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final ProcessWatchdog watchdog;
    private final int httpPort;
    private final int mediaPort;
    private final Path log;
    private final long startedNanos;
    private long readyMillis = -1;

    private PayaraMicro(Process process, int httpPort, int mediaPort, Path log, long startedNanos) {
        this.process = process;
        this.watchdog = ProcessWatchdog.watch(process.toHandle());
        this.httpPort = httpPort;
        this.mediaPort = mediaPort;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    static PayaraMicro start(String name, int mediaPort, Map<String, String> env) {
        try {
            return launchAndAwait(name, mediaPort, env);
        } catch (DeploymentFailed e) {
            // Payara's deployer once refused web-admin.war at a restart ("DeploymentContext does not
            // contain any EJB") that deployed the same archive a minute earlier: one more start
            // tells such a fluke from an archive that never deploys (which then fails here).
            System.out.println("[flake] " + name + ": Payara Micro did not deploy an archive; starting it once more: "
                    + e.getMessage().lines().findFirst().orElse(""));
            return launchAndAwait(name, mediaPort, env);
        }
    }

    private static PayaraMicro launchAndAwait(String name, int mediaPort, Map<String, String> env) {
        PayaraMicro server = launch(name, mediaPort, env);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Payara Micro started but logged that an archive failed to deploy: it will never be ready. */
    static final class DeploymentFailed extends IllegalStateException {
        DeploymentFailed(String message) {
            super(message);
        }
    }

    /** Started, not waited for (a test that expects it never to get ready). */
    static PayaraMicro launch(String name, int mediaPort, Map<String, String> env) {
        Path work = Deployables.workDir(name);
        // A root dir left by an earlier run lists its deployments in domain.xml, and Payara
        // Micro would deploy those first and then redeploy ours over them: start clean.
        Deployables.deleteRecursively(work.resolve("root"));
        int httpPort = Deployables.freeTcpPort();
        try {
            Path preboot = work.resolve("preboot.asadmin");
            Files.writeString(preboot, String.join("\n",
                    "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1",
                    "set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1",
                    ""));
            Path log = work.resolve("server.log");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g",
                    "-jar", Deployables.file("payara-micro.jar").toString(),
                    "--nohazelcast", "--port", Integer.toString(httpPort),
                    "--sslport", Integer.toString(Deployables.freeTcpPort()),
                    "--rootdir", work.resolve("root").toString(),
                    "--prebootcommandfile", preboot.toString(),
                    "--deploy", Deployables.file("media-ra.rar").toString(),
                    "--deploy", Deployables.file("web-admin.war").toString()));
            if ("production".equals(env.get("RUN_TIME_ENV"))) {
                // as the image's entrypoint does: JSON lines while Payara boots, too
                cmd.addAll(List.of("--logproperties", Path.of("..", "docker", "micro", "logging-production.properties")
                        .toAbsolutePath().normalize().toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("MEDIA_PORT", Integer.toString(mediaPort));
            pb.environment().put("MEDIA_BIND_ADDRESS", "127.0.0.1");
            // The browsers of the tests reach the media port from loopback, which ICE refuses by default.
            pb.environment().put("MEDIA_ALLOWED_CANDIDATE_NETWORKS", "127.0.0.0/8");
            pb.environment().put("INSTANCE_ID", name);
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            return new PayaraMicro(pb.start(), httpPort, mediaPort, log, t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (logLines().stream().anyMatch(l -> l.contains(DEPLOY_FAILURE))) {
                throw new DeploymentFailed("Payara Micro logged '" + DEPLOY_FAILURE + "':\n" + logTail());
            }
            if (Http.get(base().resolve("/health/ready")).status() == 200
                    && Http.get(meeting("room.html")).status() == 200) {
                readyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("Payara Micro not ready within " + READY_TIMEOUT + ":\n" + logTail());
    }

    /** Waits for a line of the server log containing {@code text}; fails with the log's tail. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (logLines().stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError("no log line with '" + text + "' within " + timeout + ":\n" + logTail());
    }

    List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Milliseconds from process start to readiness UP. */
    long readyMillis() {
        return readyMillis;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public int mediaPort() {
        return mediaPort;
    }

    @Override
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, at most {@link #STOP_TIMEOUT} for the drain and shutdown, then SIGKILL; returns when it is gone. */
    @Override
    public void close() {
        try {
            ProcessTree.stop(process.toHandle(), STOP_TIMEOUT);
        } finally {
            watchdog.close();
        }
    }

    /** A crash: SIGKILL, no drain, nothing released. */
    void kill() {
        try {
            ProcessTree.kill(process.toHandle());
        } finally {
            watchdog.close();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
