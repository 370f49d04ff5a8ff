package io.familymeeting.signaling.store.firestore;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.TransactionOptions;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentListener;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.StoreException;
import io.grpc.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link DocumentStore} on Google Cloud Firestore, through a {@link Firestore} client made
 * by firebase-admin ({@link FirestoreConnector} builds one from the settings; tests point it
 * at the emulator).
 *
 * <ul>
 *   <li>Listeners are Firestore snapshot listeners kept alive by {@link SupervisedListener}s:
 *       errors re-attach them with backoff; every delivery runs on one callback thread.</li>
 *   <li>A probe (a read of a missing document every {@link Options#probeInterval}) notices
 *       an unreachable backend even when the client is quietly retrying; when the probe
 *       recovers, every listener re-attaches and resynchronises, so changes made while the
 *       connection was down (or on a restarted emulator) are delivered.</li>
 *   <li>{@link #delete} removes sub-collections (Firestore's recursive delete);
 *       {@link #transaction} is a Firestore read-write transaction (reads before writes).</li>
 * </ul>
 *
 * <p>Not for queries beyond whole collections, nor for the Firebase web configuration the
 * browser needs: that is served by the web module.
 */
public final class FirestoreStore implements DocumentStore {
    private static final Logger LOG = Logger.getLogger(FirestoreStore.class.getName());
    /** Read by the probe; never written. */
    static final String PROBE_PATH = "_health/probe";
    private static final String PROBE = "probe";
    private static final String OPERATIONS = "operations";

    /**
     * Timings of the store.
     *
     * @param probeInterval    how often the connection is checked
     * @param operationTimeout how long one read or write may take before it fails
     * @param initialBackoff   first delay before re-attaching a failed listener
     * @param maxBackoff       longest delay between re-attachments
     * @param transactionAttempts attempts of a contended transaction
     */
    public record Options(Duration probeInterval, Duration operationTimeout, Duration initialBackoff,
                          Duration maxBackoff, int transactionAttempts, Duration reconcileInterval) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(500),
                    Duration.ofSeconds(30), 20, Duration.ZERO);
        }

        public Options withProbeInterval(Duration d) {
            return new Options(d, operationTimeout, initialBackoff, maxBackoff, transactionAttempts, reconcileInterval);
        }

        public Options withOperationTimeout(Duration d) {
            return new Options(probeInterval, d, initialBackoff, maxBackoff, transactionAttempts, reconcileInterval);
        }

        /**
         * Reconcile every listener with one plain read of its query this often (zero: never;
         * {@link SupervisedListener#reconcile}). Each read re-reads the listened documents, so
         * it is off against Firestore; {@link FirestoreConnector} turns it on against the
         * emulator, whose listeners were seen to miss a change under load.
         */
        public Options withReconcileInterval(Duration d) {
            return new Options(probeInterval, operationTimeout, initialBackoff, maxBackoff, transactionAttempts, d);
        }
    }

    private final Firestore db;
    private final AutoCloseable onClose;
    private final Options options;
    private final ConnectionHealth health = new ConnectionHealth();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService callbacks;
    /** Runs the reconciling reads (null when they are off). */
    private final ScheduledExecutorService reconciler;
    private final Set<SupervisedListener<?>> listeners = new CopyOnWriteArraySet<>();
    private volatile boolean probeFailing;
    private volatile boolean closed;

    /**
     * @param db      the client (owned by this store from now on)
     * @param onClose closes what made the client (the FirebaseApp); may be null
     */
    public FirestoreStore(Firestore db, AutoCloseable onClose, Options options) {
        this.db = db;
        this.onClose = onClose;
        this.options = options;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("firestore-store-scheduler"));
        this.callbacks = Executors.newSingleThreadExecutor(daemon("firestore-store-callbacks"));
        long probe = options.probeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::probe, probe, probe, TimeUnit.MILLISECONDS);
        long reconcile = options.reconcileInterval().toMillis();
        if (reconcile > 0) {
            // Not on the probe's scheduler: a slow read must not hold up the probe and retries.
            reconciler = Executors.newSingleThreadScheduledExecutor(daemon("firestore-store-reconciler"));
            reconciler.scheduleWithFixedDelay(this::reconcileAll, reconcile, reconcile, TimeUnit.MILLISECONDS);
        } else {
            reconciler = null;
        }
    }

    private void reconcileAll() {
        for (SupervisedListener<?> l : listeners) {
            if (closed) {
                return;
            }
            l.reconcile();
        }
    }

    /** Changes that re-attachments and reconciling reads found and the snapshot listeners had missed (tests, console). */
    public long healedChanges() {
        long n = 0;
        for (SupervisedListener<?> l : listeners) {
            n += l.healedChanges();
        }
        return n;
    }

    @Override
    public String backend() {
        return "firestore";
    }

    @Override
    public boolean isConnected() {
        return !closed && health.isConnected();
    }

    @Override
    public String lastError() {
        return closed ? "the store is closed" : health.lastError();
    }

    @Override
    public Optional<Document> get(String path) {
        DocumentReference ref = doc(path);
        DocumentSnapshot s = call("get " + path, ref::get);
        return s.exists() ? Optional.of(toDocument(s)) : Optional.empty();
    }

    /** The version is the document's update time. */
    @Override
    public Optional<Versioned> getVersioned(String path) {
        DocumentReference ref = doc(path);
        DocumentSnapshot s = call("get " + path, ref::get);
        return s.exists() ? Optional.of(new Versioned(toDocument(s), s.getUpdateTime())) : Optional.empty();
    }

    /** An update with an update-time precondition (or a create): Firestore checks it, nothing is locked. */
    @Override
    public boolean updateIfUnchanged(String path, Object version, Map<String, Object> fields) {
        if (version == null) {
            return create(path, fields);
        }
        if (!(version instanceof com.google.cloud.Timestamp updated)) {
            throw new IllegalArgumentException("not a version of this store: " + version);
        }
        DocumentReference ref = doc(path);
        Map<String, Object> converted = FirestoreValues.toFirestore(fields);
        try {
            // Not repeated after UNKNOWN: if the first attempt was applied, the repeat would fail its precondition.
            call("update " + path, () -> ref.update(converted, com.google.cloud.firestore.Precondition.updatedAt(updated)));
            return true;
        } catch (StoreException e) {
            if (hasCode(e, StatusCode.Code.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION)
                    || hasCode(e, StatusCode.Code.NOT_FOUND, Status.Code.NOT_FOUND)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Document> list(String collectionPath) {
        String coll = requireCollectionPath(collectionPath);
        QuerySnapshot q = call("list " + coll, () -> db.collection(coll).get());
        List<Document> out = new ArrayList<>(q.size());
        for (QueryDocumentSnapshot s : q.getDocuments()) {
            out.add(toDocument(s));
        }
        return out;
    }

    @Override
    public void set(String path, Map<String, Object> data) {
        DocumentReference ref = doc(path);
        Map<String, Object> converted = FirestoreValues.toFirestore(data);
        callIdempotent("set " + path, () -> ref.set(converted));
    }

    @Override
    public boolean create(String path, Map<String, Object> data) {
        DocumentReference ref = doc(path);
        try {
            Map<String, Object> converted = FirestoreValues.toFirestore(data);
            call("create " + path, () -> ref.create(converted));
            return true;
        } catch (StoreException e) {
            if (hasCode(e, StatusCode.Code.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean update(String path, Map<String, Object> fields) {
        DocumentReference ref = doc(path);
        if (fields.isEmpty()) {
            return get(path).isPresent();
        }
        try {
            callIdempotent("update " + path, () -> updateFields(fields, (first, value, rest) -> ref.update(first, value, rest)));
            return true;
        } catch (StoreException e) {
            if (hasCode(e, StatusCode.Code.NOT_FOUND, Status.Code.NOT_FOUND)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String path) {
        DocumentReference ref = doc(path);
        callIdempotent("delete " + path, () -> db.recursiveDelete(ref));
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        TransactionOptions txOptions = TransactionOptions.createReadWriteOptionsBuilder()
                .setNumberOfAttempts(options.transactionAttempts()).build();
        // The work may run more than once (DocumentStore#transaction): again after UNKNOWN too.
        return callIdempotent("transaction", () -> db.runTransaction(tx -> work.apply(new FirestoreTransaction(tx)), txOptions));
    }

    @Override
    public Registration listen(String collectionPath, DocumentListener listener) {
        String coll = requireCollectionPath(collectionPath);
        return register(new SupervisedListener<QuerySnapshot>("listener " + coll,
                (executor, l) -> db.collection(coll).addSnapshotListener(executor, l),
                () -> db.collection(coll).get().get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS),
                QuerySnapshot::getReadTime, SnapshotChanges::ofQuery, listener, health, scheduler, callbacks,
                options.initialBackoff(), options.maxBackoff()));
    }

    @Override
    public Registration listenGroup(String collectionId, DocumentListener listener) {
        if (collectionId == null || collectionId.isEmpty() || collectionId.contains("/")) {
            throw new IllegalArgumentException("not a collection id: '" + collectionId + "'");
        }
        return register(new SupervisedListener<QuerySnapshot>("group listener " + collectionId,
                (executor, l) -> db.collectionGroup(collectionId).addSnapshotListener(executor, l),
                () -> db.collectionGroup(collectionId).get().get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS),
                QuerySnapshot::getReadTime, SnapshotChanges::ofQuery, listener, health, scheduler, callbacks,
                options.initialBackoff(), options.maxBackoff()));
    }

    @Override
    public Registration listenDocument(String path, DocumentListener listener) {
        DocumentReference ref = doc(path);
        // A query for the one document id rather than a document target: on the emulator,
        // document targets sometimes missed changes after a re-attachment; queries did not.
        Query query = ref.getParent().whereEqualTo(FieldPath.documentId(), ref);
        return register(new SupervisedListener<QuerySnapshot>("document listener " + path,
                query::addSnapshotListener,
                () -> query.get().get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS),
                QuerySnapshot::getReadTime, SnapshotChanges::ofQuery,
                listener, health, scheduler, callbacks, options.initialBackoff(), options.maxBackoff()));
    }

    private <S> Registration register(SupervisedListener<S> unregistered) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        SupervisedListener<S> l = unregistered.withOnClose(listeners::remove);
        listeners.add(l);
        l.start();
        return l;
    }

    /** Checks the connection; on recovery, re-attaches every listener so nothing is missed. */
    private void probe() {
        if (closed) {
            return;
        }
        try {
            Duration timeout = max(options.probeInterval().multipliedBy(2), Duration.ofSeconds(5));
            if (timeout.compareTo(options.operationTimeout()) > 0) {
                timeout = options.operationTimeout();
            }
            db.document(PROBE_PATH).get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (probeFailing) {
                probeFailing = false;
                health.ok(PROBE);
                LOG.info(() -> "Firestore reachable again; re-attaching " + listeners.size() + " listener(s)");
                for (SupervisedListener<?> l : listeners) {
                    l.resync();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            probeFailing = true;
            health.failed(PROBE, e);
        }
    }

    /**
     * Runs one read or write, again while Firestore is unavailable (a restarting backend, a
     * reconnecting channel), until {@link Options#operationTimeout} has passed. A
     * {@code create} repeated after a lost reply reports the document as already there.
     */
    private <T> T call(String what, java.util.function.Supplier<ApiFuture<T>> operation) {
        return call(what, operation, false);
    }

    /**
     * Like {@link #call}, and also again after gRPC UNKNOWN or CANCELLED: for writes that may
     * be repeated (set, update, delete). Google's Firestore emulator fails a commit with one of
     * those when it notifies a listen stream its client has just closed ("Stream is already
     * completed", "call already cancelled": seen while listeners were re-attached); the write
     * itself was applied.
     */
    private <T> T callIdempotent(String what, java.util.function.Supplier<ApiFuture<T>> operation) {
        return call(what, operation, true);
    }

    private <T> T call(String what, java.util.function.Supplier<ApiFuture<T>> operation, boolean idempotent) {
        long deadline = System.nanoTime() + options.operationTimeout().toNanos();
        long pause = 50;
        while (true) {
            try {
                return await(what, operation.get());
            } catch (StoreException e) {
                boolean again = isUnavailable(e) || (idempotent && (hasCode(e, StatusCode.Code.UNKNOWN, Status.Code.UNKNOWN)
                        || hasCode(e, StatusCode.Code.CANCELLED, Status.Code.CANCELLED)));
                if (!again || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(what + " interrupted", e);
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private <T> T await(String what, ApiFuture<T> future) {
        try {
            T value = future.get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            health.ok(OPERATIONS);
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            health.failed(OPERATIONS, e);
            throw new StoreException(what + " timed out after " + options.operationTimeout(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re && !(re instanceof FirestoreException) && !(re instanceof ApiException)) {
                throw re; // thrown by the caller's own code (a transaction body)
            }
            if (isUnavailable(cause) || hasCode(cause, StatusCode.Code.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED)
                    || hasCode(cause, StatusCode.Code.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED)) {
                health.failed(OPERATIONS, cause);
            }
            throw new StoreException(what + " failed: " + ConnectionHealth.describe(cause), cause);
        }
    }

    private static boolean isUnavailable(Throwable t) {
        return hasCode(t, StatusCode.Code.UNAVAILABLE, Status.Code.UNAVAILABLE);
    }

    /** True when the failure (or one of its causes) carries the given gRPC status. */
    static boolean hasCode(Throwable t, StatusCode.Code apiCode, Status.Code grpcCode) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ApiException a && a.getStatusCode().getCode() == apiCode) {
                return true;
            }
            if (c instanceof FirestoreException f && f.getStatus() != null && f.getStatus().getCode() == grpcCode) {
                return true;
            }
            if (c instanceof io.grpc.StatusRuntimeException s && s.getStatus().getCode() == grpcCode) {
                return true;
            }
        }
        return false;
    }

    /** Calls Firestore's field-path update with the fields as (path, value) pairs, so dots in names are not paths. */
    static <R> R updateFields(Map<String, Object> fields, FieldUpdate<R> update) {
        Map<String, Object> converted = FirestoreValues.toFirestore(fields);
        FieldPath first = null;
        Object firstValue = null;
        List<Object> rest = new ArrayList<>();
        for (Map.Entry<String, Object> e : converted.entrySet()) {
            if (first == null) {
                first = FieldPath.of(e.getKey());
                firstValue = e.getValue();
            } else {
                rest.add(FieldPath.of(e.getKey()));
                rest.add(e.getValue());
            }
        }
        return update.apply(first, firstValue, rest.toArray());
    }

    interface FieldUpdate<R> {
        R apply(FieldPath first, Object value, Object[] moreFieldsAndValues);
    }

    DocumentReference doc(String path) {
        if (!DocumentPaths.isDocumentPath(path)) {
            throw new IllegalArgumentException("not a document path: '" + path + "'");
        }
        return db.document(path);
    }

    private static String requireCollectionPath(String path) {
        if (path == null || path.isEmpty() || DocumentPaths.isDocumentPath(path) || !DocumentPaths.isDocumentPath(path + "/x")) {
            throw new IllegalArgumentException("not a collection path: '" + path + "'");
        }
        return path;
    }

    static Document toDocument(DocumentSnapshot s) {
        return new Document(s.getReference().getPath(), FirestoreValues.fromFirestore(s.getData()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SupervisedListener<?> l : listeners) {
            l.close();
        }
        scheduler.shutdownNow();
        if (reconciler != null) {
            reconciler.shutdownNow();
        }
        callbacks.shutdown();
        try {
            if (onClose != null) {
                onClose.close();
            } else {
                db.close();
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the Firestore client", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The store's transaction view over a Firestore transaction. */
    private final class FirestoreTransaction implements Transaction {
        private final com.google.cloud.firestore.Transaction tx;

        FirestoreTransaction(com.google.cloud.firestore.Transaction tx) {
            this.tx = tx;
        }

        @Override
        public Optional<Document> get(String path) {
            DocumentSnapshot s;
            try {
                s = tx.get(doc(path)).get(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("transaction read of " + path + " interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re; // keep Firestore's status (ABORTED) for the transaction's retry
                }
                throw new StoreException("transaction read of " + path + " failed", e.getCause());
            } catch (TimeoutException e) {
                throw new StoreException("transaction read of " + path + " timed out", e);
            }
            return s.exists() ? Optional.of(toDocument(s)) : Optional.empty();
        }

        @Override
        public void set(String path, Map<String, Object> data) {
            tx.set(doc(path), FirestoreValues.toFirestore(data));
        }

        @Override
        public void update(String path, Map<String, Object> fields) {
            DocumentReference ref = doc(path);
            if (!fields.isEmpty()) {
                updateFields(fields, (first, value, rest) -> tx.update(ref, first, value, rest));
            }
        }
    }
}
