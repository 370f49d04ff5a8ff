package io.familymeeting.web.api;

import io.familymeeting.signaling.access.Caller;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.service.RequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * {@code POST /api/auth/firebase-token}: a join token for a Firebase custom token, on the
 * Firestore backend in ACCESS_MODE=token ({@link TokenExchange}; the page's side is
 * js/signaling/firebase-token.js). The answer holds a credential: never cached.
 */
@Path("auth/firebase-token")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FirebaseTokenResource {
    @Inject
    private SignalingRuntime runtime;
    @Inject
    private FirebaseCustomTokens customTokens;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response exchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Map<String, Object> body) {
        try {
            TokenExchange exchange = new TokenExchange(runtime.store().backend(), runtime.access(), customTokens::mint);
            Map<String, Object> out = exchange.exchange(Caller.of(authorization, null, null, false).bearerToken(),
                    body == null ? Map.of() : body);
            return Response.ok(Json.write(out), MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
        } catch (RequestException e) {
            return RoomsResource.error(e.status(), e.getMessage());
        }
    }
}
