package io.familymeeting.signaling.store.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value mapping between the store's model and Firestore's, without a backend. */
class FirestoreValuesTest {
    @Test
    void instantsBecomeTimestampsAndBack() {
        Instant at = Instant.parse("2026-05-06T07:08:09.987654321Z");
        Object out = FirestoreValues.toFirestore(at);
        assertThat(out).isEqualTo(Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano()));
        assertThat(FirestoreValues.fromFirestore(out)).isEqualTo(at);
    }

    @Test
    void numbersWidenToLongAndDouble() {
        Map<String, Object> out = FirestoreValues.toFirestore(Map.of("i", 3, "s", (short) 4, "f", 1.5f, "l", 5L, "d", 2.5));
        assertThat(out).containsEntry("i", 3L).containsEntry("s", 4L).containsEntry("f", 1.5).containsEntry("l", 5L)
                .containsEntry("d", 2.5);
    }

    @Test
    void nestedMapsAndListsConvertRecursively() {
        Instant at = Instant.ofEpochSecond(10);
        Map<String, Object> in = Map.of("offer", Map.of("rev", 2, "at", at), "tags", List.of(1, Map.of("at", at)));
        Map<String, Object> fs = FirestoreValues.toFirestore(in);
        assertThat(((Map<?, ?>) fs.get("offer")).get("rev")).isEqualTo(2L);
        assertThat(((Map<?, ?>) fs.get("offer")).get("at")).isInstanceOf(Timestamp.class);
        assertThat(((Map<?, ?>) ((List<?>) fs.get("tags")).get(1)).get("at")).isInstanceOf(Timestamp.class);
        Map<String, Object> back = FirestoreValues.fromFirestore(fs);
        assertThat(back).isEqualTo(Map.of("offer", Map.of("rev", 2L, "at", at), "tags", List.of(1L, Map.of("at", at))));
    }

    @Test
    void bytesAndNulls() {
        Object blob = FirestoreValues.toFirestore(new byte[] {1, 2});
        assertThat(blob).isInstanceOf(Blob.class);
        assertThat((byte[]) FirestoreValues.fromFirestore(blob)).containsExactly(1, 2);
        assertThat(FirestoreValues.toFirestore((Object) null)).isNull();
    }

    @Test
    void unsupportedValuesAreRefused() {
        assertThatThrownBy(() -> FirestoreValues.toFirestore(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duration");
        assertThatThrownBy(() -> FirestoreValues.toFirestore(List.of(List.of(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists");
        assertThatThrownBy(() -> FirestoreValues.toFirestore(Map.of("", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffDoublesToItsCeilingAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(b.next().toMillis()).isBetween(100L, 120L);
        assertThat(b.next().toMillis()).isBetween(200L, 240L);
        assertThat(b.next().toMillis()).isBetween(350L, 350L);
        assertThat(b.next().toMillis()).isEqualTo(350L);
        b.reset();
        assertThat(b.next().toMillis()).isBetween(100L, 120L);
    }
}
