package io.familymeeting.media.rar;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaWorkersTest {

    @Test
    void boundedNamedAndRefusingBeyondTheBound() throws Exception {
        ExecutorService w = MediaWorkers.create(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        AtomicReference<String> name = new AtomicReference<>();
        try {
            for (int i = 0; i < 2; i++) {
                w.execute(() -> {
                    name.set(Thread.currentThread().getName());
                    running.countDown();
                    awaitQuietly(release);
                });
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(name.get()).startsWith("media-worker-");
            assertThatThrownBy(() -> w.execute(() -> { }))
                    .as("a third long-running task is refused, not queued behind the loops")
                    .isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
            MediaWorkers.stop(w);
        }
        assertThat(w.isTerminated()).as("stopped with the adapter").isTrue();
    }

    @Test
    void stopInterruptsLoopsThatDoNotEnd() {
        ExecutorService w = MediaWorkers.create(1);
        CountDownLatch never = new CountDownLatch(1);
        w.execute(() -> awaitQuietly(never));
        MediaWorkers.stop(w);
        assertThat(w.isTerminated()).isTrue();
    }

    @Test
    void settingsWithDefaultsAndValidation() {
        MediaSettings none = new MediaSettings(k -> null);
        assertThat(none.workerThreads()).isEqualTo(MediaWorkers.DEFAULT_THREADS);
        assertThat(none.maxPendingEvents()).isEqualTo(MediaResourceAdapter.DEFAULT_MAX_PENDING_EVENTS);
        MediaSettings set = new MediaSettings(Map.of("MEDIA_WORKER_THREADS", "12", "MEDIA_MAX_PENDING_EVENTS", "50")::get);
        assertThat(set.workerThreads()).isEqualTo(12);
        assertThat(set.maxPendingEvents()).isEqualTo(50);
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_WORKER_THREADS", "0")::get).workerThreads())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEDIA_WORKER_THREADS");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_MAX_PENDING_EVENTS", "many")::get).maxPendingEvents())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEDIA_MAX_PENDING_EVENTS");
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
