package io.familymeeting.system;

import org.openqa.selenium.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client for the REST API and health endpoints. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Json JSON = new Json();

    record Reply(int status, String body) {
        Map<String, Object> json() {
            return JSON.toType(body, Json.MAP_TYPE);
        }
    }

    private Http() {
    }

    static Reply get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    static Reply put(URI uri, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.toJson(body))));
    }

    static Reply patch(URI uri, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.toJson(body))));
    }

    /** A JSON POST with extra request headers (e.g. Authorization). */
    static Reply post(URI uri, Map<String, ?> body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.toJson(body)));
        headers.forEach(b::header);
        return send(b);
    }

    static Reply delete(URI uri) {
        return send(HttpRequest.newBuilder(uri).DELETE());
    }

    private static Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(0, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
