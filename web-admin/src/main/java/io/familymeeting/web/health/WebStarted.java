package io.familymeeting.web.health;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Records that the web application (pages, REST API) has started: the health checks are
 * registered while CDI starts, a moment before the pages are served, so readiness waits for
 * this too.
 */
@WebListener
public class WebStarted implements ServletContextListener {
    private static volatile boolean started;

    static boolean isStarted() {
        return started;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        started = true;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        started = false;
    }
}
