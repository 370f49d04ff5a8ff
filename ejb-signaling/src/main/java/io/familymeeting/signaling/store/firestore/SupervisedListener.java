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
import java.util.function.BiFunction;
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

    private final String name;
    private final Source<T> source;
    private final BiFunction<T, Boolean, List<DocumentChange>> differ;
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
    /** Changes that only a re-attachment found (missed by the previous snapshot listener). */
    private final java.util.concurrent.atomic.AtomicLong healed = new java.util.concurrent.atomic.AtomicLong();

    SupervisedListener(String name, Source<T> source, Differ<T> differ, DocumentListener listener,
                       ConnectionHealth health, ScheduledExecutorService scheduler, Executor callbacks,
                       Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.source = source;
        this.differ = (snapshot, resync) -> differ.changes(snapshot, known, resync);
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

    /** How many changes re-attachments delivered that the listener had missed. */
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

    /** Like {@link #resync()}, unless the current attachment has not delivered its first snapshot yet. */
    synchronized void resyncIfSettled() {
        if (closed || firstOfGeneration || current == null) {
            return;
        }
        detach();
        attach();
    }

    private void attach() {
        int gen = ++generation;
        firstOfGeneration = true;
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
            changes = differ.apply(snapshot, resync);
            if (resync && everAttached && !changes.isEmpty()) {
                healed.addAndGet(changes.size());
                LOG.info(() -> name + ": re-attachment delivered " + changes.size() + " change(s) the listener had not seen");
            }
            everAttached = true;
        }
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
