package io.familymeeting.signaling.service;

import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST API's camera writes: validation, the document written, and no password in any answer. */
class NativeCamerasTest {
    private final EmbeddedStore store = new EmbeddedStore();
    private final NativeCameras cameras = new NativeCameras(store, Clock.systemUTC());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putWritesTheDocumentAndCreatesTheRoom() {
        Map<String, Object> view = cameras.put("r1", "door", Map.of("url", " rtsp://10.0.0.5:554/s1 ", "transport", "UDP",
                "user", "admin", "password", "s3cret"));
        assertThat(view).containsEntry("id", "door").containsEntry("url", "rtsp://10.0.0.5:554/s1")
                .containsEntry("transport", "udp").containsEntry("mode", "always-on").containsEntry("state", "new")
                .containsEntry("hasPassword", true).doesNotContainKey("password");
        assertThat(store.get("rooms/r1/cameras/door").orElseThrow().string("password")).isEqualTo("s3cret");
        assertThat(store.get("rooms/r1")).isPresent();
        assertThat(cameras.cameras("r1")).hasSize(1).allSatisfy(v -> assertThat(v).doesNotContainKey("password"));
    }

    @Test
    void credentialsInTheUrlAreNotShown() {
        Map<String, Object> view = cameras.put("r1", "c", Map.of("url", "rtsp://admin:pw@10.0.0.5/s1"));
        assertThat(view.get("url")).isEqualTo("rtsp://10.0.0.5/s1");
        assertThat(view.get("hasPassword")).isEqualTo(true);
        assertThat(cameras.camera("r1", "c").toString()).doesNotContain("pw@");
    }

    @Test
    void aPutWithoutPasswordKeepsTheStoredOne() {
        cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s1", "user", "u", "password", "p"));
        cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s2", "user", "u"));
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().string("password")).isEqualTo("p");
        cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s2", "user", "u", "password", ""));
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().data()).doesNotContainKey("password");
    }

    @Test
    void theSameConfigurationKeepsTheServerWrittenState() {
        cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s1"));
        store.update("rooms/r1/cameras/c", Map.of("state", "playing", "fps", 25.0));
        assertThat(cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s1"))).containsEntry("state", "playing");
        assertThat(cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s1", "mode", "on-demand")))
                .containsEntry("state", "new").doesNotContainKey("fps");
    }

    @Test
    void badRequestsAre400WithAMessage() {
        Map<Map<String, Object>, String> bad = new HashMap<>();
        bad.put(Map.of(), "url must be an rtsp:// URL");
        bad.put(Map.of("url", "http://10.0.0.5/"), "url must start with rtsp://");
        bad.put(Map.of("url", 5), "url must be an rtsp:// URL");
        bad.put(Map.of("url", "rtsp://10.0.0.5/", "transport", "tls"), "transport must be");
        bad.put(Map.of("url", "rtsp://10.0.0.5/", "mode", "never"), "mode must be");
        bad.put(Map.of("url", "rtsp://10.0.0.5/", "user", 7), "user must be a string");
        bad.forEach((body, message) -> assertThatThrownBy(() -> cameras.put("r1", "c", body))
                .isInstanceOf(RequestException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(400)));
        assertThatThrownBy(() -> cameras.put("r1", "bad/id", Map.of("url", "rtsp://h/")))
                .isInstanceOf(RequestException.class);
        assertThat(store.list("rooms/r1/cameras")).isEmpty();
    }

    @Test
    void deleteRemovesTheDocumentAndUnknownCamerasAre404() {
        cameras.put("r1", "c", Map.of("url", "rtsp://10.0.0.5/s1"));
        cameras.delete("r1", "c");
        assertThat(store.get("rooms/r1/cameras/c")).isEmpty();
        assertThatThrownBy(() -> cameras.delete("r1", "c")).isInstanceOf(RequestException.class)
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> cameras.camera("r1", "c")).isInstanceOf(RequestException.class);
    }
}
