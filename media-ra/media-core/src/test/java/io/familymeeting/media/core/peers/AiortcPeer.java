package io.familymeeting.media.core.peers;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;
import org.openqa.selenium.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * aiortc (Python, aioice, PyAV codecs) as a real WebRTC peer: an independent stack next to
 * Chromium. It runs {@code peers/aiortc_peer.py} from the test classpath with the system
 * {@code /usr/bin/python3} (package python3-aiortc; overridable with {@code -Dpeers.python})
 * and talks to it over stdin / stdout, one JSON object per line.
 *
 * <pre>{@code
 * try (AiortcPeer viewer = AiortcPeer.start(AiortcPeer.Role.VIEWER)) {
 *     viewer.answer(engine.answer(... viewer.offer() ...));
 *     viewer.awaitStatus(s -> s.videoFrames() > 30, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>It refuses to start outside a loopback-only network namespace ({@link LoopbackOnly}).
 * The script's stderr goes to a temporary log file; failure messages quote its end
 * ({@code AIORTC_PEER_DEBUG=1} in the environment makes it verbose). {@link #close()}
 * deletes it. It carries no
 * signaling and asserts nothing except in {@link #awaitStatus}.
 */
public final class AiortcPeer implements AutoCloseable {
    /**
     * What the script sends (presenter: VP8 moving picture + Opus tone) or receives (viewer:
     * offers recvonly; answerer: answers the server's offer, as with Janus's VideoRoom).
     */
    public enum Role { PRESENTER, VIEWER, ANSWERER }

    /**
     * One status line of the script (every 0.5 s after the answer).
     *
     * @param state       RTCPeerConnection.connectionState
     * @param videoFrames video frames decoded (viewer)
     * @param audioFrames audio frames decoded (viewer)
     * @param packetsSent outbound RTP packets (presenter)
     */
    public record Status(String state, long videoFrames, long audioFrames, long packetsSent) {
        static final Status NONE = new Status("new", 0, 0, 0);

        public boolean connected() {
            return "connected".equals(state);
        }
    }

    private static final String SCRIPT = "peers/aiortc_peer.py";
    /** Long enough for any test; the process is killed on close anyway. */
    private static final int SCRIPT_SECONDS = 300;
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final ProcessWatchdog watchdog;
    private final Writer stdin;
    private final Path dir;
    private final Path log;
    private final BlockingQueue<Map<String, Object>> offers = new LinkedBlockingQueue<>(1);
    private final BlockingQueue<Map<String, Object>> answers = new LinkedBlockingQueue<>(1);
    private volatile Status status = Status.NONE;
    private volatile boolean exited;

    private AiortcPeer(Process process, Path dir, Path log) {
        this.process = process;
        this.watchdog = ProcessWatchdog.watch(process.toHandle());
        this.dir = dir;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "aiortc-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the script in this role; call {@link #offer()} next ({@link #answerOffer} for ANSWERER). */
    public static AiortcPeer start(Role role) {
        LoopbackOnly.require();
        String python = System.getProperty("peers.python", "/usr/bin/python3");
        try {
            Path dir = Files.createTempDirectory("aiortc-peer-");
            Path script = dir.resolve("aiortc_peer.py");
            try (InputStream in = AiortcPeer.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new HarnessException(SCRIPT + " is not on the test classpath");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = dir.resolve("stderr.log");
            Process p = new ProcessBuilder(python, script.toString(), role.name().toLowerCase(),
                    "--seconds", Integer.toString(SCRIPT_SECONDS))
                    .redirectError(log.toFile())
                    .start();
            return new AiortcPeer(p, dir, log);
        } catch (IOException e) {
            throw new HarnessException("cannot start " + python + " " + SCRIPT
                    + " (install python3-aiortc): " + e.getMessage(), e);
        }
    }

    private void readLines() {
        Json json = new Json();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Map<String, Object> msg;
                try {
                    msg = json.toType(line, Json.MAP_TYPE);
                } catch (RuntimeException e) {
                    continue; // not ours (a library printing to stdout)
                }
                if (msg.containsKey("offer")) {
                    offers.offer(msg);
                } else if (msg.containsKey("answer")) {
                    answers.offer(msg);
                } else if (msg.containsKey("state")) {
                    status = new Status(String.valueOf(msg.get("state")), number(msg, "videoFrames"),
                            number(msg, "audioFrames"), number(msg, "packetsSent"));
                }
            }
        } catch (IOException e) {
            // The process went away; awaitStatus reports it.
        } finally {
            exited = true;
        }
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** The script's offer, with its candidates (aiortc gathers before it offers). */
    public String offer() {
        return take(offers, "offer");
    }

    /** Hands the SFU's answer to the script. */
    public void answer(String sdp) {
        write("answer", sdp);
    }

    /** ANSWERER: hands the server's offer to the script and returns its answer (with its candidates). */
    public String answerOffer(String offer) {
        write("offer", offer);
        return take(answers, "answer");
    }

    private String take(BlockingQueue<Map<String, Object>> queue, String kind) {
        try {
            Map<String, Object> msg = queue.poll(OFFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (msg == null) {
                throw new HarnessException("aiortc made no " + kind + " within " + OFFER_TIMEOUT + "; " + diagnostics());
            }
            return String.valueOf(msg.get(kind));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while waiting for the aiortc " + kind, e);
        }
    }

    private void write(String kind, String sdp) {
        try {
            stdin.write(new Json().toJson(Map.of(kind, sdp)).replace("\n", "") + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + kind + " to aiortc; " + diagnostics(), e);
        }
    }

    public Status status() {
        return status;
    }

    /**
     * Waits until a status line satisfies the condition and returns it; throws
     * {@link AssertionError} with the last status and the script's stderr otherwise.
     */
    public Status awaitStatus(Predicate<Status> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Status last = status;
        while (!condition.test(last)) {
            if (System.nanoTime() - deadline > 0 || exited) {
                throw new AssertionError("aiortc: condition not met within " + timeout
                        + (exited ? " (the script exited)" : "") + "; last status " + last + "; " + diagnostics());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for aiortc", e);
            }
            last = status;
        }
        return last;
    }

    private String diagnostics() {
        String tail;
        try {
            String text = Files.readString(log);
            tail = text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            tail = "(unreadable: " + e.getMessage() + ")";
        }
        return "stderr (" + log + "):\n" + tail;
    }

    /**
     * Ends the script (it would stop by itself after a while; a {@link ProcessWatchdog} ends it
     * if the test JVM dies first), waits for it, removes its files.
     */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
        } finally {
            watchdog.close();
        }
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir.resolve("aiortc_peer.py"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temp file, nothing more
        }
    }
}
