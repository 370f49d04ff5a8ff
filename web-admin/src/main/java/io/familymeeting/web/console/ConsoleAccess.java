package io.familymeeting.web.console;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.logging.Logger;

/**
 * Who is an admin, for every route that asks: a request with a logged-in console session
 * ({@link LoginServlet}) or with {@code Authorization: Bearer ADMIN_API_KEY}. It holds the
 * console's credentials and its login throttle, made once from the settings (a setting that
 * cannot be used refuses the console with the reason, like a missing production password,
 * and is logged once). The console's own filter ({@link AdminFilter}), the login and the
 * camera routes ask it; it does not answer requests itself.
 */
@ApplicationScoped
public class ConsoleAccess {
    private static final Logger LOG = Logger.getLogger(ConsoleAccess.class.getName());
    /** Session attribute holding the logged-in user name. */
    static final String SESSION_USER = "io.familymeeting.console.user";

    @Inject
    private SignalingRuntime runtime;

    private volatile State state;

    /** Credentials, throttle and the reason the console is refused (or null), made together. */
    private record State(AdminCredentials credentials, LoginThrottle throttle, String refusal) {
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = load();
                    state = s;
                }
            }
        }
        return s;
    }

    private State load() {
        AdminCredentials c = AdminCredentials.from(runtime.settings());
        String refusal = c.refusal();
        LoginThrottle throttle = null;
        try {
            throttle = LoginThrottle.from(runtime.settings());
        } catch (IllegalArgumentException e) {
            refusal = "The admin console is disabled: " + e.getMessage();
        }
        if (refusal != null) {
            LOG.severe(refusal);
        } else if (c.usesDefaultPassword()) {
            LOG.warning("admin console: ADMIN_PASSWORD is not set; the development password 'admin' is in use");
        }
        if (c.apiKeyProblem() != null) {
            LOG.severe("admin console: " + c.apiKeyProblem());
        }
        return new State(c, throttle, refusal);
    }

    public AdminCredentials credentials() {
        return state().credentials();
    }

    /** Why password logins and the console pages are refused, or null when they are served. */
    public String refusal() {
        return state().refusal();
    }

    /** The login throttle; null only while the console is refused. */
    public LoginThrottle throttle() {
        return state().throttle();
    }

    /** True for a logged-in console session or the right bearer key. */
    public boolean isAdmin(HttpServletRequest request) {
        return hasSession(request) || hasApiKey(request);
    }

    /** True when the request carries {@code Authorization: Bearer ADMIN_API_KEY}. */
    public boolean hasApiKey(HttpServletRequest request) {
        return credentials().matchesAuthorization(request.getHeader("Authorization"));
    }

    /** True when the request belongs to a logged-in console session (never while the console is refused). */
    public boolean hasSession(HttpServletRequest request) {
        if (refusal() != null) {
            return false;
        }
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(SESSION_USER) != null;
    }
}
