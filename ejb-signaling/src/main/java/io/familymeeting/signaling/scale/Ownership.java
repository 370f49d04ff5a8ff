package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.dispatch.InProcessDispatch;
import io.familymeeting.signaling.dispatch.PubSubDispatch;
import io.familymeeting.signaling.dispatch.RoomDispatch;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which rooms this instance serves (docs/scale-out.md): native rooms ({@code rooms/{id}},
 * with their participants and cameras) and broadcasts (a broadcaster's
 * {@code broadcast_requests/{id}}, with its participants). Put together from
 * {@link RoomClaims}, {@link Monitor} and a {@link RoomDispatch}: with ROLE monitor|both the
 * monitor publishes room and broadcaster documents nobody serves (on every change, and a scan every
 * MONITOR_SECONDS); with ROLE broadcast|both this instance consumes them and claims (ack on
 * CLAIMED / OWNED_ELSEWHERE / GONE, nack on AT_CAPACITY). {@link #tick()} (an EJB timer,
 * every second) renews the leases every third of LEASE_SECONDS (first marking owned rooms
 * that have been empty for ROOM_IDLE_SECONDS idle, {@link IdleRooms}, so they are released),
 * takes over rooms whose owner's lease has run out, and runs the scan.
 *
 * <p>Takeover (monitor role): on every tick the monitor names the claims of other instances
 * whose lease has just run out ({@link Monitor#expiredElsewhere()}, from the claims it keeps).
 * With ROLE both and room under MAX_BROADCASTS this instance claims such a room itself, as a
 * delivery would; otherwise (ROLE monitor, or full) it publishes the room at once, once per
 * lease expiry. Either way the claim transaction decides: of two survivors racing, one wins.
 * So a dead owner's room is taken over within a tick of its lease running out, without
 * waiting for the scan, the republish pause or a message the dead subscriber had leased.
 *
 * <p>Pub/Sub carries the dispatch when the Firestore backend has Pub/Sub configured
 * (PUBSUB_EMULATOR_HOST, or Google itself: a project and no Firestore emulator); otherwise
 * an {@link InProcessDispatch}. The embedded backend has one instance only:
 * {@link #everything()} serves every room and claims nothing.
 *
 * <p>Not the media side: {@link Rooms} is told what was claimed or lost.
 */
public final class Ownership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Ownership.class.getName());

    /** What the runtime does when a room changes hands. */
    public interface Rooms {
        /** Now served here: process its documents again (they were skipped until now). */
        void claimed(String path);

        /** No longer served here: close it. */
        void lost(String path);
    }

    private final RoomClaims claims;
    private final IdleRooms idle;
    private final Monitor monitor;
    private final RoomDispatch dispatch;
    private final Rooms rooms;
    private final Clock clock;
    private final Duration renewEvery;
    private final Duration scanEvery;
    private final Object claimLock = new Object();
    private Registration consumer;
    private Registration monitorListener;
    private Registration roomsListener;
    private Registration claimsListener;
    private Instant nextRenew = Instant.MIN;
    private Instant nextScan = Instant.MIN;
    private volatile boolean closed;

    private Ownership(RoomClaims claims, IdleRooms idle, Monitor monitor, RoomDispatch dispatch, Rooms rooms,
                      Clock clock, Duration renewEvery, Duration scanEvery) {
        this.claims = claims;
        this.idle = idle;
        this.monitor = monitor;
        this.dispatch = dispatch;
        this.rooms = rooms;
        this.clock = clock;
        this.renewEvery = renewEvery;
        this.scanEvery = scanEvery;
    }

    /** One instance serves everything (the embedded backend). */
    public static Ownership everything() {
        return new Ownership(null, null, null, null, null, Clock.systemUTC(), Duration.ZERO, Duration.ZERO);
    }

    /** From SIGNALING_BACKEND, ROLE, MAX_BROADCASTS, LEASE_SECONDS, MONITOR_SECONDS, ROOM_IDLE_SECONDS and the Pub/Sub settings. */
    public static Ownership open(DocumentStore store, Settings settings, String instanceId, Clock clock, Rooms rooms) {
        if (!"firestore".equalsIgnoreCase(settings.get(Setting.SIGNALING_BACKEND))) {
            return everything();
        }
        RoomDispatch dispatch = pubSubConfigured(settings) ? PubSubDispatch.open(settings)
                : new InProcessDispatch(Duration.ofSeconds(1));
        return open(store, settings, instanceId, clock, rooms, dispatch);
    }

    /** As {@link #open(DocumentStore, Settings, String, Clock, Rooms)} on a given dispatch (tests). */
    static Ownership open(DocumentStore store, Settings settings, String instanceId, Clock clock, Rooms rooms,
                          RoomDispatch dispatch) {
        Duration lease = Duration.ofSeconds(Math.max(3, settings.getInt(Setting.LEASE_SECONDS)));
        Duration scan = Duration.ofSeconds(Math.max(1, settings.getInt(Setting.MONITOR_SECONDS)));
        RoomClaims claims = new RoomClaims(store, instanceId, settings.getInt(Setting.MAX_BROADCASTS), lease, clock);
        boolean pubsub = dispatch instanceof PubSubDispatch;
        String role = settings.get(Setting.ROLE).toLowerCase(java.util.Locale.ROOT);
        boolean monitors = role.equals("monitor") || role.equals("both");
        boolean broadcasts = role.equals("broadcast") || role.equals("both");
        Monitor monitor = monitors ? new Monitor(store, dispatch, instanceId, clock, scan.multipliedBy(2).plusSeconds(1)) : null;
        IdleRooms idle = new IdleRooms(store, clock, Duration.ofSeconds(Math.max(1, settings.getInt(Setting.ROOM_IDLE_SECONDS))));
        Ownership o = new Ownership(claims, idle, monitor, dispatch, rooms, clock, lease.dividedBy(3), scan);
        if (broadcasts) {
            o.consumer = dispatch.consume(o::deliver);
        }
        if (monitor != null) {
            o.claimsListener = store.listen(Paths.CLAIMS, monitor::onClaimChange);
            o.monitorListener = store.listen(Paths.BROADCAST_REQUESTS, o::monitorChange);
            o.roomsListener = store.listen(Paths.ROOMS, o::monitorChange);
        }
        LOG.info(() -> "ownership: role " + role + ", " + (pubsub ? "Pub/Sub" : "in-process") + " dispatch, lease "
                + lease.toSeconds() + " s, at most " + settings.get(Setting.MAX_BROADCASTS) + " broadcasts");
        return o;
    }

    private void monitorChange(DocumentChange change) {
        try {
            monitor.onChange(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "monitor could not publish " + change.path() + ": " + e.getMessage());
        }
    }

    /** Pub/Sub is there: an emulator, or Google itself (a project, and Firestore is not an emulator). */
    static boolean pubSubConfigured(Settings settings) {
        return !settings.get(Setting.PUBSUB_EMULATOR_HOST).isEmpty()
                || (!settings.get(Setting.GOOGLE_CLOUD_PROJECT).isEmpty()
                && settings.get(Setting.FIRESTORE_EMULATOR_HOST).isEmpty());
    }

    /** True when this instance serves the room ({@code rooms/{id}} or a broadcaster's {@code broadcast_requests/{id}}). */
    public boolean serves(String roomPath) {
        return claims == null || claims.holds(roomPath);
    }

    /**
     * A live participant or camera document of a native room this instance does not serve
     * was written: a monitor wakes the room if it is idle ({@link IdleRooms#wake}), so it is
     * published and claimed. Nothing to do where a live claim is known, or without the monitor role.
     */
    public void wanted(String roomPath) {
        if (claims == null || monitor == null || closed || !roomPath.startsWith(Paths.ROOMS + "/")
                || monitor.isClaimed(roomPath)) {
            return;
        }
        try {
            if (idle.wake(roomPath)) {
                LOG.info(() -> "woke idle room " + roomPath);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not wake " + roomPath + ": " + e.getMessage());
        }
    }

    /** The rooms this instance owns (empty when it claims none: the embedded backend serves everything unclaimed). */
    public Set<String> owned() {
        return claims == null ? Set.of() : claims.owned();
    }

    /** The dispatch handler: claim, and say whether the message is done with. */
    boolean deliver(String path) {
        if (closed) {
            return false;
        }
        if (claimHere(path) == RoomClaims.Outcome.AT_CAPACITY) {
            sleepQuietly(250); // a nack is redelivered at once: do not spin between full instances
            return false;
        }
        return true;
    }

    /** Claims the room; when it is newly served here, {@link Rooms#claimed} is told (a repeated delivery is not news). */
    private RoomClaims.Outcome claimHere(String path) {
        synchronized (claimLock) { // a delivery and a takeover of one room: one of them tells
            boolean served = claims.holds(path);
            RoomClaims.Outcome outcome = claims.claim(path);
            LOG.fine(() -> "claim " + path + ": " + outcome);
            if (outcome == RoomClaims.Outcome.CLAIMED && !served) {
                LOG.info(() -> "claimed " + path);
                rooms.claimed(path);
            }
            return outcome;
        }
    }

    /**
     * Another instance's lease on the room ran out: claim it here when this instance consumes
     * and has room (if the claim fails, or is refused for capacity, publish it), else publish it.
     */
    private void takeOver(String path) {
        if (consumer != null && claims.hasRoomFor(path)) {
            try {
                RoomClaims.Outcome outcome = claimHere(path);
                LOG.info(() -> "lease on " + path + " ran out: " + outcome);
                if (outcome != RoomClaims.Outcome.AT_CAPACITY) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not take " + path + " over, publishing it: " + e.getMessage());
            }
        }
        try {
            monitor.publish(path);
            LOG.info(() -> "lease on " + path + " ran out: published");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish " + path + " (its lease ran out): " + e.getMessage());
        }
    }

    /** Timer: renews the leases (closing lost rooms) when due, takes over expired leases, and scans when due. */
    public synchronized void tick() {
        if (claims == null || closed) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextRenew)) {
            nextRenew = now.plus(renewEvery);
            try {
                for (String empty : idle.mark(claims.owned())) {
                    LOG.info(() -> "room " + empty + " is empty: marked idle, its place is given back");
                }
                for (String lost : claims.renew()) {
                    LOG.info(() -> "lost " + lost);
                    rooms.lost(lost);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "lease renewal failed: " + e.getMessage());
            }
        }
        if (monitor != null) {
            monitor.expiredElsewhere().forEach(this::takeOver);
        }
        if (monitor != null && !now.isBefore(nextScan)) {
            nextScan = now.plus(scanEvery);
            try {
                monitor.scan();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "monitor scan failed: " + e.getMessage());
            }
        }
    }

    /** Stops consuming and publishing and gives the rooms up, so another instance takes them at once. */
    @Override
    public void close() {
        if (claims == null || closed) {
            return;
        }
        closed = true;
        if (monitorListener != null) {
            monitorListener.close();
        }
        if (roomsListener != null) {
            roomsListener.close();
        }
        if (claimsListener != null) {
            claimsListener.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        for (String path : claims.owned()) {
            try {
                claims.release(path);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not release " + path, e);
            }
        }
        dispatch.close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
