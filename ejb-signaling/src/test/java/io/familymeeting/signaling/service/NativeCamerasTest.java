package io.familymeeting.signaling.service;

import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
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
        Map<String, Object> view = cameras.put("r1", "door", Map.of(Fields.URL, " rtsp://10.0.0.5:554/s1 ", Fields.TRANSPORT, "UDP",
                Fields.USER, "admin", Fields.PASSWORD, "s3cret"));
        assertThat(view).containsEntry("id", "door").containsEntry(Fields.URL, "rtsp://10.0.0.5:554/s1")
                .containsEntry(Fields.TRANSPORT, Values.TRANSPORT_UDP).containsEntry(Fields.MODE, Values.MODE_ALWAYS_ON).containsEntry(Fields.STATE, Values.STATE_NEW)
                .containsEntry("hasPassword", true).doesNotContainKey(Fields.PASSWORD);
        assertThat(store.get("rooms/r1/cameras/door").orElseThrow().string(Fields.PASSWORD)).isEqualTo("s3cret");
        assertThat(store.get("rooms/r1")).isPresent();
        assertThat(cameras.cameras("r1")).hasSize(1).allSatisfy(v -> assertThat(v).doesNotContainKey(Fields.PASSWORD));
    }

    @Test
    void credentialsInTheUrlAreNotShown() {
        Map<String, Object> view = cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://admin:pw@10.0.0.5/s1"));
        assertThat(view.get("url")).isEqualTo("rtsp://10.0.0.5/s1");
        assertThat(view.get("hasPassword")).isEqualTo(true);
        assertThat(cameras.camera("r1", "c").toString()).doesNotContain("pw@");
    }

    @Test
    void aPutWithoutPasswordKeepsTheStoredOne() {
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s1", Fields.USER, "u", Fields.PASSWORD, "p"));
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s2", Fields.USER, "u"));
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().string(Fields.PASSWORD)).isEqualTo("p");
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s2", Fields.USER, "u", Fields.PASSWORD, ""));
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().data()).doesNotContainKey(Fields.PASSWORD);
    }

    @Test
    void theStoredPasswordStaysWithItsHostAndPortOnly() {
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://Cam.lan/s1", Fields.USER, "u", Fields.PASSWORD, "p"));
        assertThat(cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://cam.LAN:554/s2?profile=1", Fields.USER, "u",
                Fields.TRANSPORT, "udp"))).as("another path, the default port written out").containsEntry("hasPassword", true);
        assertThat(password()).isEqualTo("p");

        assertThat(cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://attacker.example/s2", Fields.USER, "u")))
                .as("another host").containsEntry("hasPassword", false);
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().data()).doesNotContainKey(Fields.PASSWORD);

        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://cam.lan/s1", Fields.USER, "u", Fields.PASSWORD, "p"));
        assertThat(cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://cam.lan:8554/s1", Fields.USER, "u")))
                .as("another port").containsEntry("hasPassword", false);
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().data()).doesNotContainKey(Fields.PASSWORD);

        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://cam.lan/s1", Fields.USER, "u", Fields.PASSWORD, "p"));
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.9/s1", Fields.USER, "u2", Fields.PASSWORD, "new"));
        assertThat(password()).as("new credentials come with the new host").isEqualTo("new");
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://u3:pw3@10.0.0.10/s1"));
        assertThat(store.get("rooms/r1/cameras/c").orElseThrow().data()).as("credentials in the new URL, not the old password")
                .doesNotContainKey(Fields.PASSWORD);
    }

    private String password() {
        return store.get("rooms/r1/cameras/c").orElseThrow().string(Fields.PASSWORD);
    }

    @Test
    void sameServerComparesHostWithoutCaseAndPortWithItsDefault() {
        assertThat(CameraDocument.sameServer("rtsp://Cam.lan/a", "rtsp://cam.lan:554/b")).isTrue();
        assertThat(CameraDocument.sameServer("rtsp://[fd00::5]:8554/a", "rtsp://[FD00::5]:8554/b")).isTrue();
        assertThat(CameraDocument.sameServer("rtsp://cam.lan/a", "rtsp://cam.lan:8554/a")).isFalse();
        assertThat(CameraDocument.sameServer("rtsp://cam.lan/a", "rtsp://cam.lan.evil.example/a")).isFalse();
        assertThat(CameraDocument.sameServer("rtsp://u:p@cam.lan/a", "rtsp://cam.lan/a")).isTrue();
        assertThat(CameraDocument.sameServer(null, "rtsp://cam.lan/a")).isFalse();
        assertThat(CameraDocument.sameServer("not a url", "not a url")).isFalse();
    }

    @Test
    void theSameConfigurationKeepsTheServerWrittenState() {
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s1"));
        store.update("rooms/r1/cameras/c", Map.of(Fields.STATE, "playing", Fields.FPS, 25.0));
        assertThat(cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s1"))).containsEntry(Fields.STATE, "playing");
        assertThat(cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s1", Fields.MODE, Values.MODE_ON_DEMAND)))
                .containsEntry(Fields.STATE, Values.STATE_NEW).doesNotContainKey(Fields.FPS);
    }

    @Test
    void badRequestsAre400WithAMessage() {
        Map<Map<String, Object>, String> bad = new HashMap<>();
        bad.put(Map.of(), "url must be an rtsp:// URL");
        bad.put(Map.of(Fields.URL, "http://10.0.0.5/"), "url must start with rtsp://");
        bad.put(Map.of(Fields.URL, 5), "url must be an rtsp:// URL");
        bad.put(Map.of(Fields.URL, "rtsp://10.0.0.5/", Fields.TRANSPORT, "tls"), "transport must be");
        bad.put(Map.of(Fields.URL, "rtsp://10.0.0.5/", Fields.MODE, "never"), "mode must be");
        bad.put(Map.of(Fields.URL, "rtsp://10.0.0.5/", Fields.USER, 7), "user must be a string");
        bad.forEach((body, message) -> assertThatThrownBy(() -> cameras.put("r1", "c", body))
                .isInstanceOf(RequestException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(400)));
        assertThatThrownBy(() -> cameras.put("r1", "bad/id", Map.of(Fields.URL, "rtsp://h/")))
                .isInstanceOf(RequestException.class);
        assertThat(store.list("rooms/r1/cameras")).isEmpty();
    }

    @Test
    void deleteRemovesTheDocumentAndUnknownCamerasAre404() {
        cameras.put("r1", "c", Map.of(Fields.URL, "rtsp://10.0.0.5/s1"));
        cameras.delete("r1", "c");
        assertThat(store.get("rooms/r1/cameras/c")).isEmpty();
        assertThatThrownBy(() -> cameras.delete("r1", "c")).isInstanceOf(RequestException.class)
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> cameras.camera("r1", "c")).isInstanceOf(RequestException.class);
    }
}
