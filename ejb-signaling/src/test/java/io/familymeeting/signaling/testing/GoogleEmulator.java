package io.familymeeting.signaling.testing;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one of Google's emulators (Firestore, Pub/Sub) through {@code gcloud}, or Firebase's
 * Auth emulator through the Firebase CLI (firebase-tools, pure Node), on 127.0.0.1 and a free
 * port, waits until it answers HTTP, and stops it with its whole process
 * tree ({@link ProcessTree}): {@code gcloud} is a Python launcher whose Java child would
 * otherwise outlive it. A {@link ProcessWatchdog} kills the tree too if this JVM dies without
 * stopping it. {@link #restart()}
 * stops and starts it again on the same port (a restarted emulator has lost its data);
 * {@link #exportData(String)} and {@link #start(Path)} keep the Firestore emulator's documents
 * over a restart, as a Firestore outage would.
 *
 * <p>For tests only; run them inside a loopback-only network namespace
 * ({@code unshare -n}). Not a general process supervisor.
 */
public final class GoogleEmulator implements AutoCloseable {
    private static final String GCLOUD = System.getProperty("gcloud", "/usr/bin/gcloud");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("emulator.startSeconds", 120));

    private final String name;
    private final List<String> command;
    private final int port;
    /** Extra arguments of the next start (an import); guarded by this. */
    private List<String> nextArguments = List.of();
    private final Path log;
    private final Path dataDir;
    /** Working directory of the process (null: this JVM's) and extra environment. */
    private Path workDir;
    private Map<String, String> environment = Map.of();
    private Process process;
    private ProcessWatchdog watchdog;
    private final List<Path> exports = new ArrayList<>();

    private GoogleEmulator(String name, int port, Path dataDir, List<String> command) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.command = command;
        try {
            this.log = Files.createTempFile("emulator-" + name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Firestore emulator (native mode), started; it lets every request through. */
    public static GoogleEmulator firestore() {
        int port = freePort();
        GoogleEmulator e = new GoogleEmulator("firestore", port, null,
                List.of(GCLOUD, "emulators", "firestore", "start", "--host-port=127.0.0.1:" + port));
        e.start();
        return e;
    }

    /**
     * The Firestore emulator enforcing the security rules in {@code rules} on the client SDKs'
     * requests, started. The Admin / server client libraries send the emulator's "owner" token
     * and bypass them, as a service account does in production.
     */
    public static GoogleEmulator firestore(Path rules) {
        if (!Files.isRegularFile(rules)) {
            throw new IllegalArgumentException("no rules file " + rules.toAbsolutePath());
        }
        int port = freePort();
        GoogleEmulator e = new GoogleEmulator("firestore", port, null,
                List.of(GCLOUD, "emulators", "firestore", "start", "--host-port=127.0.0.1:" + port,
                        "--rules=" + rules.toAbsolutePath()));
        e.start();
        return e;
    }

    /**
     * Firebase's Auth emulator for {@code projectId} (a {@code demo-} project keeps the CLI
     * from looking for a real one), started from the firebase-tools installed in
     * {@code firebaseTools} (a directory with {@code node_modules/firebase-tools}, installed
     * by {@code npm ci}). The CLI runs with a fresh config directory (no login, no usage
     * reporting), {@code CI=true} (no message-of-the-day fetch) and
     * {@code NO_UPDATE_NOTIFIER} (no update check); its hub and logging ports are free
     * loopback ports too and the emulator UI is off, so nothing but 127.0.0.1 is used.
     */
    public static GoogleEmulator firebaseAuth(Path firebaseTools, String projectId) {
        Path cli = firebaseTools.resolve("node_modules/firebase-tools/lib/bin/firebase.js").toAbsolutePath();
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("firebase-tools is not installed: no " + cli
                    + " (run npm ci in " + firebaseTools.toAbsolutePath() + ")");
        }
        int port = freePort();
        Path dir = tempDir("auth");
        String config = """
                {"emulators": {"auth": {"host": "127.0.0.1", "port": %d},
                  "hub": {"host": "127.0.0.1", "port": %d},
                  "logging": {"host": "127.0.0.1", "port": %d},
                  "ui": {"enabled": false}, "singleProjectMode": true}}
                """.formatted(port, freePort(), freePort());
        try {
            Files.writeString(dir.resolve("firebase.json"), config);
            Files.createDirectories(dir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GoogleEmulator e = new GoogleEmulator("auth", port, dir,
                List.of(System.getProperty("node", "node"), cli.toString(), "emulators:start", "--only", "auth",
                        "--project", projectId, "--config", dir.resolve("firebase.json").toString()));
        e.workDir = dir;
        // TMPDIR: the CLI's hub locator file (hub-PROJECT.json) stays in this emulator's directory.
        e.environment = Map.of("CI", "true", "NO_UPDATE_NOTIFIER", "1",
                "XDG_CONFIG_HOME", dir.resolve("config").toString(), "TMPDIR", dir.toString());
        e.start();
        return e;
    }

    /** The Pub/Sub emulator for {@code projectId}, started, with its own data directory. */
    public static GoogleEmulator pubsub(String projectId) {
        int port = freePort();
        Path dir = tempDir("pubsub");
        GoogleEmulator e = new GoogleEmulator("pubsub", port, dir,
                List.of(GCLOUD, "beta", "emulators", "pubsub", "start", "--host-port=127.0.0.1:" + port,
                        "--project=" + projectId, "--data-dir=" + dir));
        e.start();
        return e;
    }

    /** host:port, as FIRESTORE_EMULATOR_HOST / PUBSUB_EMULATOR_HOST want it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(nextArguments);
        nextArguments = List.of();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        pb.environment().putAll(environment);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " emulator", e);
        }
        watchdog = ProcessWatchdog.watch(process.toHandle());
        awaitReady();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " emulator exited (" + process.exitValue() + "):\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException(name + " emulator not ready within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** Stops the emulator and every process under it; waits until they are gone. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        try {
            ProcessTree.stop(p.toHandle(), Duration.ofSeconds(15));
        } finally {
            watchdog.close();
        }
    }

    /**
     * Starts the stopped Firestore emulator again on the same port with the documents of an
     * {@link #exportData(String) export} ({@code --import-data}).
     */
    public synchronized void start(Path exportMetadata) {
        if (!"firestore".equals(name)) {
            throw new IllegalStateException("only the Firestore emulator imports data");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the emulator is running; stop it first");
        }
        nextArguments = List.of("--import-data=" + exportMetadata);
        start();
    }

    /**
     * Exports the running Firestore emulator's documents of {@code projectId} through its
     * REST endpoint (what the Firebase CLI's export does) into a new directory under this
     * emulator's temp files; returns the export's {@code .overall_export_metadata} file for
     * {@link #start(Path)}.
     */
    public synchronized Path exportData(String projectId) {
        if (!"firestore".equals(name) || process == null) {
            throw new IllegalStateException("export needs a running Firestore emulator");
        }
        Path dir = tempDir("firestore-export");
        String body = "{\"database\":\"projects/" + projectId + "/databases/(default)\",\"export_directory\":\""
                + dir + "\"}";
        HttpRequest export = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/emulator/v1/projects/"
                        + projectId + ":export")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(export, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("export failed (" + r.statusCode() + "): " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        exports.add(dir);
        try (var files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".overall_export_metadata")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the export wrote no metadata file in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops and starts again on the same port. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** The processes of the running emulator (for tests that check the tree is gone). */
    public synchronized List<ProcessHandle> processTree() {
        return process == null ? List.of() : ProcessTree.of(process.toHandle());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        if (dataDir != null) {
            deleteTree(dataDir);
        }
        exports.forEach(GoogleEmulator::deleteTree);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("emulator-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
