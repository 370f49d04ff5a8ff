package io.familymeeting.signaling.service;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Camera documents to engine calls and the engine's reports back, on the embedded store. */
class CameraSignalingTest {
    private static final String PATH = "rooms/r1/cameras/cam1";

    private final EmbeddedStore store = new EmbeddedStore();
    private final RecordingMedia media = new RecordingMedia();
    private final CameraSignaling cameras = new CameraSignaling(store, () -> media, Clock.systemUTC());

    @AfterEach
    void close() {
        store.close();
    }

    private void write(Map<String, Object> fields, SignalEvent.Kind kind) {
        store.set(PATH, fields);
        cameras.handle(new SignalEvent("r1", PATH, kind, fields));
    }

    private Document doc() {
        return store.get(PATH).orElseThrow();
    }

    @Test
    void anAddedDocumentStartsTheCameraWithItsConfiguration() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1:8554/cam", Fields.TRANSPORT, Values.TRANSPORT_UDP, Fields.USER, "admin", Fields.PASSWORD, "s3cret",
                Fields.MODE, Values.MODE_ON_DEMAND), SignalEvent.Kind.ADDED);
        assertThat(media.calls).containsExactly("add r1/cam1");
        CameraConfig c = media.running.get("r1/cam1");
        assertThat(c.url()).isEqualTo("rtsp://127.0.0.1:8554/cam");
        assertThat(c.transport()).isEqualTo(CameraConfig.Transport.UDP);
        assertThat(c.mode()).isEqualTo(CameraConfig.Mode.ON_DEMAND);
        assertThat(c.username()).isEqualTo("admin");
        assertThat(c.password()).isEqualTo("s3cret");
    }

    @Test
    void defaultsAreTcpAndAlwaysOn() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        CameraConfig c = media.running.get("r1/cam1");
        assertThat(c.transport()).isEqualTo(CameraConfig.Transport.TCP);
        assertThat(c.mode()).isEqualTo(CameraConfig.Mode.ALWAYS_ON);
        assertThat(c.username()).isNull();
    }

    @Test
    void serverWrittenFieldsDoNotRestartTheCameraButANewUrlDoes() {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"));
        write(fields, SignalEvent.Kind.ADDED);
        fields.put(Fields.STATE, "playing");
        fields.put(Fields.FPS, 30.0);
        write(fields, SignalEvent.Kind.MODIFIED);
        assertThat(media.calls).containsExactly("add r1/cam1");
        fields.put(Fields.URL, "rtsp://127.0.0.1/other");
        write(fields, SignalEvent.Kind.MODIFIED);
        assertThat(media.calls).containsExactly("add r1/cam1", "add r1/cam1");
        assertThat(media.running.get("r1/cam1").url()).endsWith("/other");
    }

    @Test
    void aCameraTheEngineLostIsStartedAgainOnTheNextChange() {
        Map<String, Object> fields = Map.of(Fields.URL, "rtsp://127.0.0.1/cam");
        write(fields, SignalEvent.Kind.ADDED);
        media.running.clear();
        write(fields, SignalEvent.Kind.MODIFIED);
        assertThat(media.calls).containsExactly("add r1/cam1", "add r1/cam1");
    }

    @Test
    void badDocumentsGetAClearErrorAndStartNothing() {
        Map<String, String> bad = Map.of(
                "http://127.0.0.1/cam", "rtsp://",
                "", "url must be an rtsp:// URL",
                "rtsp:///nohost", "no host");
        bad.forEach((url, message) -> {
            write(Map.of(Fields.URL, url), SignalEvent.Kind.ADDED);
            assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
            assertThat(doc().string(Fields.ERROR)).as(url).contains(message);
        });
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam", Fields.TRANSPORT, "sctp"), SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("transport must be \"tcp\" or \"udp\"");
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam", Fields.MODE, "sometimes"), SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("mode must be \"always-on\" or \"on-demand\"");
        assertThat(media.calls).noneMatch(c -> c.startsWith("add"));
    }

    @Test
    void aGoodCameraMadeBadIsStopped() {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"));
        write(fields, SignalEvent.Kind.ADDED);
        fields.put(Fields.TRANSPORT, "carrier-pigeon");
        write(fields, SignalEvent.Kind.MODIFIED);
        assertThat(media.running).isEmpty();
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
    }

    @Test
    void whatTheEngineRefusesEndsUpOnTheDocument() {
        media.refuseNext = new MediaException(MediaException.Reason.INVALID_CAMERA, "no port in rtsp://x:y/");
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("no port in rtsp://x:y/");
    }

    @Test
    void aRemovedDocumentStopsTheCamera() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        store.delete(PATH);
        cameras.handle(new SignalEvent("r1", PATH, SignalEvent.Kind.REMOVED, Map.of()));
        assertThat(media.calls).containsExactly("add r1/cam1", "remove r1/cam1");
        assertThat(media.running).isEmpty();
    }

    @Test
    void aRemovedEventForADocumentThatIsStillThereKeepsTheCamera() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        cameras.handle(new SignalEvent("r1", PATH, SignalEvent.Kind.REMOVED, doc().data()));
        assertThat(media.calls).containsExactly("add r1/cam1");
        assertThat(media.running).containsKey("r1/cam1");
    }

    @Test
    void otherCollectionsAreIgnored() {
        cameras.handle(new SignalEvent("r1", "rooms/r1/participants/p1", SignalEvent.Kind.ADDED, Map.of(Fields.URL, "rtsp://h/")));
        assertThat(media.calls).isEmpty();
    }

    @Test
    void stateEventsGoOntoTheDocument() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        cameras.onState(new MediaEvent(MediaEvent.Type.CAMERA_STATE, "r1", "cam1", "RETRYING: connection refused", null));
        assertThat(doc().string(Fields.STATE)).isEqualTo("retrying");
        assertThat(doc().string(Fields.ERROR)).isEqualTo("connection refused");
        cameras.onState(new MediaEvent(MediaEvent.Type.CAMERA_STATE, "r1", "cam1", "PLAYING: H264 42c00d + PCMU/8000", null));
        assertThat(doc().string(Fields.STATE)).isEqualTo("playing");
        assertThat(doc().string(Fields.ERROR)).isEmpty();
        cameras.onState(new MediaEvent(MediaEvent.Type.CAMERA_STATE, "r1", "cam1", "ERROR: 401 Unauthorized", null));
        assertThat(doc().string(Fields.STATE)).isEqualTo(Values.STATE_ERROR);
        assertThat(doc().string(Fields.ERROR)).isEqualTo("401 Unauthorized");
    }

    @Test
    void stateEventsOfDeletedCamerasCreateNothing() {
        cameras.onState(new MediaEvent(MediaEvent.Type.CAMERA_STATE, "r1", "gone", "PLAYING: x", null));
        assertThat(store.get("rooms/r1/cameras/gone")).isEmpty();
    }

    @Test
    void refreshWritesFpsBitrateAndCodecsAndStopsCamerasWithoutADocument() {
        write(Map.of(Fields.URL, "rtsp://127.0.0.1/cam"), SignalEvent.Kind.ADDED);
        media.running.put("r1/orphan", CameraConfig.of("rtsp://127.0.0.1/orphan"));
        media.snapshots.add(new CameraSnapshot("r1", "cam1", "rtsp://127.0.0.1/cam", CameraState.PLAYING,
                "H264 42c00d + PCMU/8000", "H264 42c00d", "PCMU/8000", 29.97, 612_000, 1, -1, Instant.now()));
        media.snapshots.add(new CameraSnapshot("r1", "orphan", "rtsp://127.0.0.1/orphan", CameraState.PLAYING,
                "", "", "", 30, 1, 0, -1, Instant.now()));
        cameras.refresh();
        Document d = doc();
        assertThat(d.string(Fields.STATE)).isEqualTo("playing");
        assertThat(d.data().get("fps")).isEqualTo(30.0);
        assertThat(d.number(Fields.BITRATE_BPS, -1)).isEqualTo(612_000);
        assertThat(d.string(Fields.VIDEO_CODEC)).isEqualTo("H264 42c00d");
        assertThat(d.string(Fields.AUDIO_CODEC)).isEqualTo("PCMU/8000");
        assertThat(media.calls).contains("remove r1/orphan");
        assertThat(store.get("rooms/r1/cameras/orphan")).isEmpty();
    }

    @Test
    void aCameraOfARoomThisInstanceDoesNotServeIsLeftAlone() {
        CameraSignaling other = new CameraSignaling(store, () -> media, Clock.systemUTC(), p -> false);
        store.set(PATH, Map.of(Fields.URL, "ftp://not-a-camera"));
        other.handle(new SignalEvent("r1", PATH, SignalEvent.Kind.ADDED, Map.of()));
        assertThat(media.calls).isEmpty();
        assertThat(doc().string(Fields.STATE)).as("no error written").isEmpty();
    }
}
