package io.familymeeting.signaling.timer;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;

/**
 * The instance's periodic work, as non-persistent EJB timers: the heartbeat document, the
 * access settings for the Firestore rules, the reaper of failed / departed participants, the
 * cameras' stats, the broadcasts' leases, the monitor's scan and the cleanup. Each method
 * calls one service, unless the instance refused to start.
 */
@Singleton
public class SignalingTimers {
    @EJB
    private SignalingRuntime runtime;

    /** servers/{instanceId} (every 10 s; HEARTBEAT_SECONDS is what readers treat as stale x3). */
    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false, info = "heartbeat")
    void heartbeat() {
        run(() -> runtime.heartbeat().beat());
    }

    /** config/access, the access settings the Firestore rules read, when it is missing or changed. */
    @Schedule(hour = "*", minute = "*", second = "5/10", persistent = false, info = "access-document")
    void accessDocument() {
        run(runtime::publishAccess);
    }

    /** fps, bitrate and codecs of every camera onto its document. */
    @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false, info = "camera-stats")
    void cameraStats() {
        run(() -> runtime.cameras().refresh());
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "reaper")
    void reap() {
        run(() -> runtime.reaper().run());
    }

    /** Deletes ended, unclaimed and dead-instance documents older than CLEANUP_AFTER_SECONDS. */
    @Schedule(hour = "*", minute = "*", second = "30", persistent = false, info = "cleanup")
    void cleanup() {
        run(runtime::sweep);
    }

    /** Lease renewal (every third of LEASE_SECONDS) and the monitor scan (MONITOR_SECONDS), each when due. */
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "ownership")
    void ownership() {
        run(() -> runtime.ownership().tick());
    }

    /** Nothing runs on an instance that refused to start ({@link SignalingRuntime#refusal()}). */
    private void run(Runnable work) {
        if (runtime.refusal() == null) {
            work.run();
        }
    }
}
