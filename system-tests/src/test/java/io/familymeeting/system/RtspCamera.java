package io.familymeeting.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A test-pattern IP camera: GStreamer's RTSP server (media-core's test resource
 * rtsp/rtsp_server.py, from its test-jar, run with /usr/bin/python3) on 127.0.0.1 with the
 * mounts that script documents (/h264pcmu, /h264opus, ...). It knows RTSP URLs, not the
 * meeting server.
 */
final class RtspCamera implements AutoCloseable {
    private final Process process;
    private final int port;

    private RtspCamera(Process process, int port) {
        this.process = process;
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
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY")) {
                p.destroyForcibly();
                throw new IOException("the GStreamer RTSP server did not start: " + line + "\n" + Files.readString(log));
            }
            return new RtspCamera(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
