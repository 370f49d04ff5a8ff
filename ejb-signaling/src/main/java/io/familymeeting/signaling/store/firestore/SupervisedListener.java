package io.familymeeting.signaling.store.firestore;

import com.google.cloud.firestore.EventListener;
import com.google.cloud.firestore.ListenerRegistration;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentListener;
import io.familymeeting.signaling.store.Registration;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One store listener on top of a Firestore snapshot listener that it keeps alive: when
 * Firestore reports an error the snapshot listener is dropped and attached again after an
 * exponential backoff, and {@link #resync()} re-attaches on demand (the store calls it when
 * its probe sees the backend come back). Each attachment is a generation; callbacks of an
 * older one are ignored. The first snapshot of every generation is diffed against what was
 * already reported ({@link SnapshotChanges}), so consumers see each change once.
 *
 * <p>{@link #reconcile()} is the emulator's safety net (the store runs it periodically
 * there): one plain read of the same query, diffed like a first snapshot, delivers what the
 * snapshot listener missed, without closing its stream: a difference is delivered when two
 * reads in a row show it (one read alone may see a change the listener is about to deliver).
 * A read older than the last snapshot delivered is dropped (the listener is ahead of it). Periodic re-attachment was the earlier
 * net, and it was the cause: the emulator fails a commit that notifies a listen stream its
 * client has just closed (the writer gets UNKNOWN or CANCELLED, "Stream is already completed"
 * / "call already cancelled") and then skips notifying other listeners, and a re-attachment's
 * first snapshot could lack live documents (reported as removed). Measured on the emulator
 * (two writers, 320 writes, four listeners): re-attaching every 3 s, 16 changes missed by
 * the listeners and 2 live documents reported removed; without re-attachment, none.
 *
 * <p>Deliveries run on the store's single callback thread, in snapshot order. Not for
 * queries with filters: it listens to whole collections, groups or single documents.
 *
 * @param <T> the snapshot type (QuerySnapshot or DocumentSnapshot)
 */
final class SupervisedListener<T> implements Registration {
    private static final Logger LOG = Logger.getLogger(SupervisedListener.class.getName());

    /** Attaches a Firestore snapshot listener. */
    interface Source<T> {
        ListenerRegistration attach(Executor executor, EventListener<T> listener);
    }

    /** Reads the listened query once (a plain get). */
    interface Reader<T> {
        T read() throws Exception;
    }

    private final String name;
    private final Source<T> source;
    private final Reader<T> reader;
    private final java.util.function.Function<T, com.google.cloud.Timestamp> readTime;
    private final Differ<T> differ;
    private final DocumentListener listener;
    private final ConnectionHealth health;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final Backoff backoff;
    private volatile Runnable onClose = () -> { };
    /** Path to fields of every document reported present; guarded by this. */
    final Map<String, Map<String, Object>> known = new HashMap<>();

    private ListenerRegistration current;
    private int generation;
    private boolean firstOfGeneration;
    private boolean everAttached;
    private boolean closed;
    /** Differences the last reconciling read found, not yet delivered; guarded by this. */
    private Map<String, DocumentChange> suspects = new HashMap<>();
    /** Read time of the last snapshot delivered (listener or reconciling read); guarded by this. */
    private com.google.cloud.Timestamp delivered;
    /** Changes that only a re-attachment or a reconciling read found (missed by the snapshot listener). */
    private final java.util.concurrent.atomic.AtomicLong healed = new java.util.concurrent.atomic.AtomicLong();

    SupervisedListener(String name, Source<T> source, Reader<T> reader,
                       java.util.function.Function<T, com.google.cloud.Timestamp> readTime, Differ<T> differ,
                       DocumentListener listener, ConnectionHealth health, ScheduledExecutorService scheduler,
                       Executor callbacks, Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.source = source;
        this.reader = reader;
        this.readTime = readTime;
        this.differ = differ;
        this.listener = listener;
        this.health = health;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.backoff = new Backoff(initialBackoff, maxBackoff);
    }

    /** Runs {@code action} with this listener once it is closed (the store forgets it). */
    SupervisedListener<T> withOnClose(java.util.function.Consumer<SupervisedListener<?>> action) {
        this.onClose = () -> action.accept(this);
        return this;
    }

    /** Computes the changes of one snapshot against {@code known}. */
    interface Differ<T> {
        List<DocumentChange> changes(T snapshot, Map<String, Map<String, Object>> known, boolean resync);
    }

    String name() {
        return name;
    }

    /** How many changes re-attachments and reconciling reads delivered that the listener had missed. */
    long healedChanges() {
        return healed.get();
    }

