package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.annotation.WebListener;

import java.util.EnumSet;
import java.util.logging.Logger;

/**
 * The flags of the session cookie (the console's login lives in the session), set before
 * the application serves anything: {@code HttpOnly} (scripts cannot read it) and, with {@code
 * RUN_TIME_ENV=production}, {@code Secure} (only over HTTPS, which production is served
 * through). Sessions are tracked by the cookie only, never by a {@code ;jsessionid} in URLs.
 * The third flag, {@code SameSite=Strict} (no other site's page sends the cookie along: no
 * cross-site requests in the operator's name), is in WEB-INF/glassfish-web.xml: Payara does
 * not write the Servlet API's cookie attributes onto its session cookie. It does not create
 * sessions.
 */
@WebListener
public class SessionCookies implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(SessionCookies.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        boolean production = Settings.fromMicroProfileConfig().isProduction();
        configure(context.getSessionCookieConfig(), production);
        context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        LOG.fine(() -> "session cookie: HttpOnly, SameSite=Strict" + (production ? ", Secure" : ""));
    }

    /** HttpOnly always; Secure in production. */
    static void configure(SessionCookieConfig cookie, boolean production) {
        cookie.setHttpOnly(true);
        cookie.setSecure(production);
    }
}
