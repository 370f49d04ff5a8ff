package io.familymeeting.web.api;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.service.NativeCameras;
import io.familymeeting.signaling.service.RequestException;
import io.familymeeting.web.console.AdminFilter;
import io.familymeeting.web.console.ConsoleAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A room's IP cameras: {@code GET /api/rooms/{roomId}/cameras}, {@code GET / PUT / DELETE
 * /api/rooms/{roomId}/cameras/{cameraId}}. Cameras are an operator's: every route answers
 * only an admin ({@link ConsoleAccess}: a console session or {@code Authorization: Bearer
 * ADMIN_API_KEY}); anyone else gets 401 before anything is read or written, and nothing of a
 * camera (URL, user, state, error). Writes go through {@link NativeCameras} into the cameras
 * documents, and the server starts or stops the camera on the document change; the answers
 * never hold the camera's password. Errors answer {"error": message} with a status.
 */
@Path("rooms/{roomId}/cameras")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CamerasResource {
    /** The one answer non-admins get. */
    static final String NOT_ADMIN = "cameras are managed by the operator: log in to the console"
            + " or send Authorization: Bearer ADMIN_API_KEY";

    @Inject
    private SignalingRuntime runtime;
    @Inject
    private ConsoleAccess access;
    @Context
    private HttpServletRequest request;

    private NativeCameras cameras() {
        return new NativeCameras(runtime.store(), Clock.systemUTC());
    }

    @GET
    public Response list(@PathParam("roomId") String roomId) {
        return answer(() -> cameras().cameras(roomId));
    }

    @GET
    @Path("{cameraId}")
    public Response get(@PathParam("roomId") String roomId, @PathParam("cameraId") String cameraId) {
        return answer(() -> cameras().camera(roomId, cameraId));
    }

    @PUT
    @Path("{cameraId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("roomId") String roomId, @PathParam("cameraId") String cameraId,
                        Map<String, Object> body) {
        return answer(() -> cameras().put(roomId, cameraId, body == null ? Map.of() : body));
    }

    @DELETE
    @Path("{cameraId}")
    public Response delete(@PathParam("roomId") String roomId, @PathParam("cameraId") String cameraId) {
        if (!access.isAdmin(request)) {
            return notAdmin();
        }
        try {
            cameras().delete(roomId, cameraId);
            return Response.noContent().build();
        } catch (RequestException e) {
            return RoomsResource.error(e.status(), e.getMessage());
        }
    }

    private Response answer(Supplier<Object> work) {
        if (!access.isAdmin(request)) {
            return notAdmin();
        }
        try {
            return Response.ok(Json.write(work.get()), MediaType.APPLICATION_JSON).build();
        } catch (RequestException e) {
            return RoomsResource.error(e.status(), e.getMessage());
        }
    }

    private static Response notAdmin() {
        return Response.fromResponse(RoomsResource.error(401, NOT_ADMIN)).header("WWW-Authenticate", AdminFilter.CHALLENGE)
                .build();
    }
}
