package io.familymeeting.web.health;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * On an instance that refused to start (SignalingRuntime.refusal: e.g. ACCESS_MODE=token
 * without a key), every page, API route and console page answers 503 with the reason, as
 * text; nothing behind it runs. Mapped first in WEB-INF/web.xml. The health checks, at the
 * server's root, report the same reason ({@link HealthChecks}).
 */
public class RefusedStartFilter extends HttpFilter {
    @Inject
    private SignalingRuntime runtime;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String refusal = runtime.refusal();
        if (refusal == null) {
            chain.doFilter(req, res);
            return;
        }
        res.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        res.setContentType("text/plain;charset=UTF-8");
        res.getWriter().println(refusal);
    }
}
