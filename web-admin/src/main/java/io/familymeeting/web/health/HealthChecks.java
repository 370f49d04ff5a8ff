package io.familymeeting.web.health;

import io.familymeeting.media.api.EngineSnapshot;
import io.familymeeting.media.api.MediaConnection;
import io.familymeeting.signaling.access.AccessConfig;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.store.DocumentStore;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * MicroProfile Health checks from the real engine and store (served at the server root:
 * {@code /health/live}, {@code /health/ready}, {@code /health/started}; DOWN answers 503):
 * <ul>
 *   <li>liveness: the engine's threads are alive (a dead media loop needs a restart);</li>
 *   <li>readiness: the media port is bound, the signaling store is connected, the pages
 *       are served, on Firestore the access settings the security rules read are published
 *       ({@code config/access}: until then the rules refuse the pages), and the instance is
 *       not draining (a draining instance takes no new participants);</li>
 *   <li>startup: the engine started and signaling is subscribed.</li>
 * </ul>
 * An instance that refused to start (settings it must not run with: SignalingRuntime.refusal)
 * reports readiness and startup DOWN with the reason ({@code settings}).
 */
@ApplicationScoped
public class HealthChecks {
    @Inject
    private SignalingRuntime runtime;

    @Produces
    @Liveness
    HealthCheck engineThreads() {
        return () -> {
            EngineSnapshot e = engine();
            return withEngine(HealthCheckResponse.named("media-engine"), e)
                    .status(e != null && e.running() && e.threadsAlive()).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck mediaPort() {
        return () -> {
            EngineSnapshot e = engine();
            return withEngine(HealthCheckResponse.named("media-port"), e)
                    .status(e != null && e.mediaPortBound()).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck signalingStore() {
        return () -> {
            DocumentStore store = runtime.store();
            boolean up = store != null && store.isConnected();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("signaling-store")
                    .withData("backend", store == null ? "none" : store.backend());
            if (!up && store != null) {
                b.withData("error", store.lastError());
            }
            return b.status(up).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck accessSettings() {
        return () -> {
            AccessConfig access = runtime.access(); // null on an instance that refused to start
            return HealthCheckResponse.named("access-settings")
                    .withData("mode", access == null ? "none" : access.mode().wireName())
                    .status(runtime.accessPublished()).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck webStarted() {
        return () -> HealthCheckResponse.named("web-application").status(WebStarted.isStarted()).build();
    }

    @Produces
    @Readiness
    HealthCheck notDraining() {
        return () -> HealthCheckResponse.named("accepting-rooms").withData("instance", runtime.instanceId())
                .status(!runtime.isDraining()).build();
    }

    @Produces
    @Readiness
    HealthCheck settingsReady() {
        return this::settings;
    }

    @Produces
    @Startup
    HealthCheck settingsStarted() {
        return this::settings;
    }

    private HealthCheckResponse settings() {
        String refusal = runtime.refusal();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("settings");
        if (refusal != null) {
            b.withData("error", refusal);
        }
        return b.status(refusal == null).build();
    }

    @Produces
    @Startup
    HealthCheck started() {
        return () -> {
            EngineSnapshot e = engine();
            return withEngine(HealthCheckResponse.named("started"), e)
                    .status(e != null && e.running() && runtime.store() != null).build();
        };
    }

    private EngineSnapshot engine() {
        try (MediaConnection c = runtime.media()) {
            return c.engine();
        } catch (Exception e) {
            return null;
        }
    }

    private static HealthCheckResponseBuilder withEngine(HealthCheckResponseBuilder b, EngineSnapshot e) {
        if (e == null) {
            return b.withData("error", "no connection to the media adapter");
        }
        return b.withData("mediaPort", e.mediaPort()).withData("rooms", e.rooms())
                .withData("participants", e.participants());
    }
}
