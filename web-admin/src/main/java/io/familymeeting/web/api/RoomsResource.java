package io.familymeeting.web.api;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.service.NativeRooms;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.signaling.schema.Paths;
import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The embedded store's signaling API for the web client (see js/signaling/embedded.js for
 * the routes). Writes go through {@link NativeRooms}; live views are SSE streams fed by the
 * store's listeners ({@link LiveStreams}). Errors answer {"error": message} with a status.
 */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
    @Inject
    private SignalingRuntime runtime;
    @Inject
    private LiveStreams streams;

    private NativeRooms rooms() {
        return new NativeRooms(runtime.store(), Clock.systemUTC());
    }

    @GET
    public Response list() {
        return answer(() -> rooms().rooms().stream().map(Json::view).toList());
    }

    @GET
    @Path("{roomId}")
    public Response get(@PathParam("roomId") String roomId) {
        return answer(() -> Json.view(rooms().room(roomId)));
    }

    @PUT
    @Path("{roomId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("roomId") String roomId, Map<String, Object> body) {
        return answer(() -> Json.view(rooms().putRoom(roomId, body == null ? Map.of() : body)));
    }

    @PUT
    @Path("{roomId}/participants/{participantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response join(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                         Map<String, Object> body) {
        if (runtime.isDraining()) {
            return error(503, "this server is shutting down; try again in a moment");
        }
        return answer(() -> Json.view(rooms().join(roomId, participantId, body == null ? Map.of() : body)));
    }

    @PATCH
    @Path("{roomId}/participants/{participantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                          Map<String, Object> body) {
        return answer(() -> Json.view(rooms().patch(roomId, participantId, body == null ? Map.of() : body)));
    }

    @GET
    @Path("{roomId}/participants/{participantId}")
    public Response participant(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId) {
        return answer(() -> Json.view(rooms().participant(roomId, participantId)));
    }

    @GET
    @Path("{roomId}/participants/{participantId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void participantEvents(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId,
                                  @Context SseEventSink sink, @Context Sse sse) {
        if (!Paths.isValidId(roomId) || !Paths.isValidId(participantId)) {
            sink.close();
            return;
        }
        streams.participant(runtime.store(), Paths.participant(roomId, participantId), sink, sse);
    }

    @GET
    @Path("{roomId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void roomEvents(@PathParam("roomId") String roomId, @Context SseEventSink sink, @Context Sse sse) {
        if (!Paths.isValidId(roomId)) {
            sink.close();
            return;
        }
        streams.room(runtime.store(), rooms(), roomId, sink, sse);
    }

    private static Response answer(Supplier<Object> work) {
        try {
            Object value = work.get();
            return Response.ok(Json.write(value), MediaType.APPLICATION_JSON).build();
        } catch (RequestException e) {
            return error(e.status(), e.getMessage());
        }
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.write(Json.error(message))).build();
    }
}
