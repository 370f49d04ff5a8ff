package io.familymeeting.web.api;

import io.familymeeting.signaling.mdb.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/config}: which signaling backend the pages must load (signaling.js). */
@Path("config")
@RequestScoped
public class ConfigResource {
    @Inject
    private SignalingRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String config() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", runtime.store().backend());
        out.put("instance", runtime.instanceId());
        out.put("iceServers", List.of());
        return Json.write(out);
    }
}
