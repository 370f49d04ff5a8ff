package io.familymeeting.loadtest;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Our server for the load generator's tests: Payara Micro with media-ra.rar and web-admin.war
 * (copied to target/deploy by the build), started as system-tests' {@code PayaraMicro} starts it
 * (HTTP on 127.0.0.1 through a pre-boot command file, Hazelcast off, the embedded store), with
 * ACCESS_MODE=open, loopback candidates allowed and the budgets raised for one address holding
 * many clients. {@link #close()} stops it (SIGTERM, bounded wait, SIGKILL); a
 * {@link ProcessWatchdog} stops it if the test JVM dies first.
 */
final class MicroServer implements AutoCloseable {
    /** Generous: Payara Micro starts in about a minute here, much slower when the machine is busy. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("payara.readySeconds", 720));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final ProcessWatchdog watchdog;
    private final int httpPort;
    private final Path log;

    private MicroServer(Process process, int httpPort, Path log) {
        this.process = process;
        this.watchdog = ProcessWatchdog.watch(process.toHandle());
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts it and waits until it is ready; budgets for {@code participants} clients from 127.0.0.1. */
    static MicroServer start(String name, int participants) throws IOException {
        Path deploy = Path.of(System.getProperty("deploy.dir", "target/deploy"));
        Path work = Path.of(System.getProperty("work.dir", "target/work")).resolve(name);
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Path preboot = work.resolve("preboot.asadmin");
        Files.writeString(preboot, String.join("\n",
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1",
                "set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1",
                ""));
        int httpPort = freeTcpPort();
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", file(deploy, "payara-micro.jar"),
                "--nohazelcast", "--port", Integer.toString(httpPort), "--sslport", Integer.toString(freeTcpPort()),
                "--rootdir", work.resolve("root").toString(), "--prebootcommandfile", preboot.toString(),
                "--deploy", file(deploy, "media-ra.rar"), "--deploy", file(deploy, "web-admin.war")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        String budget = Integer.toString(participants + 10);
        pb.environment().putAll(Map.of(
                "MEDIA_PORT", Integer.toString(freeUdpPort()),
                "MEDIA_BIND_ADDRESS", "127.0.0.1",
                "MEDIA_ALLOWED_CANDIDATE_NETWORKS", "127.0.0.0/8",
                "ACCESS_MODE", "open",
                "INSTANCE_ID", name,
                "MEDIA_MAX_TRANSPORTS_PER_ADDRESS", budget,
                "MEDIA_MAX_ROOM_PARTICIPANTS", budget,
                "MEDIA_MAX_PARTICIPANTS", budget));
        MicroServer server = new MicroServer(pb.start(), httpPort, log);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (status(http, "/health/ready") == 200 && status(http, "/meeting/room.html") == 200) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("Payara Micro not ready within " + READY_TIMEOUT + ":\n" + logTail());
    }

    private int status(HttpClient http, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            ProcessTree.stop(process.toHandle(), STOP_TIMEOUT);
        } finally {
            watchdog.close();
        }
    }

    private static String file(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build the loadtest module with -am first");
        }
        return p.toString();
    }

    private static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
