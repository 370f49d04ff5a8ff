package io.familymeeting.media.api;

/** Where a camera's RTSP ingest is (the {@code state} of a {@code cameras/{cameraId}} document, docs/operations.md). */
public enum CameraState {
    /** Connecting, authenticating or setting up the RTSP session. */
    CONNECTING,
    /** RTP is arriving and forwarded to the room. */
    PLAYING,
    /** The camera or network dropped, or did not answer in time: reconnecting with backoff. */
    RETRYING,
    /**
     * The camera refused in a way retrying fast will not fix (wrong URL, wrong credentials, no
     * supported codec). It is tried again at the longest backoff.
     */
    ERROR,
    /** On demand and nobody watching: checked, not pulled. */
    IDLE,
    /** Removed. */
    STOPPED
}
