package io.familymeeting.web.console;

import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One IP camera as the console shows it: its state (lower case, as on its document), what it
 * plays, fps and bitrate, and the error when it is retrying or refused ({@code ""} otherwise).
 */
public record CameraView(String id, String roomId, String url, String state, String message, String error,
                         String videoCodec, String audioCodec, double fps, long bitrateBps, int viewers,
                         long stateSeconds) {

    static CameraView of(CameraSnapshot c, Instant now) {
        boolean failing = c.state() == CameraState.ERROR || c.state() == CameraState.RETRYING;
        String message = c.message() == null ? "" : c.message();
        long seconds = c.since() == null ? 0 : Math.max(0, Duration.between(c.since(), now).getSeconds());
        return new CameraView(c.cameraId(), c.roomId(), c.url(), c.state().name().toLowerCase(Locale.ROOT),
                message, failing ? message : "", nonNull(c.videoCodec()), nonNull(c.audioCodec()), c.fps(),
                c.bitrateBps(), c.viewers(), seconds);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
