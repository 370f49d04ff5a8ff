package io.familymeeting.media.core.rtsp;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's RTSP server (src/test/resources/rtsp/rtsp_server.py, run with the system
 * /usr/bin/python3 and python3-gi) on 127.0.0.1: started, stopped and restarted on the same
 * port by the camera ITs; a {@link ProcessWatchdog} stops it if the test JVM dies first. Needs the Debian packages gstreamer1.0-rtsp,
 * gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-good/-bad/-ugly, gstreamer1.0-libav.
 */
final class GstRtspServer implements AutoCloseable {
    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private ProcessWatchdog watchdog;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private GstRtspServer(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    static GstRtspServer launch(String... extraArgs) throws IOException {
        GstRtspServer s = new GstRtspServer(freeTcpPort(), List.of(extraArgs));
        s.start();
        return s;
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    int port() {
        return port;
    }

    synchronized void start() throws IOException {
        Path script;
        try {
            script = Path.of(GstRtspServer.class.getResource("/rtsp/rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)));
        cmd.addAll(extraArgs);
        Path log = Files.createTempFile("rtsp-server", ".log");
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        watchdog = ProcessWatchdog.watch(process.toHandle());
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY")) {
                Thread reader = new Thread(() -> collect(out), "rtsp-server-stdout");
                reader.setDaemon(true);
                reader.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        stop();
        throw new IOException("the GStreamer RTSP server did not start: " + line + "\n" + Files.readString(log));
    }

    private void collect(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // the server stopped
        }
    }

    /**
     * What the script printed after READY: with {@code --session-timeout}, a "REQUEST OPTIONS" /
     * "REQUEST GET_PARAMETER" line per such request and an "EXPIRED id" line per session it timed out.
     */
    List<String> output() {
        return List.copyOf(output);
    }

    /** Stops the server (SIGTERM, SIGKILL after 5 s) and waits for it; {@link #start()} starts it again. */
    synchronized void stop() {
        if (process != null) {
            try {
                ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
            } finally {
                watchdog.close();
                process = null;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
