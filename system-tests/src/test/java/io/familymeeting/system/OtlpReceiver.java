package io.familymeeting.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OTLP/HTTP receiver on 127.0.0.1: records the (protobuf) bodies POSTed to
 * {@code /v1/traces} and {@code /v1/metrics} and answers 200 with an empty export response.
 * Tests look for strings (room ids, span and metric names) in the recorded bytes.
 */
final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    final List<byte[]> traces = new CopyOnWriteArrayList<>();
    final List<byte[]> metrics = new CopyOnWriteArrayList<>();
    final List<byte[]> others = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::record);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void record(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(ex.getRequestBody()) : ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            switch (ex.getRequestURI().getPath()) {
                case "/v1/traces" -> traces.add(body);
                case "/v1/metrics" -> metrics.add(body);
                default -> others.add(body);
            }
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
        }
    }

    /** Whether any recorded body contains the string's UTF-8 bytes. */
    static boolean contains(List<byte[]> bodies, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return bodies.stream().anyMatch(b -> indexOf(b, needle) >= 0);
    }

    static long bytes(List<byte[]> bodies) {
        return bodies.stream().mapToLong(b -> b.length).sum();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
