package io.familymeeting.loadtest.janus;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One session of Janus's HTTP API (the "Janus API" over plain HTTP): creates the session,
 * attaches plugin handles, sends plugin messages and trickle, and runs the session's long poll
 * on a thread of its own, which also keeps the session alive and hands each asynchronous
 * plugin event to the request whose transaction it carries.
 *
 * <p>It knows nothing of any plugin's requests (VideoRoom's are in {@link JanusSignaling});
 * the events that answer no request (webrtcup, hangup, media, slowlink) go to the listener
 * given at creation, on the poll thread.
 */
final class JanusSession implements AutoCloseable {

    /** How long a request waits for its asynchronous event (Janus answers in milliseconds). */
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    /** Events per long-poll response; Janus holds a poll up to 30 s when there are none. */
    private static final int MAX_EVENTS = 100;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI sessionUri;
    private final long sessionId;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Consumer<JsonObject> otherEvents;
    private final Thread poller;
    private volatile boolean closed;

    private JanusSession(HttpClient http, URI base, long sessionId, Consumer<JsonObject> otherEvents) {
        this.http = http;
        this.otherEvents = otherEvents;
        this.sessionId = sessionId;
        this.sessionUri = URI.create(base + "/" + sessionId);
        this.poller = new Thread(this::poll, "janus-poll-" + sessionId);
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Creates a session on the Janus at {@code base} (e.g. {@code http://127.0.0.1:8088/janus});
     * {@code otherEvents} receives the events that answer no request.
     */
    static JanusSession create(HttpClient http, URI base, Consumer<JsonObject> otherEvents)
            throws IOException, InterruptedException {
        JsonObject reply = post(http, base, Json.createObjectBuilder()
                .add("janus", "create").add("transaction", "create"));
        return new JanusSession(http, stripSlash(base), successData(reply, "create").getJsonNumber("id").longValue(),
                otherEvents);
    }

    private static URI stripSlash(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : base;
    }

    /** Attaches a handle of {@code plugin} (e.g. {@code janus.plugin.videoroom}); returns its id. */
    long attach(String plugin) throws IOException, InterruptedException {
        JsonObject reply = send(sessionUri, Json.createObjectBuilder()
                .add("janus", "attach").add("plugin", plugin));
        return successData(reply, "attach " + plugin).getJsonNumber("id").longValue();
    }

    /** A plugin request that the plugin answers at once; returns its {@code plugindata.data}. */
    JsonObject request(long handle, JsonObject body) throws IOException, InterruptedException {
        JsonObject reply = send(handleUri(handle), Json.createObjectBuilder()
                .add("janus", "message").add("body", body));
        if (!"success".equals(reply.getString("janus", ""))) {
            throw new JanusException(describe(body) + ": " + reason(reply));
        }
        return pluginData(reply, body);
    }

    /**
     * A plugin request that Janus acknowledges and the plugin answers later with an event
     * (joins, configure, start); {@code jsep} may be null. Returns the whole event (its
     * {@code plugindata} and, when there is one, its {@code jsep}).
     */
    JsonObject requestAsync(long handle, JsonObject body, JsonObject jsep)
            throws IOException, InterruptedException {
        String transaction = nextTransaction();
        CompletableFuture<JsonObject> event = new CompletableFuture<>();
        pending.put(transaction, event);
        try {
            JsonObjectBuilder msg = Json.createObjectBuilder()
                    .add("janus", "message").add("transaction", transaction).add("body", body);
            if (jsep != null) {
                msg.add("jsep", jsep);
            }
            JsonObject reply = post(http, handleUri(handle), msg);
            String kind = reply.getString("janus", "");
            if ("success".equals(kind)) {
                pluginData(reply, body); // the plugin answered at once, e.g. with an error
                return reply;
            }
            if (!"ack".equals(kind)) {
                throw new JanusException(describe(body) + ": " + reason(reply));
            }
            JsonObject result = event.get(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            pluginData(result, body);
            return result;
        } catch (TimeoutException e) {
            throw new JanusException(describe(body) + ": no event from Janus within " + EVENT_TIMEOUT);
        } catch (ExecutionException e) {
            throw new JanusException(describe(body) + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(transaction);
        }
    }

    /** Tells Janus the client has no candidates besides those in its SDP. */
    void endOfCandidates(long handle) throws IOException, InterruptedException {
        JsonObject reply = send(handleUri(handle), Json.createObjectBuilder()
                .add("janus", "trickle")
                .add("candidate", Json.createObjectBuilder().add("completed", true)));
        expectAck(reply, "trickle");
    }

    /** Detaches a handle (Janus hangs up its PeerConnection). */
    void detach(long handle) throws IOException, InterruptedException {
        expectAck(send(handleUri(handle), Json.createObjectBuilder().add("janus", "detach")), "detach");
    }

    /** Stops the long poll and destroys the session with its handles (best effort). */
    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        poller.interrupt();
        try {
            send(sessionUri, Json.createObjectBuilder().add("janus", "destroy"));
        } finally {
            pending.values().forEach(f -> f.completeExceptionally(new JanusException("session closed")));
        }
    }

    private void poll() {
        URI uri = URI.create(sessionUri + "?maxev=" + MAX_EVENTS);
        int failures = 0;
        while (!closed) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(POLL_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonStructure events = parse(response.body());
                if (events instanceof JsonArray array) {
                    for (JsonValue e : array) {
                        dispatch(e.asJsonObject());
                    }
                } else {
                    dispatch(events.asJsonObject());
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (++failures >= 3) {
                    // Janus is gone or the session expired: every waiting request learns it now.
                    pending.values().forEach(f -> f.completeExceptionally(
                            new JanusException("the long poll of session " + sessionId + " failed: " + e)));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void dispatch(JsonObject event) {
        String kind = event.getString("janus", "");
        String transaction = event.getString("transaction", null);
        CompletableFuture<JsonObject> waiting = transaction == null ? null : pending.get(transaction);
        if (waiting == null) {
            if (!"keepalive".equals(kind)) {
                otherEvents.accept(event);
            }
            return;
        }
        if ("event".equals(kind)) {
            waiting.complete(event);
        } else if ("error".equals(kind)) {
            waiting.completeExceptionally(new JanusException(reason(event)));
        }
    }

    private URI handleUri(long handle) {
        return URI.create(sessionUri + "/" + handle);
    }

    private String nextTransaction() {
        return Long.toString(transactions.incrementAndGet(), 36);
    }

    private JsonObject send(URI uri, JsonObjectBuilder msg) throws IOException, InterruptedException {
        return post(http, uri, msg.add("transaction", nextTransaction()));
    }

    private static JsonObject post(HttpClient http, URI uri, JsonObjectBuilder msg)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(msg.build().toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new JanusException("HTTP " + response.statusCode() + " from " + uri + ": " + response.body());
        }
        return parse(response.body()).asJsonObject();
    }

    private static JsonStructure parse(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }

    private static JsonObject successData(JsonObject reply, String what) {
        if (!"success".equals(reply.getString("janus", ""))) {
            throw new JanusException(what + ": " + reason(reply));
        }
        return reply.getJsonObject("data");
    }

    private static void expectAck(JsonObject reply, String what) {
        String kind = reply.getString("janus", "");
        if (!"ack".equals(kind) && !"success".equals(kind)) {
            throw new JanusException(what + ": " + reason(reply));
        }
    }

    /** The plugin's answer in a reply or event; a plugin-level error becomes an exception. */
    private static JsonObject pluginData(JsonObject reply, JsonObject body) {
        JsonObject pluginData = reply.getJsonObject("plugindata");
        if (pluginData == null) {
            throw new JanusException(describe(body) + ": no plugindata in " + reply);
        }
        JsonObject data = pluginData.getJsonObject("data");
        if (data.containsKey("error")) {
            throw new JanusException(describe(body) + ": " + data.getString("error")
                    + " (error_code " + data.get("error_code") + ")");
        }
        return data;
    }

    private static String describe(JsonObject body) {
        return "Janus request '" + body.getString("request", "?") + "'";
    }

    private static String reason(JsonObject reply) {
        JsonObject error = reply.getJsonObject("error");
        if (error != null) {
            return error.getString("reason", "") + " (code " + error.get("code") + ")";
        }
        return "unexpected reply " + reply;
    }
}
