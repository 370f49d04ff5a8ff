package io.familymeeting.system;

import io.familymeeting.testsupport.ProcessTree;
import io.familymeeting.testsupport.ProcessWatchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A test-pattern IP camera: GStreamer's RTSP server (media-core's test resource
 * rtsp/rtsp_server.py, from its test-jar, run with /usr/bin/python3) on 127.0.0.1 with the
 * mounts that script documents (/h264pcmu, /h264opus, ...); a {@link ProcessWatchdog} stops it
 * if the test JVM dies first. It knows RTSP URLs, not the meeting server.
 */
final class RtspCamera implements AutoCloseable {
    private final Process process;
    private final ProcessWatchdog watchdog;
    private final int port;

    private RtspCamera(Process process, int port) {
        this.process = process;
        this.watchdog = ProcessWatchdog.watch(process.toHandle());
        this.port = port;
    }

    static RtspCamera launch() {
        int port = Deployables.freeTcpPort();
        try {
            Path script = Files.createTempFile("rtsp_server", ".py");
            script.toFile().deleteOnExit();
            try (InputStream in = RtspCamera.class.getResourceAsStream("/rtsp/rtsp_server.py")) {
                if (in == null) {
                    throw new IOException("rtsp/rtsp_server.py is not on the test classpath (media-core test-jar)");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = Files.createTempFile("rtsp-server", ".log");
            log.toFile().deleteOnExit();
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port))
                    .redirectError(log.toFile()).start();
            RtspCamera camera = new RtspCamera(p, port);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY")) {
                camera.close();
                throw new IOException("the GStreamer RTSP server did not start: " + line + "\n" + Files.readString(log));
            }
            return camera;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    @Override
    public void close() {
        try {
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5));
        } finally {
            watchdog.close();
        }
    }
}
