package io.familymeeting.loadtest.signaling;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signaling with our server through the REST API of the embedded store (web-admin's
 * {@code api/RoomsResource}, ACCESS_MODE=open): PUT {@code rooms/{room}} opens the room, PUT
 * {@code rooms/{room}/participants/{id}} with role and offer joins (the reply carries the
 * participant key), GET on the same document with {@code X-Participant-Key} is polled until the
 * server wrote its answer (or an error, which is thrown with the server's words), PATCH
 * {@code {"leave": true}} leaves. The client always offers.
 */
public final class RestSignaling implements Signaling {
    private static final String KEY_HEADER = "X-Participant-Key";
    private static final Duration POLL = Duration.ofMillis(50);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI api;
    private final Duration answerTimeout;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    /** @param baseUrl the server's root, e.g. http://127.0.0.1:8080 */
    public RestSignaling(String baseUrl, Duration answerTimeout) {
        this.api = URI.create(baseUrl.replaceAll("/+$", "") + "/meeting/api/");
        this.answerTimeout = answerTimeout;
    }

    @Override
    public void openRoom(String room) throws Exception {
        JsonObject reply = call("PUT", "rooms/" + enc(room), Json.createObjectBuilder().add("title", room).build(), null);
        if (reply == null) {
            throw new IllegalStateException("opening room " + room + " gave no reply");
        }
    }

    @Override
    public String publish(String room, String clientId, String offer) throws Exception {
        return join(room, clientId, "presenter", offer);
    }

    @Override
    public void subscribe(String room, String clientId, OfferAnswer client) throws Exception {
        client.setAnswer(join(room, clientId, "viewer", client.createOffer()));
    }

    private String join(String room, String id, String role, String offer) throws Exception {
        String path = "rooms/" + enc(room) + "/participants/" + enc(id);
        JsonObject body = Json.createObjectBuilder()
                .add("name", id)
                .add("role", role)
                .add("offer", Json.createObjectBuilder().add("type", "offer").add("sdp", offer).add("rev", 1))
                .build();
        JsonObject joined = call("PUT", path, body, null);
        String key = joined.getString("participantKey", "");
        if (key.isEmpty()) {
            throw new IllegalStateException("joining " + path + " gave no participant key: " + joined);
        }
        keys.put(room + "/" + id, key);
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject doc = call("GET", path, null, key);
            if ("error".equals(doc.getString("state", ""))) {
                throw new IllegalStateException("the server refused " + path + ": " + doc.getString("error", "(no error text)"));
            }
            JsonValue answer = doc.get("answer");
            if (answer instanceof JsonObject a && a.getJsonNumber("rev") != null && a.getJsonNumber("rev").longValue() >= 1
                    && !a.getString("sdp", "").isEmpty()) {
                return a.getString("sdp");
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("no answer for " + path + " within " + answerTimeout.toSeconds() + " s");
    }

    @Override
    public void leave(String room, String clientId) throws Exception {
        String key = keys.remove(room + "/" + clientId);
        if (key != null) {
            call("PATCH", "rooms/" + enc(room) + "/participants/" + enc(clientId),
                    Json.createObjectBuilder().add("leave", true).build(), key);
        }
    }

    private JsonObject call(String method, String path, JsonObject body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header(KEY_HEADER, key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        try (var reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the JDK's client holds no resources that need closing on Java 17
    }
}
