package io.familymeeting.signaling.service;

import io.familymeeting.signaling.access.AccessMode;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AccessDocument} on the embedded store. */
class AccessDocumentTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final EmbeddedStore store = new EmbeddedStore();
    private final List<DocumentChange> writes = new ArrayList<>();

    @AfterEach
    void close() {
        store.close();
    }

    private Map<String, Object> published() {
        return store.get(Paths.ACCESS_CONFIG).orElseThrow().data();
    }

    @Test
    void theSettingsAreWrittenOnceAndWrittenBackWhenChangedOrDeleted() {
        store.listenDocument(Paths.ACCESS_CONFIG, writes::add);
        AccessDocument doc = new AccessDocument(store, AccessMode.TOKEN, false, "inst-1", CLOCK);
        assertThat(doc.isPublished()).isFalse();
        doc.publish();
        assertThat(doc.isPublished()).isTrue();
        assertThat(published()).containsEntry("mode", "token").containsEntry("legacyBroadcastRequests", "off")
                .containsEntry("server", "inst-1").containsEntry("updatedAt", CLOCK.instant());
        doc.publish();
        assertThat(writes).as("unchanged: not written again").hasSize(1);

        store.update(Paths.ACCESS_CONFIG, Map.of("mode", "open"));
        doc.publish();
        assertThat(published()).containsEntry("mode", "token");
        store.delete(Paths.ACCESS_CONFIG);
        doc.publish();
        assertThat(published()).containsEntry("mode", "token").containsEntry("legacyBroadcastRequests", "off");
    }

    @Test
    void openModeWithTheLegacyClientAllowed() {
        new AccessDocument(store, AccessMode.OPEN, true, "inst-1", CLOCK).publish();
        assertThat(published()).containsEntry("mode", "open").containsEntry("legacyBroadcastRequests", "open");
    }
}