    synchronized void start() {
        attach();
    }

    /** Drops the current snapshot listener and attaches a new one right away. */
    synchronized void resync() {
        if (closed) {
            return;
        }
        detach();
        attach();
    }

    /**
     * Reads the query once (on the caller's thread) and delivers, on the callback thread,
     * what the snapshot listener has not reported. Does nothing while the listener is not
     * attached or has not delivered its first snapshot (that one is a full diff anyway).
     */
    void reconcile() {
        int gen;
        synchronized (this) {
            if (closed || firstOfGeneration || current == null) {
                return;
            }
            gen = generation;
        }
        T snapshot;
        try {
            snapshot = reader.read();
        } catch (Exception e) {
            LOG.log(Level.FINE, "reconciling read of " + name + " failed: " + e.getMessage());
            return;
        }
        callbacks.execute(() -> deliverRead(gen, snapshot));
    }

    private void deliverRead(int gen, T snapshot) {
        List<DocumentChange> changes;
        synchronized (this) {
            com.google.cloud.Timestamp at = readTime.apply(snapshot);
            if (closed || gen != generation || firstOfGeneration || (delivered != null && at.compareTo(delivered) <= 0)) {
                return;
            }
            delivered = at;
            // What the read shows that the listener has not reported: a change still in flight
            // in the listener is seen once; one seen by two reads in a row was missed.
            Map<String, Map<String, Object>> after = new HashMap<>(known);
            Map<String, DocumentChange> seen = new HashMap<>();
            changes = new java.util.ArrayList<>();
            for (DocumentChange c : differ.changes(snapshot, after, true)) {
                DocumentChange before = suspects.get(c.path());
                if (before != null && before.type() == c.type() && before.data().equals(c.data())) {
                    changes.add(c);
                    if (c.type() == DocumentChange.Type.REMOVED) {
                        known.remove(c.path());
                    } else {
                        known.put(c.path(), c.data());
                    }
                } else {
                    seen.put(c.path(), c);
                }
            }
            suspects = seen;
            if (!changes.isEmpty()) {
                healed.addAndGet(changes.size());
                LOG.info(() -> name + ": a reconciling read delivered " + changes.size()
                        + " change(s) the listener had not seen");
            }
        }
        deliver(changes);
    }

    private void attach() {
        int gen = ++generation;
        firstOfGeneration = true;
        suspects = new HashMap<>();
        try {
            current = source.attach(callbacks, (snapshot, error) -> onEvent(gen, snapshot, error));
        } catch (RuntimeException e) {
            onEvent(gen, null, e);
        }
    }

    private void detach() {
        ListenerRegistration r = current;
        current = null;
        if (r != null) {
            try {
                r.remove();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "removing " + name, e);
            }
        }
    }

    private void onEvent(int gen, T snapshot, Throwable error) {
        List<DocumentChange> changes;
        synchronized (this) {
            if (closed || gen != generation) {
                return;
            }
            if (error != null || snapshot == null) {
                health.failed(name, error != null ? error : new FirestoreUnavailable("no snapshot"));
                detach();
                long delay = backoff.next().toMillis();
                generation++; // ignore anything the failed attachment still sends
                scheduler.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
                return;
            }
            boolean resync = firstOfGeneration;
            firstOfGeneration = false;
            backoff.reset();
            health.ok(name);
            // A snapshot older than a reconciling read can still come (the listener lagged):
            // its changes are applied all the same; consumers re-read documents before acting.
            com.google.cloud.Timestamp at = readTime.apply(snapshot);
            if (delivered == null || at.compareTo(delivered) > 0) {
                delivered = at;
            }
            changes = differ.changes(snapshot, known, resync);
            if (resync && everAttached && !changes.isEmpty()) {
                healed.addAndGet(changes.size());
                LOG.info(() -> name + ": re-attachment delivered " + changes.size() + " change(s) the listener had not seen");
            }
            everAttached = true;
        }
        deliver(changes);
    }

    private void deliver(List<DocumentChange> changes) {
        for (DocumentChange c : changes) {
            try {
                listener.onChange(c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a signaling listener failed on " + c.path(), e);
            }
        }
    }

    private synchronized void retry() {
        if (!closed && current == null) {
            LOG.fine(() -> "re-attaching " + name);
            attach();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
            detach();
        }
        health.forget(name);
        onClose.run();
    }

    /** Stands in when Firestore reports neither a snapshot nor an error. */
    static final class FirestoreUnavailable extends RuntimeException {
        FirestoreUnavailable(String message) {
            super(message);
        }
    }
}
