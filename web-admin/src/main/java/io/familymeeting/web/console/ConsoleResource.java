package io.familymeeting.web.console;

import io.familymeeting.media.api.MediaException;
import io.familymeeting.signaling.service.RequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * The console's JSON API under {@code /meeting/api/admin} (behind the console login,
 * {@link AdminFilter}): the live status the pages poll, and the operator's actions (POSTs of
 * JSON only: close a room, remove a participant, add / replace or remove a camera, drain).
 */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    private ConsoleService console;

    @GET
    @Path("status")
    public String status() {
        return JSONB.toJson(console.status());
    }

    @POST
    @Path("drain")
    @Consumes(MediaType.APPLICATION_JSON)
    public String drain() {
        console.drain();
        return JSONB.toJson(Map.of("state", "draining"));
    }

    @POST
    @Path("rooms/{roomId}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response closeRoom(@PathParam("roomId") String roomId) {
        try {
            console.closeRoom(roomId);
            return Response.ok(JSONB.toJson(Map.of("closed", roomId))).build();
        } catch (MediaException e) {
            return unavailable(e);
        }
    }

    @POST
    @Path("rooms/{roomId}/participants/{participantId}/remove")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response removeParticipant(@PathParam("roomId") String roomId, @PathParam("participantId") String participantId) {
        try {
            console.removeParticipant(roomId, participantId);
            return Response.ok(JSONB.toJson(Map.of("removed", participantId))).build();
        } catch (MediaException e) {
            return unavailable(e);
        }
    }

    @POST
    @Path("rooms/{roomId}/cameras/{cameraId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putCamera(@PathParam("roomId") String roomId, @PathParam("cameraId") String cameraId,
                              Map<String, Object> body) {
        try {
            return Response.ok(JSONB.toJson(console.putCamera(roomId, cameraId, body == null ? Map.of() : body))).build();
        } catch (RequestException e) {
            return refused(e);
        }
    }

    @POST
    @Path("rooms/{roomId}/cameras/{cameraId}/remove")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response removeCamera(@PathParam("roomId") String roomId, @PathParam("cameraId") String cameraId) {
        try {
            console.removeCamera(roomId, cameraId);
            return Response.ok(JSONB.toJson(Map.of("removed", cameraId))).build();
        } catch (RequestException e) {
            return refused(e);
        }
    }

    private static Response refused(RequestException e) {
        return Response.status(e.status()).entity(JSONB.toJson(Map.of("error", String.valueOf(e.getMessage())))).build();
    }

    private static Response unavailable(MediaException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(JSONB.toJson(Map.of("error", String.valueOf(e.getMessage())))).build();
    }
}
