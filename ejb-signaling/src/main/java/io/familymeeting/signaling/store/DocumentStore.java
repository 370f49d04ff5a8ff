package io.familymeeting.signaling.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The signaling store: documents in collections, addressed by slash-separated paths with
 * Firestore's shape ({@code rooms/{roomId}/participants/{participantId}},
 * {@code broadcast_requests/{id}}, {@code servers/{instanceId}}). Two implementations: the
 * embedded in-process store (the default) and Firestore (firebase-admin); both are tested
 * with the same contract tests.
 *
 * <p>Field values are strings, longs, doubles, booleans, nulls, {@code java.time.Instant}s,
 * lists and maps of those. Listener callbacks run on the store's own threads: they must only
 * hand the change on (to the resource adapter's queue), never block or call the store back.
 */
public interface DocumentStore extends AutoCloseable {

    /** "embedded" or "firestore". */
    String backend();

    /** False while the store cannot be reached (a listener is reconnecting, credentials fail). */
    boolean isConnected();

    /** The last connection problem, for health checks and logs; empty when connected. */
    String lastError();

    Optional<Document> get(String path);

    /** Every document directly in a collection ({@code rooms}, {@code rooms/r1/participants}). */
    List<Document> list(String collectionPath);

    /** Creates or replaces a document. */
    void set(String path, Map<String, Object> data);

    /**
     * Creates a document only if none exists at the path.
     *
     * @return false when a document was already there (nothing written)
     */
    boolean create(String path, Map<String, Object> data);

    /**
     * Sets the given fields of an existing document, leaving the others as they are.
     *
     * @return false when there is no document at the path (nothing written)
     */
    boolean update(String path, Map<String, Object> fields);

    /** A document and the version of its last write: an opaque token to hand back to {@link #updateIfUnchanged}. */
    record Versioned(Document document, Object version) {
    }

    /** The document with the version of its last write; empty when there is none. */
    Optional<Versioned> getVersioned(String path);

    /**
     * Compare-and-set without a lock: sets the given fields of the document only if it is
     * still at {@code version} (from {@link #getVersioned}); with {@code version} null,
     * creates it only if there is none. Nothing waits on a writer that died (a transaction
     * of a killed process holds its locks on Firestore's emulator for 30 s).
     *
     * @return false when the document changed, appeared or vanished meanwhile (nothing written)
     */
    boolean updateIfUnchanged(String path, Object version, Map<String, Object> fields);

    /** Deletes a document and every document in its sub-collections. Missing paths are ignored. */
    void delete(String path);

    /**
     * Runs {@code work} atomically against the documents it reads and writes (a Firestore
     * transaction; a lock in the embedded store). {@code work} may be run more than once.
     */
    <T> T transaction(Function<Transaction, T> work);

    /**
     * Listens to every document of a collection: each existing document is reported as
     * {@code ADDED} first, then every change.
     */
    Registration listen(String collectionPath, DocumentListener listener);

    /**
     * Listens to every collection with the given id anywhere in the store (Firestore's
     * collection-group query), e.g. {@code participants} under every room.
     */
    Registration listenGroup(String collectionId, DocumentListener listener);

    /** Listens to one document: its current state first (if it exists), then every change. */
    Registration listenDocument(String path, DocumentListener listener);

    @Override
    void close();

    /** The reads and writes of one {@link #transaction}. */
    interface Transaction {
        Optional<Document> get(String path);

        void set(String path, Map<String, Object> data);

        void update(String path, Map<String, Object> fields);
    }
}
