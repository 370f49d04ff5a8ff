package io.familymeeting.signaling.runtime;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.scale.Cleanup;
import io.familymeeting.signaling.store.DocumentStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cleanup timer's sweep where this instance sweeps: the monitor role (ROLE monitor or
 * both) on Firestore, and the embedded backend's single instance; {@code CLEANUP_AFTER_SECONDS}
 * for every age. Logs what it deleted; a failed sweep is logged and the next one tries again.
 * What is deleted is {@link Cleanup}'s rule.
 */
final class CleanupSweep {
    private static final Logger LOG = Logger.getLogger(CleanupSweep.class.getName());

    /** Null where this instance does not sweep. */
    private final Cleanup cleanup;

    CleanupSweep(Settings settings, DocumentStore store, Clock clock) {
        String role = settings.get(Setting.ROLE).toLowerCase(Locale.ROOT);
        boolean firestore = "firestore".equalsIgnoreCase(settings.get(Setting.SIGNALING_BACKEND));
        if (firestore && !role.equals("monitor") && !role.equals("both")) {
            cleanup = null;
            return;
        }
        Duration age = Duration.ofSeconds(Math.max(1, settings.getInt(Setting.CLEANUP_AFTER_SECONDS)));
        cleanup = new Cleanup(store, clock, age, age, age, firestore);
    }

    /** One sweep (nothing where this instance does not sweep). */
    void sweep() {
        if (cleanup == null) {
            return;
        }
        try {
            List<String> deleted = cleanup.sweep();
            if (!deleted.isEmpty()) {
                LOG.info(() -> "cleanup deleted " + deleted.size() + " document(s): " + deleted);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cleanup sweep failed: " + e.getMessage());
        }
    }
}
