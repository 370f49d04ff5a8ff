package io.familymeeting.signaling.scale;

import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.store.Paths;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two "instances" of {@link Ownership} (Firestore settings, so claims are on, with the
 * in-process dispatch) over one store, one broadcast each at most; and the embedded default.
 */
class OwnershipTest {
    private final DocumentStore store = new EmbeddedStore();
    private final Recorder ra = new Recorder();
    private final Recorder rb = new Recorder();
    private Ownership a;
    private Ownership b;

    /** What the runtime would be told. */
    private static final class Recorder implements Ownership.Rooms {
        final List<String> claimed = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();

        @Override
        public void claimed(String path) {
            claimed.add(path);
        }

        @Override
        public void lost(String path) {
            lost.add(path);
        }
    }

    private static Settings settings() {
        return settings(3);
    }

    private static Settings settings(int leaseSeconds) {
        return Settings.of(Map.of("SIGNALING_BACKEND", "firestore", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:1",
                "GOOGLE_CLOUD_PROJECT", "demo", "MAX_BROADCASTS", "1", "LEASE_SECONDS", Integer.toString(leaseSeconds),
                "MONITOR_SECONDS", "1"));
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void twoBroadcastsGoToTwoInstancesAndParticipantsFollow() throws Exception {
        assertThat(Ownership.pubSubConfigured(settings())).isFalse();
        a = Ownership.open(store, settings(), "a", Clock.systemUTC(), ra);
        b = Ownership.open(store, settings(), "b", Clock.systemUTC(), rb);
        String b1 = Paths.broadcastRequest("b1");
        String b2 = Paths.broadcastRequest("b2");
        store.set(b1, Map.of("kind", "broadcaster", "parent", "", "abort", false));
        await(() -> a.serves(b1) || b.serves(b1));
        store.set(b2, Map.of("kind", "broadcaster", "parent", "", "abort", false));
        await(() -> a.serves(b2) || b.serves(b2));
        assertThat(a.serves(b1)).as("one owner each").isNotEqualTo(b.serves(b1));
        assertThat(a.serves(b2)).isNotEqualTo(a.serves(b1));
        await(() -> ra.claimed.size() + rb.claimed.size() == 2); // told just after each claim is taken

        // An ended broadcast is dropped at the next renewal and reported lost.
        Ownership owner1 = a.serves(b1) ? a : b;
        Recorder rec1 = owner1 == a ? ra : rb;
        store.update(b1, Map.of("abort", true));
        owner1.tick();
        assertThat(rec1.lost).containsExactly(b1);
        assertThat(owner1.serves(b1)).isFalse();

        // A refused broadcaster request (state error) gives its place up too.
        Ownership owner2 = a.serves(b2) ? a : b;
        Recorder rec2 = owner2 == a ? ra : rb;
        store.update(b2, Map.of("state", "error", "error", "refused"));
        owner2.tick();
        assertThat(rec2.lost).containsExactly(b2);
        assertThat(owner2.serves(b2)).isFalse();
    }

    @Test
    void drainingReleasesTheClaimsSoAnotherInstanceTakesThemBeforeTheLeaseRunsOut() throws Exception {
        a = Ownership.open(store, settings(600), "a", Clock.systemUTC(), ra);
        String b1 = Paths.broadcastRequest("b1");
        store.set(b1, Map.of("kind", "broadcaster", "parent", "", "abort", false));
        await(() -> a.serves(b1));
        b = Ownership.open(store, settings(600), "b", Clock.systemUTC(), rb);
        b.tick();
        assertThat(b.serves(b1)).isFalse();
        assertThat(a.owned()).containsExactly(b1);

        a.close(); // what the runtime does after the drain
        assertThat(store.get(Paths.claim(b1)).orElseThrow().string("owner")).as("released").isEmpty();
        assertThat(a.serves(b1)).isFalse();
        await(() -> {
            b.tick(); // the monitor's scan finds it unclaimed (a 600 s lease would still run)
            return b.serves(b1);
        });
        await(() -> !rb.claimed.isEmpty()); // the runtime is told just after the claim is taken
        assertThat(rb.claimed).containsExactly(b1);
        assertThat(store.get(Paths.claim(b1)).orElseThrow().string("owner")).isEqualTo("b");
    }

    @Test
    void theEmbeddedDefaultServesEverything() {
        Ownership all = Ownership.open(store, Settings.of(Map.of()), "x", Clock.systemUTC(), ra);
        assertThat(all.serves(Paths.broadcastRequest("anything"))).isTrue();
        all.tick();
        all.close();
        assertThat(Ownership.everything().serves(Paths.broadcastRequest("b"))).isTrue();
    }
}
