package io.familymeeting.media.core.rtsp;

/**
 * Why a camera session ended, with the message users see. {@code permanent} failures (wrong
 * URL, credentials refused, no supported codec) put the camera in ERROR and are retried only
 * at the longest backoff; the others in RETRYING.
 */
final class CameraFailure extends Exception {
    final boolean permanent;

    CameraFailure(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }
}
