package io.familymeeting.web.api;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * On the Firestore backend the pages write Firestore directly, under the security rules
 * (docker/firestore/firestore.rules); the REST meeting routes would write the same documents
 * through the server's own client, which bypasses the rules. So there every route under
 * {@code /api} answers 404 with the reason, except {@code /api/config} (which backend to use),
 * {@code /api/auth/*} (the token exchange) and {@code /api/admin/*} (the console's API,
 * guarded by {@code console.AdminFilter}). On the embedded store it lets everything through.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true) // the live streams (SSE) behind it are asynchronous
public class FirestoreRoutesOff extends HttpFilter {
    static final String MESSAGE = "this server signals through Firestore: the pages read and write it directly,"
            + " under its security rules, and the REST meeting routes are off (GET /meeting/api/config says so)";

    @Inject
    private SignalingRuntime runtime;

    /** True when {@code path} (from the context root, e.g. {@code /api/rooms/r1}) is off on {@code backend}. */
    static boolean isOff(String backend, String path) {
        if (!TokenExchange.FIRESTORE.equals(backend)) {
            return false;
        }
        return !(path.equals("/api/config") || path.startsWith("/api/auth/") || path.equals("/api/admin")
                || path.startsWith("/api/admin/"));
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (!isOff(runtime.store().backend(), path)) {
            chain.doFilter(req, res);
            return;
        }
        res.setStatus(HttpServletResponse.SC_NOT_FOUND);
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getWriter().write(Json.write(Json.error(MESSAGE)));
    }
}
