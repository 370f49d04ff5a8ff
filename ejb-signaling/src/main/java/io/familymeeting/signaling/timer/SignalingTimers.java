package io.familymeeting.signaling.timer;

import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;

/**
 * The instance's periodic work, as non-persistent EJB timers: the heartbeat document, the
 * access settings for the Firestore rules, the reaper of failed / departed participants, the
 * cameras' stats, the broadcasts' leases, the monitor's scan and the cleanup. Each method
 * calls one service.
 */
@Singleton
public class SignalingTimers {
    @EJB
    private SignalingRuntime runtime;

    /** servers/{instanceId} (every 10 s; HEARTBEAT_SECONDS is what readers treat as stale x3). */
    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false, info = "heartbeat")
    void heartbeat() {
        runtime.heartbeat().beat();
    }

    /** config/access, the access settings the Firestore rules read, when it is missing or changed. */
    @Schedule(hour = "*", minute = "*", second = "5/10", persistent = false, info = "access-document")
    void accessDocument() {
        runtime.publishAccess();
    }

    /** fps, bitrate and codecs of every camera onto its document. */
    @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false, info = "camera-stats")
    void cameraStats() {
        runtime.cameras().refresh();
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "reaper")
    void reap() {
        runtime.reaper().run();
    }

    /** Deletes ended, unclaimed and dead-instance documents older than CLEANUP_AFTER_SECONDS. */
    @Schedule(hour = "*", minute = "*", second = "30", persistent = false, info = "cleanup")
    void cleanup() {
        runtime.sweep();
    }

    /** Lease renewal (every third of LEASE_SECONDS) and the monitor scan (MONITOR_SECONDS), each when due. */
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "ownership")
    void ownership() {
        runtime.ownership().tick();
    }
}
