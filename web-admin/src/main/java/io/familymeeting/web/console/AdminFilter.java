package io.familymeeting.web.console;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * Guards the console pages ({@code /admin/*}) and the console API ({@code /api/admin/*}):
 * a request passes only with a logged-in session (see {@link LoginServlet}); pages redirect
 * to the login form, the API answers 401. When the console is refused (production without
 * {@code ADMIN_PASSWORD}) everything under it answers 503 with the reason. The login form,
 * logout and the style sheet pass without a session. Console API
 * writes must be {@code application/json}, which a cross-site form cannot send.
 */
@WebFilter(urlPatterns = {"/admin/*", "/api/admin/*"})
public class AdminFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(AdminFilter.class.getName());
    /** Session attribute holding the logged-in user name. */
    static final String SESSION_USER = "io.familymeeting.console.user";
    /** The console's style sheet, which the login form uses too. */
    static final String STYLESHEET = "/admin/console.css";

    @Inject
    private SignalingRuntime runtime;

    private volatile AdminCredentials credentials;

    AdminCredentials credentials() {
        AdminCredentials c = credentials;
        if (c == null) {
            c = AdminCredentials.from(runtime.settings());
            if (c.refusal() != null) {
                LOG.severe(c.refusal());
            } else if (c.usesDefaultPassword()) {
                LOG.warning("admin console: ADMIN_PASSWORD is not set; the development password 'admin' is in use");
            }
            credentials = c;
        }
        return c;
    }

    @Override
    public void init() {
        credentials();
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        res.setHeader("Cache-Control", "no-store");
        AdminCredentials c = credentials();
        if (c.refusal() != null) {
            res.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().println(c.refusal());
            return;
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        boolean api = path.startsWith("/api/");
        if (path.equals(LoginServlet.LOGIN) || path.equals(LoginServlet.LOGOUT) || path.equals(STYLESHEET)) {
            chain.doFilter(req, res);
            return;
        }
        HttpSession session = req.getSession(false);
        boolean loggedIn = session != null && session.getAttribute(SESSION_USER) != null;
        if (!loggedIn) {
            if (api) {
                res.sendError(HttpServletResponse.SC_UNAUTHORIZED, "log in to the console first");
            } else {
                res.sendRedirect(req.getContextPath() + LoginServlet.LOGIN);
            }
            return;
        }
        if (api && !"GET".equals(req.getMethod()) && !isJson(req.getContentType())) {
            res.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "console actions take application/json");
            return;
        }
        chain.doFilter(req, res);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }
}
