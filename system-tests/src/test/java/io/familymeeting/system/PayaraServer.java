package io.familymeeting.system;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Payara Server (full profile, the distribution from Maven Central) unpacked into the test's
 * work directory, its domain1 started with asadmin, HTTP bound to 127.0.0.1, and the EAR
 * deployed. {@link #close()} undeploys, stops the domain and waits for it; the domain's JVM
 * (which asadmin starts detached) is killed if that fails, and by a {@link ProcessWatchdog} if
 * the test JVM dies first.
 */
final class PayaraServer implements MeetingServer {
    static final int HTTP_PORT = 8080;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final int mediaPort;
    private final Map<String, String> env;
    private boolean deployed;
    /** The domain's JVM and its watchdog, once start-domain has returned. */
    private ProcessHandle domain;
    private ProcessWatchdog watchdog;

    private PayaraServer(Path home, int mediaPort, Map<String, String> env) {
        this.home = home;
        this.mediaPort = mediaPort;
        this.env = env;
    }

    static PayaraServer start(String name, int mediaPort) {
        Path work = Deployables.workDir(name);
        Deployables.deleteRecursively(work.resolve("payara6"));
        unzip(Deployables.file("payara-server.zip"), work);
        Path home = work.resolve("payara6");
        // The browsers of the tests reach the media port from loopback, which ICE refuses by default.
        Map<String, String> env = Map.of("MEDIA_PORT", Integer.toString(mediaPort), "MEDIA_BIND_ADDRESS", "127.0.0.1",
                "MEDIA_ALLOWED_CANDIDATE_NETWORKS", "127.0.0.0/8", "INSTANCE_ID", name);
        PayaraServer server = new PayaraServer(home, mediaPort, env);
        try {
            server.asadmin(Duration.ofMinutes(4), "start-domain", "domain1");
            server.watchDomain();
            server.asadmin(Duration.ofMinutes(1), "set",
                    "configs.config.server-config.network-config.network-listeners.network-listener.http-listener-1.address=127.0.0.1");
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Finds the domain's JVM by the pid file start-domain wrote, and watches it. */
    private void watchDomain() {
        Path pidFile = home.resolve("glassfish/domains/domain1/config/pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            domain = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("domain1 (pid " + pid + ") is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException("no pid file of domain1 after start-domain: " + pidFile, e);
        }
        watchdog = ProcessWatchdog.watch(domain);
    }

    /** Deploys the EAR and waits until readiness is UP and the pages are served. */
    long deployEar() {
        long t0 = System.nanoTime();
        asadmin(Duration.ofMinutes(5), "deploy", "--name", "family-meeting", Deployables.file("family-meeting.ear").toString());
        deployed = true;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            Http.Reply ready = Http.get(base().resolve("/health/ready"));
            Http.Reply page = Http.get(meeting("room.html"));
            if (ready.status() == 200 && page.status() == 200) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            last = "readiness " + ready.status() + " " + ready.body() + "; room.html " + page.status();
            PayaraMicro.sleep(500);
        }
        // What readiness said last tells which check (or the listener) kept it from being ready.
        throw new IllegalStateException("the EAR is not ready within " + READY_TIMEOUT + " (last: " + last + "):\n" + logTail());
    }

    void undeploy() {
        if (deployed) {
            asadmin(Duration.ofMinutes(2), "undeploy", "family-meeting");
            deployed = false;
        }
    }

    private String asadmin(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/asadmin").toString());
        cmd.add("--interactive=false");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("AS_JAVA", System.getProperty("java.home"));
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("asadmin " + String.join(" ", args) + " timed out");
            }
            String text = new String(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n"
                        + text + "\n" + logTail());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path into) {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    if (target.getParent().getFileName().toString().equals("bin")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + HTTP_PORT);
    }

    @Override
    public int mediaPort() {
        return mediaPort;
    }

    @Override
    public String logTail() {
        Path log = home.resolve("glassfish/domains/domain1/logs/server.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            undeploy();
        } finally {
            try {
                asadmin(Duration.ofMinutes(2), "stop-domain", "domain1");
            } finally {
                if (domain != null) {
                    try {
                        ProcessTree.stop(domain, Duration.ofSeconds(30));
                    } finally {
                        watchdog.close();
                    }
                }
            }
        }
    }
}
