package io.familymeeting.signaling.store;

import io.familymeeting.signaling.schema.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link DocumentStore} must show. Each backend's test extends this
 * class and says how to make a fresh, empty store; listener deliveries may be asynchronous,
 * so assertions on them wait (bounded) for the expected change.
 */
public abstract class DocumentStoreContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);

    protected DocumentStore store;
    /** A prefix unique to each test, so backends that cannot be wiped stay independent. */
    protected String ns;

    protected abstract DocumentStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
        ns = "t" + Long.toHexString(System.nanoTime());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private String room(String id) {
        return Paths.room(ns + id);
    }

    @Test
    void setGetUpdateDelete() {
        String path = room("a");
        assertThat(store.get(path)).isEmpty();
        store.set(path, Map.of("title", "Hello", "n", 1L));
        assertThat(store.get(path)).get().extracting(d -> d.string("title")).isEqualTo("Hello");
        assertThat(store.update(path, Map.of("state", "live"))).isTrue();
        Document d = store.get(path).orElseThrow();
        assertThat(d.data()).containsEntry("title", "Hello").containsEntry("state", "live");
        assertThat(d.number("n", 0)).isEqualTo(1L);
        store.delete(path);
        assertThat(store.get(path)).isEmpty();
        assertThat(store.update(path, Map.of("state", "x"))).as("update of a missing document").isFalse();
    }

    @Test
    void createOnlyOnce() {
        String path = room("b");
        assertThat(store.create(path, Map.of("v", 1L))).isTrue();
        assertThat(store.create(path, Map.of("v", 2L))).isFalse();
        assertThat(store.get(path).orElseThrow().number("v", 0)).isEqualTo(1L);
    }

    @Test
    void updateIfUnchangedIsACompareAndSet() {
        String path = room("cas");
        assertThat(store.getVersioned(path)).isEmpty();
        assertThat(store.updateIfUnchanged(path, null, Map.of("owner", "a"))).as("create when absent").isTrue();
        assertThat(store.updateIfUnchanged(path, null, Map.of("owner", "b"))).as("not when present").isFalse();
        DocumentStore.Versioned v1 = store.getVersioned(path).orElseThrow();
        assertThat(v1.document().string("owner")).isEqualTo("a");
        assertThat(store.updateIfUnchanged(path, v1.version(), Map.of("owner", "b"))).isTrue();
        assertThat(store.updateIfUnchanged(path, v1.version(), Map.of("owner", "c"))).as("stale version").isFalse();
        DocumentStore.Versioned v2 = store.getVersioned(path).orElseThrow();
        assertThat(v2.document().string("owner")).isEqualTo("b");
        store.update(path, Map.of("other", 1L));
        assertThat(store.updateIfUnchanged(path, v2.version(), Map.of("owner", "d"))).as("written meanwhile").isFalse();
        DocumentStore.Versioned v3 = store.getVersioned(path).orElseThrow();
        store.delete(path);
        assertThat(store.updateIfUnchanged(path, v3.version(), Map.of("owner", "e"))).as("deleted meanwhile").isFalse();
        assertThat(store.get(path)).isEmpty();
    }

    @Test
    void nestedMapsAndListsSurvive() {
        String path = Paths.participant(ns + "c", "p1");
        store.set(path, Map.of("offer", Map.of("type", "offer", "sdp", "v=0", "rev", 2L), "tags", List.of("a", "b")));
        Document d = store.get(path).orElseThrow();
        assertThat(d.map("offer")).containsEntry("sdp", "v=0");
        assertThat(((Number) d.map("offer").get("rev")).longValue()).isEqualTo(2L);
        assertThat(d.data().get("tags")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void listReturnsDirectChildrenOnly() {
        store.set(Paths.participant(ns + "d", "p1"), Map.of("name", "one"));
        store.set(Paths.participant(ns + "d", "p2"), Map.of("name", "two"));
        store.set(Paths.participant(ns + "e", "p3"), Map.of("name", "other room"));
        List<Document> list = store.list(Paths.participants(ns + "d"));
        assertThat(list).extracting(Document::id).containsExactlyInAnyOrder("p1", "p2");
    }

    @Test
    void deleteRemovesSubCollections() {
        store.set(room("f"), Map.of("title", "t"));
        store.set(Paths.participant(ns + "f", "p1"), Map.of("name", "one"));
        store.delete(room("f"));
        assertThat(store.get(room("f"))).isEmpty();
        assertThat(store.list(Paths.participants(ns + "f"))).isEmpty();
    }

    @Test
    void collectionListenerSeesExistingThenChanges() throws Exception {
        String coll = Paths.participants(ns + "g");
        store.set(coll + "/p1", Map.of("name", "early"));
        Recorder rec = new Recorder();
        try (Registration r = store.listen(coll, rec)) {
            rec.await(c -> c.type() == DocumentChange.Type.ADDED && c.document().id().equals("p1"));
            store.set(coll + "/p2", Map.of("name", "late"));
            rec.await(c -> c.type() == DocumentChange.Type.ADDED && c.document().id().equals("p2"));
            store.update(coll + "/p1", Map.of("state", "answered"));
            rec.await(c -> c.type() == DocumentChange.Type.MODIFIED && "answered".equals(c.document().string("state")));
            store.delete(coll + "/p2");
            rec.await(c -> c.type() == DocumentChange.Type.REMOVED && c.document().id().equals("p2"));
        }
    }

    @Test
    void groupListenerSeesEveryRoomsParticipants() throws Exception {
        Recorder rec = new Recorder();
        try (Registration r = store.listenGroup(Paths.PARTICIPANTS, rec)) {
            store.set(Paths.participant(ns + "h1", "a"), Map.of("name", "a"));
            store.set(Paths.participant(ns + "h2", "b"), Map.of("name", "b"));
            rec.await(c -> c.path().equals(Paths.participant(ns + "h1", "a")));
            rec.await(c -> c.path().equals(Paths.participant(ns + "h2", "b")));
            store.set(room("h3"), Map.of("title", "not a participant"));
            store.set(Paths.participant(ns + "h3", "c"), Map.of("name", "c"));
            rec.await(c -> c.path().equals(Paths.participant(ns + "h3", "c")));
            assertThat(rec.changes).noneMatch(c -> c.path().equals(room("h3")));
        }
    }

    @Test
    void documentListenerAndClosedRegistration() throws Exception {
        String path = Paths.participant(ns + "i", "p");
        Recorder rec = new Recorder();
        Registration r = store.listenDocument(path, rec);
        store.set(path, Map.of("state", "new"));
        rec.await(c -> "new".equals(c.document().string("state")));
        r.close();
        r.close();
        store.update(path, Map.of("state", "after-close"));
        store.set(Paths.participant(ns + "i", "q"), Map.of("state", "sentinel"));
        Recorder sentinel = new Recorder();
        try (Registration s = store.listenDocument(path, sentinel)) {
            sentinel.await(c -> "after-close".equals(c.document().string("state")));
        }
        assertThat(rec.changes).noneMatch(c -> "after-close".equals(c.document().string("state")));
    }

    @Test
    void transactionReadsAndWritesAtomically() throws Exception {
        String path = room("j");
        store.set(path, Map.of("owner", ""));
        int threads = 4;
        CopyOnWriteArrayList<String> winners = new CopyOnWriteArrayList<>();
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            String me = "instance-" + i;
            ts[i] = new Thread(() -> {
                boolean won = store.transaction(tx -> {
                    Document d = tx.get(path).orElseThrow();
                    if (!d.string("owner").isEmpty()) {
                        return false;
                    }
                    tx.update(path, Map.of("owner", me));
                    return true;
                });
                if (won) {
                    winners.add(me);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(winners).hasSize(1);
        assertThat(store.get(path).orElseThrow().string("owner")).isEqualTo(winners.get(0));
    }

    @Test
    void badPathsAreRefused() {
        assertThatThrownBy(() -> store.set("rooms", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("rooms//x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Records changes and waits for one that matches. */
    protected static final class Recorder implements DocumentListener {
        final List<DocumentChange> changes = new CopyOnWriteArrayList<>();

        @Override
        public void onChange(DocumentChange change) {
            changes.add(change);
        }

        public DocumentChange await(Predicate<DocumentChange> p) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (DocumentChange c : changes) {
                    if (p.test(c)) {
                        return c;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no matching change within " + WAIT + "; saw " + changes);
        }
    }
}
