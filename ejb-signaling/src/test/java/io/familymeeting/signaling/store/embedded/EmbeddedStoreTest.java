package io.familymeeting.signaling.store.embedded;

import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.DocumentStoreContract;

/** The embedded store against the store contract. */
class EmbeddedStoreTest extends DocumentStoreContract {
    @Override
    protected DocumentStore newStore() {
        return new EmbeddedStore();
    }
}
