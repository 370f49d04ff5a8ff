package io.familymeeting.media.core.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tiny HTTP server on 127.0.0.1 (random port) that serves the peer harness page
 * ({@code peers/harness.html}, {@code peers/harness.js} from the test classpath) to
 * {@link ChromiumPeer}. http://127.0.0.1 is a secure context, so getUserMedia works there.
 *
 * <p>It serves only flat file names found under {@code peers/} on the classpath (GET/HEAD),
 * nothing else: no directory listing, no path with a slash or "..". It carries no signaling;
 * the Java test passes SDP between the page and the engine itself.
 */
public final class HarnessServer implements AutoCloseable {
    static final String RESOURCE_DIR = "peers/";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json");

    private final HttpServer server;

    private HarnessServer(HttpServer server) {
        this.server = server;
    }

    /** Binds 127.0.0.1 on a free port and starts serving. */
    public static HarnessServer start() throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", HarnessServer::handle);
        server.start();
        return new HarnessServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address of a file served here, e.g. {@code uri("harness.html")}. */
    public URI uri(String fileName) {
        return URI.create("http://127.0.0.1:" + port() + "/" + fileName);
    }

    /** The harness page that {@link HarnessPeer} opens. */
    public URI harnessPage() {
        return uri("harness.html");
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = FILE_NAME.matcher(name).matches() ? resource(name) : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type",
                    CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HarnessServer.class.getClassLoader()
                .getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
