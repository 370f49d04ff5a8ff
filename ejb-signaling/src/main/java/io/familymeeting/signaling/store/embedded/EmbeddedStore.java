package io.familymeeting.signaling.store.embedded;

import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentListener;
import io.familymeeting.signaling.store.DocumentPaths;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Registration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-process signaling store: the default, with nothing to set up. Documents live in one
 * sorted map keyed by path (so a document's sub-collections follow it), guarded by one lock;
 * listeners are called on the writing thread, in write order, after the write is visible.
 * A listener that throws is logged and does not affect the writer or other listeners.
 *
 * <p>It keeps nothing across restarts and is not shared between instances: that is what the
 * Firestore store is for.
 */
public final class EmbeddedStore implements DocumentStore {
    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<String, Map<String, Object>> documents = new TreeMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public String backend() {
        return "embedded";
    }

    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public String lastError() {
        return closed ? "the store is closed" : "";
    }

    @Override
    public Optional<Document> get(String path) {
        requireDocumentPath(path);
        lock.lock();
        try {
            Map<String, Object> data = documents.get(path);
            return data == null ? Optional.empty() : Optional.of(new Document(path, data));
        } finally {
            lock.unlock();
        }
    }

    /** The version is the stored map itself: every write puts a new one. */
    @Override
    public Optional<Versioned> getVersioned(String path) {
        requireDocumentPath(path);
        lock.lock();
        try {
            Map<String, Object> data = documents.get(path);
            return data == null ? Optional.empty() : Optional.of(new Versioned(new Document(path, data), data));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean updateIfUnchanged(String path, Object version, Map<String, Object> fields) {
        requireDocumentPath(path);
        lock.lock();
        try {
            Map<String, Object> current = documents.get(path);
            if (version == null) {
                return current == null && create(path, fields);
            }
            return current == version && update(path, fields);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Document> list(String collectionPath) {
        String prefix = collectionPath + "/";
        List<Document> out = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<String, Map<String, Object>> e : documents.tailMap(prefix, true).entrySet()) {
                String path = e.getKey();
                if (!path.startsWith(prefix)) {
                    break;
                }
                if (path.indexOf('/', prefix.length()) < 0) {
                    out.add(new Document(path, e.getValue()));
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    @Override
    public void set(String path, Map<String, Object> data) {
        requireDocumentPath(path);
        lock.lock();
        try {
            boolean existed = documents.containsKey(path);
            Map<String, Object> copy = new LinkedHashMap<>(data);
            documents.put(path, copy);
            notify(existed ? DocumentChange.Type.MODIFIED : DocumentChange.Type.ADDED, new Document(path, copy));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean create(String path, Map<String, Object> data) {
        requireDocumentPath(path);
        lock.lock();
        try {
            if (documents.containsKey(path)) {
                return false;
            }
            Map<String, Object> copy = new LinkedHashMap<>(data);
            documents.put(path, copy);
            notify(DocumentChange.Type.ADDED, new Document(path, copy));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean update(String path, Map<String, Object> fields) {
        requireDocumentPath(path);
        lock.lock();
        try {
            Map<String, Object> current = documents.get(path);
            if (current == null) {
                return false;
            }
            Map<String, Object> next = new LinkedHashMap<>(current);
            next.putAll(fields);
            documents.put(path, next);
            notify(DocumentChange.Type.MODIFIED, new Document(path, next));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(String path) {
        requireDocumentPath(path);
        lock.lock();
        try {
            List<String> doomed = new ArrayList<>();
            if (documents.containsKey(path)) {
                doomed.add(path);
            }
            String prefix = path + "/";
            for (String p : documents.tailMap(prefix, true).keySet()) {
                if (!p.startsWith(prefix)) {
                    break;
                }
                doomed.add(p);
            }
            // Sub-collection documents first, the document itself last.
            for (int i = doomed.size() - 1; i >= 0; i--) {
                String p = doomed.get(i);
                Map<String, Object> last = documents.remove(p);
                notify(DocumentChange.Type.REMOVED, new Document(p, last));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        lock.lock();
        try {
            return work.apply(new Transaction() {
                @Override
                public Optional<Document> get(String path) {
                    return EmbeddedStore.this.get(path);
                }

                @Override
                public void set(String path, Map<String, Object> data) {
                    EmbeddedStore.this.set(path, data);
                }

                @Override
                public void update(String path, Map<String, Object> fields) {
                    if (!EmbeddedStore.this.update(path, fields)) {
                        throw new IllegalStateException("no document at " + path);
                    }
                }
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Registration listen(String collectionPath, DocumentListener listener) {
        return subscribe(path -> DocumentPaths.parent(path).equals(collectionPath), listener,
                () -> list(collectionPath));
    }

    @Override
    public Registration listenGroup(String collectionId, DocumentListener listener) {
        return subscribe(path -> DocumentPaths.collectionId(path).equals(collectionId), listener, () -> {
            List<Document> all = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> e : documents.entrySet()) {
                if (DocumentPaths.collectionId(e.getKey()).equals(collectionId)) {
                    all.add(new Document(e.getKey(), e.getValue()));
                }
            }
            return all;
        });
    }

    @Override
    public Registration listenDocument(String path, DocumentListener listener) {
        requireDocumentPath(path);
        return subscribe(path::equals, listener, () -> get(path).map(List::of).orElse(List.of()));
    }

    private Registration subscribe(Predicate<String> matches, DocumentListener listener,
                                   java.util.function.Supplier<List<Document>> initial) {
        lock.lock();
        try {
            Subscription s = new Subscription(matches, listener);
            for (Document d : initial.get()) {
                s.deliver(new DocumentChange(DocumentChange.Type.ADDED, d));
            }
            subscriptions.add(s);
            return () -> subscriptions.remove(s);
        } finally {
            lock.unlock();
        }
    }

    private void notify(DocumentChange.Type type, Document document) {
        DocumentChange change = new DocumentChange(type, document);
        for (Subscription s : subscriptions) {
            if (s.matches.test(document.path())) {
                s.deliver(change);
            }
        }
    }

    private static void requireDocumentPath(String path) {
        if (!DocumentPaths.isDocumentPath(path)) {
            throw new IllegalArgumentException("not a document path: '" + path + "'");
        }
    }

    /** Number of documents (console, tests). */
    public int size() {
        lock.lock();
        try {
            return documents.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.clear();
    }

    private record Subscription(Predicate<String> matches, DocumentListener listener) {
        void deliver(DocumentChange change) {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a signaling listener failed on " + change.path(), e);
            }
        }
    }
}
