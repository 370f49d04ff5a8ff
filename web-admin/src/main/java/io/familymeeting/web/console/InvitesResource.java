package io.familymeeting.web.console;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.signaling.access.JoinTokens;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.service.RequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The admin API's invitations: {@code POST /meeting/api/admin/rooms/{room}/tokens} with
 * {@code {role, name?, identity?, ttlSeconds?}} answers {@code {token, path, url, expiresAt,
 * identity, role}}: a join token ({@link JoinTokens}) and the room page link that carries it
 * in its fragment (never sent to a server, not in access logs). Behind {@link AdminFilter}
 * (console session; JSON only). The console's Invite panel (admin/console.js) calls it.
 * Each invitation is logged without its token.
 */
@Path("admin/rooms/{roomId}/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InvitesResource {
    private static final Logger LOG = Logger.getLogger(InvitesResource.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    private SignalingRuntime runtime;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("roomId") String roomId, Map<String, Object> body, @Context UriInfo uri) {
        Map<String, Object> in = body == null ? Map.of() : body;
        try {
            ParticipantRole role = role(in.get("role"));
            JoinTokens.Issued issued = runtime.access().requireTokens()
                    .issue(roomId, role, text(in, "identity"), text(in, "name"), ttl(in.get("ttlSeconds")));
            String path = InviteLink.path(uri.getBaseUri().getPath(), roomId, role, issued.token());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", issued.token());
            out.put("path", path);
            out.put("url", uri.getBaseUri().resolve(path).toString());
            out.put("expiresAt", issued.claims().expiresAt().toString());
            out.put("identity", issued.claims().identity());
            out.put("role", role.wireName());
            LOG.info(() -> "invitation to room " + roomId + " as " + role.wireName() + " for " + issued.claims().identity()
                    + ", valid until " + issued.claims().expiresAt());
            return Response.ok(JSONB.toJson(out)).build();
        } catch (RequestException e) {
            return Response.status(e.status()).entity(JSONB.toJson(Map.of("error", String.valueOf(e.getMessage())))).build();
        }
    }

    private static ParticipantRole role(Object value) {
        if (!(value instanceof String s) || !(s.equals("presenter") || s.equals("viewer"))) {
            throw new RequestException(400, "role must be \"presenter\" or \"viewer\"");
        }
        return ParticipantRole.parse(s);
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v != null && !(v instanceof String)) {
            throw new RequestException(400, field + " must be a string");
        }
        return (String) v;
    }

    private static Duration ttl(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw new RequestException(400, "ttlSeconds must be a whole number of seconds");
        }
        return Duration.ofSeconds(n.longValue());
    }
}
