package io.familymeeting.signaling.store.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.EventListener;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.DocumentChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SupervisedListener}'s reconciling reads, with a snapshot source the test drives
 * (no Firestore): a change the listener missed is delivered once two reads in a row show it;
 * a change still in flight in the listener, a read older than the listener, and a document
 * one read alone lacks deliver nothing.
 */
class SupervisedListenerTest {
    /** A query result at a read time. */
    private record Snap(Map<String, Map<String, Object>> docs, long at) {
    }

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private EventListener<Snap> listener;
    private Snap nextRead;

    /** Full diff against what was reported (the shape of {@link SnapshotChanges}). */
    private static List<DocumentChange> diff(Snap s, Map<String, Map<String, Object>> known, boolean resync) {
        List<DocumentChange> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : s.docs().entrySet()) {
            Map<String, Object> before = known.put(e.getKey(), e.getValue());
            if (before == null) {
                out.add(new DocumentChange(DocumentChange.Type.ADDED, new Document(e.getKey(), e.getValue())));
            } else if (!before.equals(e.getValue())) {
                out.add(new DocumentChange(DocumentChange.Type.MODIFIED, new Document(e.getKey(), e.getValue())));
            }
        }
        for (Iterator<Map.Entry<String, Map<String, Object>>> it = known.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<String, Object>> e = it.next();
            if (!s.docs().containsKey(e.getKey())) {
                out.add(new DocumentChange(DocumentChange.Type.REMOVED, new Document(e.getKey(), e.getValue())));
                it.remove();
            }
        }
        return out;
    }

    private SupervisedListener<Snap> start() {
        SupervisedListener<Snap> l = new SupervisedListener<>("test listener",
                (executor, events) -> {
                    listener = events;
                    return () -> { };
                },
                () -> nextRead, s -> Timestamp.ofTimeSecondsAndNanos(s.at(), 0), SupervisedListenerTest::diff,
                c -> delivered.add(c.type() + " " + c.path()), new ConnectionHealth(), scheduler, Runnable::run,
                Duration.ofMillis(10), Duration.ofMillis(100));
        l.start();
        return l;
    }

    private static Snap snap(long at, String... paths) {
        Map<String, Map<String, Object>> docs = new HashMap<>();
        for (String p : paths) {
            docs.put(p, Map.of("v", 1L));
        }
        return new Snap(docs, at);
    }

    private void read(SupervisedListener<Snap> l, Snap s) {
        nextRead = s;
        l.reconcile();
    }

    @Test
    void aMissedChangeIsDeliveredByTheSecondReadThatShowsIt() {
        SupervisedListener<Snap> l = start();
        listener.onEvent(snap(1, "c/a"), null);
        assertThat(delivered).containsExactly("ADDED c/a");

        read(l, snap(2, "c/a", "c/b"));   // c/b may still be on its way through the listener
        assertThat(delivered).containsExactly("ADDED c/a");
        read(l, snap(3, "c/a", "c/b"));   // still not reported: it was missed
        assertThat(delivered).containsExactly("ADDED c/a", "ADDED c/b");
        assertThat(l.healedChanges()).isEqualTo(1);

        listener.onEvent(snap(4, "c/a", "c/b"), null);
        assertThat(delivered).as("not twice").hasSize(2);
        l.close();
    }

    @Test
    void inFlightChangesOldReadsAndOneOffAbsencesDeliverNothing() {
        SupervisedListener<Snap> l = start();
        listener.onEvent(snap(5, "c/a", "c/b"), null);
        read(l, snap(6, "c/a", "c/b", "c/c"));          // c/c is in flight ...
        listener.onEvent(snap(7, "c/a", "c/b", "c/c"), null); // ... and arrives
        read(l, snap(8, "c/a", "c/b", "c/c"));
        assertThat(delivered).containsExactly("ADDED c/a", "ADDED c/b", "ADDED c/c");

        read(l, snap(6, "c/a"));                         // older than the listener: dropped
        read(l, snap(6, "c/a"));
        assertThat(delivered).hasSize(3);

        read(l, snap(9, "c/a", "c/c"));                  // c/b absent once ...
        read(l, snap(10, "c/a", "c/b", "c/c"));          // ... and there again
        assertThat(delivered).as("no false removal").hasSize(3);
        assertThat(l.healedChanges()).isZero();

        read(l, snap(11, "c/a", "c/c"));                 // a deletion the listener missed
        read(l, snap(12, "c/a", "c/c"));
        assertThat(delivered).endsWith("REMOVED c/b");
        l.close();
        scheduler.shutdownNow();
    }
}
