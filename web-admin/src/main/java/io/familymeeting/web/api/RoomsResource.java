package io.familymeeting.web.api;

import io.familymeeting.signaling.access.Caller;
import io.familymeeting.signaling.access.RoomAccess;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.web.console.ConsoleAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The embedded store's signaling API for the web client (see js/signaling/embedded.js for
 * the routes and headers). Who may do what, and the writes, are {@link RoomAccess}'s; this
 * class reads the caller's credentials ({@link Caller}: Authorization Bearer join token,
 * X-Participant-Key, X-Room-Key, and whether it is an admin's: a console session or
 * ADMIN_API_KEY, console.ConsoleAccess) and maps answers to HTTP. Live views are SSE streams
 * fed by the store's listeners ({@link LiveStreams}). Errors answer {"error": message} with a
 * status; refused streams too, before any event.
 */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
    @Inject
    private SignalingRuntime runtime;
    @Inject
    private LiveStreams streams;
    @Inject
    private HttpServletRequest request;
    @Inject
    private ConsoleAccess console;

    private RoomAccess access() {
        return runtime.roomAccess();
    }

    private Caller caller() {
        // Authorization: Bearer ADMIN_API_KEY makes an admin; that bearer is then no join token.
        boolean apiKey = console.hasApiKey(request);
        return Caller.of(apiKey ? null : request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader(Caller.PARTICIPANT_KEY_HEADER), request.getHeader(Caller.ROOM_KEY_HEADER),
                apiKey || console.hasSession(request));
    }

    @GET
    public Response list() {
        return answer(() -> access().list(caller()));
    }

    @GET
    @Path("{roomId}")
    public Response get(@PathParam("roomId") String roomId) {
        return answer(() -> access().room(caller(), roomId));
    }

    @PUT
    @Path("{roomId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("roomId") String roomId, Map<String, Object> body) {
        return answer(() -> access().putRoom(caller(), roomId, body == null ? Map.of() : body));
    }

    @PUT
    @Path("{roomId}/participants/{participantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response join(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                         Map<String, Object> body) {
        if (runtime.isDraining()) {
            return error(503, "this server is shutting down; try again in a moment");
        }
        return answer(() -> access().join(caller(), roomId, participantId, body == null ? Map.of() : body));
    }

    @PATCH
    @Path("{roomId}/participants/{participantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                          Map<String, Object> body) {
        return answer(() -> access().patch(caller(), roomId, participantId, body == null ? Map.of() : body));
    }

    @GET
    @Path("{roomId}/participants/{participantId}")
    public Response participant(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId) {
        return answer(() -> access().participant(caller(), roomId, participantId));
    }

    @GET
    @Path("{roomId}/participants/{participantId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void participantEvents(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                                  @Context SseEventSink sink, @Context Sse sse) {
        refuseStream(() -> access().requireHolder(caller(), roomId, participantId));
        streams.participant(runtime.store(), Paths.participant(roomId, participantId), sink, sse);
    }

    @GET
    @Path("{roomId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void roomEvents(@PathParam("roomId") String roomId, @Context SseEventSink sink, @Context Sse sse) {
        refuseStream(() -> access().requireRoomView(caller(), roomId));
        streams.room(runtime.store(), access().rooms(), roomId, sink, sse);
    }

    /** A refused stream answers like any refused request (the sink is left unused). */
    private static void refuseStream(Runnable check) {
        try {
            check.run();
        } catch (RequestException e) {
            throw new WebApplicationException(error(e.status(), e.getMessage()));
        }
    }

    private static Response answer(Supplier<Object> work) {
        try {
            Object value = work.get();
            return Response.ok(Json.write(value), MediaType.APPLICATION_JSON).build();
        } catch (RequestException e) {
            return error(e.status(), e.getMessage());
        }
    }

    /** {"error": message}; a 401 also names the scheme (RFC 6750 section 3: Bearer). */
    static Response error(int status, String message) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.write(Json.error(message)));
        if (status == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"family-meeting\"");
        }
        return b.build();
    }
}
