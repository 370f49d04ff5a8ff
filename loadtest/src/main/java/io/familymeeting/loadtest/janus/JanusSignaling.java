package io.familymeeting.loadtest.janus;

import io.familymeeting.loadtest.signaling.Signaling;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load generator's signaling with Janus's VideoRoom plugin over Janus's HTTP API
 * (the generator loads it by name: {@code --server janus --janus-url http://127.0.0.1:8088/janus}).
 * One Janus session carries every client of the run, one plugin handle per client:
 * <ul>
 *   <li>{@link #openRoom}: VideoRoom {@code create} with no bitrate cap, VP8 + Opus;</li>
 *   <li>{@link #publish}: {@code joinandconfigure} as publisher with the client's offer, Janus's
 *       answer back (Janus answers {@code a=setup:actpass} with {@code active}: the client is
 *       then the DTLS server);</li>
 *   <li>{@link #subscribe}: {@code join} as subscriber to the room's publishers, Janus offers,
 *       the client answers, {@code start} with that answer.</li>
 * </ul>
 * The clients' SDPs carry all their candidates; Janus is told so by an end-of-candidates
 * trickle. Janus refuses a subscriber to a publisher whose PeerConnection is not up yet
 * ("No such feed"), so {@link #subscribe} first waits for each publisher's {@code webrtcup}.
 * Rooms created here are destroyed on {@link #close()}.
 *
 * <p>It does not start or configure Janus (bench/janus/janus.sh does) and carries no media.
 */
public final class JanusSignaling implements Signaling {

    private static final String VIDEOROOM = "janus.plugin.videoroom";
    /** VideoRoom's limit of publishers per room (its default is 3); the benchmark needs few. */
    private static final int ROOM_PUBLISHERS = 100;

    /**
     * One room created here: Janus's numeric id and the feeds published in it so far, each with
     * the moment its PeerConnection with Janus is up (webrtcup) or failed (hangup).
     */
    private record Room(long id, Map<Long, CompletableFuture<Void>> publishers) { }

    /** One client's plugin handle; {@code feed} is its publisher id, or null for a viewer. */
    private record Client(long handle, Long feed) { }

    private final JanusSession session;
    private final long control;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** Publisher handle -> its PeerConnection is up; completed from the session's poll thread. */
    private final Map<Long, CompletableFuture<Void>> publishersUp = new ConcurrentHashMap<>();

    /**
     * Opens a session on the Janus whose HTTP API is at {@code janusUrl}
     * (e.g. {@code http://127.0.0.1:8088/janus}); fails at once when it does not answer.
     */
    public JanusSignaling(String janusUrl) throws IOException, InterruptedException {
        URI base;
        try {
            base = URI.create(janusUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Janus HTTP API URL: '" + janusUrl + "'", e);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("not a Janus HTTP API URL (http://host:port/janus): '" + janusUrl + "'");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            this.session = JanusSession.create(http, base, this::onEvent);
        } catch (IOException e) {
            throw new IOException("Janus does not answer at " + janusUrl + ": " + e, e);
        }
        this.control = session.attach(VIDEOROOM);
    }

    /** Synchronized: two calls for one name must not create two Janus rooms. */
    @Override
    public synchronized void openRoom(String room) throws Exception {
        if (rooms.containsKey(room)) {
            return;
        }
        JsonObject created = session.request(control, Json.createObjectBuilder()
                .add("request", "create")
                .add("description", room)
                .add("publishers", ROOM_PUBLISHERS)
                .add("bitrate", 0)
                .add("bitrate_cap", false)
                .add("audiocodec", "opus")
                .add("videocodec", "vp8")
                .add("notify_joining", false)
                .build());
        rooms.put(room, new Room(created.getJsonNumber("room").longValue(), new ConcurrentHashMap<>()));
    }

    @Override
    public String publish(String room, String clientId, String offer) throws Exception {
        Room r = room(room);
        long handle = session.attach(VIDEOROOM);
        CompletableFuture<Void> up = new CompletableFuture<>();
        publishersUp.put(handle, up);
        try {
            JsonObject event = session.requestAsync(handle,
                    join("joinandconfigure", "publisher", r).add("display", clientId).build(),
                    jsep("offer", offer));
            String answer = sdp(event, "answer", "publish " + clientId);
            session.endOfCandidates(handle);
            long feed = event.getJsonObject("plugindata").getJsonObject("data").getJsonNumber("id").longValue();
            r.publishers().put(feed, up);
            clients.put(key(room, clientId), new Client(handle, feed));
            return answer;
        } catch (Exception e) {
            publishersUp.remove(handle);
            detachQuietly(handle);
            throw e;
        }
    }

    @Override
    public void subscribe(String room, String clientId, OfferAnswer client) throws Exception {
        Room r = room(room);
        if (r.publishers().isEmpty()) {
            throw new IllegalStateException("room '" + room + "' has no presenter yet: publish before subscribing");
        }
        JsonArrayBuilder streams = Json.createArrayBuilder();
        for (Map.Entry<Long, CompletableFuture<Void>> feed : r.publishers().entrySet()) {
            awaitUp(room, feed.getValue());
            streams.add(Json.createObjectBuilder().add("feed", feed.getKey()));
        }
        long handle = session.attach(VIDEOROOM);
        try {
            JsonObject attached = session.requestAsync(handle,
                    join("join", "subscriber", r).add("streams", streams).build(), null);
            String answer = client.answer(sdp(attached, "offer", "subscribe " + clientId));
            session.requestAsync(handle, Json.createObjectBuilder().add("request", "start").build(),
                    jsep("answer", answer));
            session.endOfCandidates(handle);
            clients.put(key(room, clientId), new Client(handle, null));
        } catch (Exception e) {
            detachQuietly(handle);
            throw e;
        }
    }

    @Override
    public void leave(String room, String clientId) throws Exception {
        Client c = clients.remove(key(room, clientId));
        if (c == null) {
            return;
        }
        Room r = rooms.get(room);
        if (c.feed() != null && r != null) {
            r.publishers().remove(c.feed());
        }
        publishersUp.remove(c.handle());
        session.detach(c.handle());
    }

    /** Destroys the rooms created here, then the session with every handle. */
    @Override
    public void close() throws Exception {
        try {
            for (Room r : rooms.values()) {
                try {
                    session.request(control, Json.createObjectBuilder()
                            .add("request", "destroy").add("room", r.id()).build());
                } catch (JanusException e) {
                    // already gone; the session's end below still cleans up the handles
                }
            }
        } finally {
            rooms.clear();
            clients.clear();
            publishersUp.clear();
            session.close();
        }
    }

    /** Janus's events that answer no request: a publisher's PeerConnection came up or ended. */
    private void onEvent(JsonObject event) {
        JsonNumber sender = event.getJsonNumber("sender");
        CompletableFuture<Void> up = sender == null ? null : publishersUp.get(sender.longValue());
        if (up == null) {
            return;
        }
        switch (event.getString("janus", "")) {
            case "webrtcup" -> up.complete(null);
            case "hangup" -> up.completeExceptionally(new JanusException(
                    "Janus hung up the presenter's PeerConnection: " + event.getString("reason", "no reason given")));
            default -> { }
        }
    }

    private static void awaitUp(String room, CompletableFuture<Void> up) throws InterruptedException {
        try {
            up.get(JanusSession.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JanusException("the presenter of room '" + room + "' did not connect to Janus within "
                    + JanusSession.EVENT_TIMEOUT + " (no webrtcup)");
        } catch (ExecutionException e) {
            throw new JanusException("the presenter of room '" + room + "' cannot be received: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private Room room(String room) {
        Room r = rooms.get(room);
        if (r == null) {
            throw new IllegalStateException("room '" + room + "' is not open: call openRoom first");
        }
        return r;
    }

    private static JsonObjectBuilder join(String request, String ptype, Room room) {
        return Json.createObjectBuilder().add("request", request).add("ptype", ptype).add("room", room.id());
    }

    private static String key(String room, String clientId) {
        return room + '\n' + clientId;
    }

    private static JsonObject jsep(String type, String sdp) {
        return Json.createObjectBuilder().add("type", type).add("sdp", sdp).build();
    }

    /** The SDP of the expected type in Janus's event, or a clear error naming the step. */
    private static String sdp(JsonObject event, String type, String step) {
        JsonObject jsep = event.getJsonObject("jsep");
        if (jsep == null || !type.equals(jsep.getString("type", ""))) {
            throw new JanusException(step + ": Janus sent no " + type + " (event " + event + ")");
        }
        return jsep.getString("sdp");
    }

    private void detachQuietly(long handle) {
        try {
            session.detach(handle);
        } catch (IOException | RuntimeException e) {
            // the handle is gone with its failure; the original error is what the caller needs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
