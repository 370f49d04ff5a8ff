package io.familymeeting.signaling.logging;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.telemetry.TelemetrySetup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * With {@code RUN_TIME_ENV=production} the server logs JSON lines with the current trace and
 * span ids ({@link JsonLogging}, {@link JsonLogFormatter}) from deployment to undeploy;
 * otherwise the server's own format stays. Never fails the deployment.
 */
@Singleton
@Startup
public class JsonLogSetup {
    private static final Logger LOG = Logger.getLogger(JsonLogSetup.class.getName());

    private JsonLogging installed;

    @PostConstruct
    void start() {
        try {
            Settings settings = Settings.fromMicroProfileConfig();
            if (!settings.isProduction()) {
                return;
            }
            installed = JsonLogging.install(TelemetrySetup::currentSpanIds, settings.get(Setting.GOOGLE_CLOUD_PROJECT));
            LOG.info(() -> "logging: JSON lines with trace ids (RUN_TIME_ENV=production) on "
                    + installed.handlers() + " handler(s)");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "logging: JSON logging unavailable; the server's format stays", e);
        }
    }

    @PreDestroy
    void stop() {
        if (installed != null) {
            installed.close();
            installed = null;
        }
    }
}
