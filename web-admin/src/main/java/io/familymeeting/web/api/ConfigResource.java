package io.familymeeting.web.api;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/config}: which signaling backend the pages must load (signaling.js), the
 * access mode ({@code access}: open | token; in token mode the lobby sends visitors to their
 * invitation) and, on Firestore, the Firebase web configuration they connect with
 * ({@link FirebaseWebConfig}).
 */
@Path("config")
@RequestScoped
public class ConfigResource {
    static final String FIRESTORE = "firestore";

    @Inject
    private SignalingRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response config() {
        Map<String, Object> out = new LinkedHashMap<>();
        String backend = runtime.store().backend();
        out.put("backend", backend);
        out.put("instance", runtime.instanceId());
        out.put("access", runtime.access().mode().wireName());
        out.put("iceServers", List.of());
        if (FIRESTORE.equals(backend)) {
            try {
                out.putAll(FirebaseWebConfig.from(runtime.settings()));
            } catch (IllegalArgumentException e) {
                return Response.serverError().type(MediaType.APPLICATION_JSON)
                        .entity(Json.write(Map.of("error", "the browser configuration is incomplete: " + e.getMessage()))).build();
            }
        }
        return Response.ok(Json.write(out), MediaType.APPLICATION_JSON).build();
    }
}
