package io.familymeeting.web.console;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.logging.Logger;

/**
 * The console's form login: GET shows the form, POST checks the user and password
 * ({@link AdminCredentials}) and, when they match, marks a fresh session (new id: no
 * session fixation) as logged in; a POST to {@code /admin/logout} ends it (a GET there is
 * refused: a link or an image must not log anyone out). Failed logins are counted per client
 * address ({@link LoginThrottle}): past the limit the address gets 429 with Retry-After until
 * the lock time is over. Runs behind {@link AdminFilter}, which refuses the console
 * altogether when it must not be served. The session cookie's flags are {@link SessionCookies}'.
 */
@WebServlet(urlPatterns = {LoginServlet.LOGIN, LoginServlet.LOGOUT})
public class LoginServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(LoginServlet.class.getName());
    static final String LOGIN = "/admin/login";
    static final String LOGOUT = "/admin/logout";
    static final String HOME = "/admin/index.xhtml";
    /** RFC 6585 §4. */
    static final int TOO_MANY_REQUESTS = 429;

    @jakarta.inject.Inject
    private ConsoleAccess access;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (LOGOUT.equals(req.getServletPath())) {
            res.setHeader("Allow", "POST");
            form(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Log out with the console's Log out button (a POST).");
            return;
        }
        form(res, HttpServletResponse.SC_OK, "");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (LOGOUT.equals(req.getServletPath())) {
            logout(req, res);
            return;
        }
        String address = req.getRemoteAddr();
        LoginThrottle throttle = access.throttle();
        long locked = throttle.lockedSeconds(address);
        if (locked > 0) {
            LOG.warning(() -> "console login from " + address + " refused: locked for " + locked + " s more");
            res.setHeader("Retry-After", Long.toString(locked));
            form(res, TOO_MANY_REQUESTS, "Too many failed logins from your address: try again in " + locked + " s.");
            return;
        }
        String user = req.getParameter("user");
        if (!access.credentials().matches(user, req.getParameter("password"))) {
            throttle.failed(address);
            LOG.warning(() -> "console login refused for '" + String.valueOf(user).replaceAll("[^\\w.@-]", "?")
                    + "' from " + address);
            form(res, HttpServletResponse.SC_UNAUTHORIZED, "Wrong user name or password.");
            return;
        }
        throttle.succeeded(address);
        HttpSession session = req.getSession(true);
        req.changeSessionId();
        session.setAttribute(ConsoleAccess.SESSION_USER, user);
        session.setMaxInactiveInterval(30 * 60);
        res.sendRedirect(req.getContextPath() + HOME);
    }

    private static void logout(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        res.sendRedirect(req.getContextPath() + LOGIN);
    }

    private static void form(HttpServletResponse res, int status, String error) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html;charset=UTF-8");
        PrintWriter w = res.getWriter();
        w.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>family-meeting — console login</title>");
        w.println("<link rel=\"stylesheet\" href=\"../css/meeting.css\"><link rel=\"stylesheet\" href=\"console.css\"></head><body>");
        w.println("<header class=\"topbar\"><a class=\"brand\" href=\"../index.html\">family-meeting</a><span class=\"spacer\"></span><span class=\"me\">console</span></header>");
        w.println("<main class=\"lobby\"><section class=\"panel login\"><h2>Console login</h2>");
        w.println("<form method=\"post\" action=\"login\" id=\"login-form\">");
        w.println("<label>User <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>");
        w.println("<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>");
        w.println("<button type=\"submit\" id=\"login\">Log in</button></form>");
        if (!error.isEmpty()) {
            w.println("<p class=\"error\" id=\"login-error\">" + error + "</p>");
        }
        w.println("</section></main></body></html>");
    }
}
