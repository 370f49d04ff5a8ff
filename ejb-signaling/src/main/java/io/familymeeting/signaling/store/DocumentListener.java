package io.familymeeting.signaling.store;

/** Receives document changes; see {@link DocumentStore#listen}. Must not block. */
@FunctionalInterface
public interface DocumentListener {
    void onChange(DocumentChange change);
}
