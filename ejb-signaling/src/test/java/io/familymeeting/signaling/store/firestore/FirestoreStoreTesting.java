package io.familymeeting.signaling.store.firestore;

import io.familymeeting.signaling.testing.GoogleEmulator;

/** Opens a {@link FirestoreStore} on a test's emulator (for ITs in other packages). */
public final class FirestoreStoreTesting {
    private FirestoreStoreTesting() {
    }

    public static FirestoreStore connect(GoogleEmulator emulator) {
        return FirestoreStoreIT.connect(emulator);
    }
}
