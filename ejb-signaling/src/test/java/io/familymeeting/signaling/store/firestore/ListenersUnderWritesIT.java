package io.familymeeting.signaling.store.firestore;

import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.testing.GoogleEmulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's listeners on Google's Firestore emulator while another client writes: two
 * collection listeners on one collection, one on another, a collection-group listener, and
 * a second client writing 320 documents (sets and updates, two at a time). Every listener
 * ends with exactly what the store holds, no live document is ever reported removed, and no
 * write fails. This is what periodic listener re-attachment broke (see
 * {@link SupervisedListener}): writes failed with CANCELLED / UNKNOWN, listeners missed
 * changes and a re-attachment reported live documents removed.
 */
class ListenersUnderWritesIT {
    /** One listener's view, rebuilt from the changes it was given. */
    private static final class View {
        final Map<String, Map<String, Object>> docs = new ConcurrentHashMap<>();
        final List<String> removed = new CopyOnWriteArrayList<>();

        void onChange(DocumentChange c) {
            if (c.type() == DocumentChange.Type.REMOVED) {
                removed.add(c.path());
                docs.remove(c.path());
            } else {
                docs.put(c.path(), c.data());
            }
        }
    }

    @Test
    void everyListenerSeesEveryWriteAndNothingFalselyRemoved() throws Exception {
        try (GoogleEmulator emulator = GoogleEmulator.firestore();
             FirestoreStore server = FirestoreStoreIT.connect(emulator);
             FirestoreStore writer = FirestoreStoreIT.connect(emulator)) {
            Map<String, String> collectionOf = Map.of("alpha", "alpha", "alpha again", "alpha", "beta", "beta",
                    "participants group", "rooms/r/participants");
            Map<String, View> views = new HashMap<>();
            List<Registration> listeners = new ArrayList<>();
            for (String name : collectionOf.keySet()) {
                View v = new View();
                views.put(name, v);
                listeners.add(name.endsWith("group") ? server.listenGroup("participants", v::onChange)
                        : server.listen(collectionOf.get(name), v::onChange));
            }
            writer.set("alpha/first", Map.of("n", -1));
            FirestoreStoreIT.awaitTrue(Duration.ofSeconds(60), () -> views.get("alpha").docs.containsKey("alpha/first")
                    && views.get("alpha again").docs.containsKey("alpha/first"));

            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                writes.add(pool.submit(() -> writer.set("alpha/a" + n, Map.of("n", n))));
                writes.add(pool.submit(() -> writer.set("beta/b" + n, Map.of("n", n))));
                writes.add(pool.submit(() -> writer.set("rooms/r/participants/p" + n, Map.of("n", n))));
                if (n % 2 == 0) {
                    writes.add(pool.submit(() -> writer.update("alpha/a" + (n / 2), Map.of("m", n))));
                }
                Thread.sleep(50);
            }
            for (Future<?> w : writes) {
                w.get(); // a failed write fails the test
            }
            pool.shutdown();

            for (Map.Entry<String, String> e : collectionOf.entrySet()) {
                Map<String, Map<String, Object>> truth = new HashMap<>();
                for (Document d : writer.list(e.getValue())) {
                    truth.put(d.path(), d.data());
                }
                View v = views.get(e.getKey());
                FirestoreStoreIT.awaitTrue(Duration.ofSeconds(60), () -> v.docs.equals(truth));
                assertThat(v.removed).as(e.getKey() + ": documents reported removed").isEmpty();
            }
            System.out.println("[numbers] listeners under writes: changes found only by reconciling reads: "
                    + server.healedChanges());
            listeners.forEach(Registration::close);
        }
    }
}
