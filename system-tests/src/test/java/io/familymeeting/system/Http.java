package io.familymeeting.system;

import org.openqa.selenium.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        return get(uri, Map.of());
    }

    /** With request headers, e.g. {@code Authorization} or {@code X-Participant-Key}. */
    static Reply get(URI uri, Map<String, String> headers) {
        return send(with(HttpRequest.newBuilder(uri).GET(), headers));
    }

    static Reply put(URI uri, Map<String, ?> body) {
        return put(uri, body, Map.of());
    }

    static Reply put(URI uri, Map<String, ?> body, Map<String, String> headers) {
        return send(with(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.toJson(body))), headers));
    }

    static Reply patch(URI uri, Map<String, ?> body) {
        return patch(uri, body, Map.of());
    }

    static Reply patch(URI uri, Map<String, ?> body, Map<String, String> headers) {
        return send(with(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.toJson(body))), headers));
    }

    /** A JSON POST with extra request headers (e.g. Authorization). */
    static Reply post(URI uri, Map<String, ?> body, Map<String, String> headers) {
        return send(with(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.toJson(body))), headers));
    }

    static Reply delete(URI uri) {
        return delete(uri, Map.of());
    }

    static Reply delete(URI uri, Map<String, String> headers) {
        return send(with(HttpRequest.newBuilder(uri).DELETE(), headers));
    }

    /** The {@code Authorization} header of a bearer key. */
    static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private static HttpRequest.Builder with(HttpRequest.Builder b, Map<String, String> headers) {
        headers.forEach(b::header);
        return b;
    }

    /**
     * The first event of a Server-Sent Events stream (its "event:" and "data:" lines), then the
     * stream is closed; or the answer when the stream is refused.
     */
    static Reply firstEvent(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = with(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET(), headers);
        try {
            HttpResponse<Stream<String>> r = CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = r.body()) {
                if (r.statusCode() != 200) {
                    return new Reply(r.statusCode(), lines.collect(Collectors.joining("\n")));
                }
                StringBuilder event = new StringBuilder();
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty() && event.indexOf("data:") >= 0) {
                        break;
                    }
                    if (!line.isEmpty() && !line.startsWith(":")) {
                        event.append(line).append('\n');
                    }
                }
                return new Reply(200, event.toString());
            }
        } catch (IOException e) {
            return new Reply(0, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
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
