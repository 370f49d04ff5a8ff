package io.familymeeting.media.core.peers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness page server: what it serves, what it refuses, and that it is loopback-only. */
class HarnessServerTest {
    private static HarnessServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    @BeforeAll
    static void start() throws IOException {
        server = HarnessServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String rawPath) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheHarnessPageAndScript() throws Exception {
        assertThat(server.harnessPage().toString()).startsWith("http://127.0.0.1:");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(server.harnessPage()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"harness.js\">");

        HttpResponse<String> script = get("/harness.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("window.harness").contains("makePresenterOffer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/missing.html", "/.hidden", "/%2e%2e/pom.xml", "/peers/harness.html",
            "/io/familymeeting/media/core/peers/HarnessServer.class"})
    void refusesAnythingButFlatHarnessFiles(String path) throws Exception {
        assertThat(get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesOtherMethods() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(server.harnessPage())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void rejectsDotDotInARawRequestLine() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /../pom.xml HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isIn("HTTP/1.1 404", "HTTP/1.1 400");
        }
    }
}
