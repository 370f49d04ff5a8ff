package io.familymeeting.web.console;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Guards the console pages ({@code /admin/*}) and the console API ({@code /api/admin/*}):
 * a page passes only with a logged-in session (see {@link LoginServlet}), else it redirects
 * to the login form; the API passes with a session or with {@code Authorization: Bearer
 * ADMIN_API_KEY} ({@link ConsoleAccess}), else it answers 401. When the console is refused
 * (production without {@code ADMIN_PASSWORD}) everything under it answers 503 with the reason,
 * except API requests with the right key. The login form, logout and the style sheet pass
 * without a session. Console API writes must be {@code application/json}, which a cross-site
 * form cannot send.
 */
@WebFilter(urlPatterns = {"/admin/*", "/api/admin/*"})
public class AdminFilter extends HttpFilter {
    /** Session attribute holding the logged-in user name. */
    static final String SESSION_USER = ConsoleAccess.SESSION_USER;
    /** The console's style sheet, which the login form uses too. */
    static final String STYLESHEET = "/admin/console.css";
    /** RFC 6750 §3: the challenge of a bearer-protected resource. */
    public static final String CHALLENGE = "Bearer realm=\"family-meeting\"";

    @Inject
    private ConsoleAccess access;

    @Override
    public void init() {
        access.refusal();
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        res.setHeader("Cache-Control", "no-store");
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        boolean api = path.startsWith("/api/");
        boolean key = api && access.hasApiKey(req);
        String refusal = access.refusal();
        if (refusal != null && !key) {
            res.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().println(refusal);
            return;
        }
        if (path.equals(LoginServlet.LOGIN) || path.equals(LoginServlet.LOGOUT) || path.equals(STYLESHEET)) {
            chain.doFilter(req, res);
            return;
        }
        if (!key && !access.hasSession(req)) {
            if (api) {
                res.setHeader("WWW-Authenticate", CHALLENGE);
                res.sendError(HttpServletResponse.SC_UNAUTHORIZED,
                        "log in to the console first, or send Authorization: Bearer ADMIN_API_KEY");
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

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }
}
