package io.familymeeting.media.api;

import java.time.Instant;

/**
 * One camera at one moment, for the admin console, REST API and the cameras documents.
 *
 * @param roomId     the room it presents in
 * @param cameraId   its id in that room
 * @param url        its URL without credentials
 * @param state      where the ingest is
 * @param message    why (the last error, or what it plays: "H264 42c00d + PCMU/8000"); may be empty
 * @param videoCodec what the video is ("H264 42c00d"), or empty before DESCRIBE / without video
 * @param audioCodec what the audio is ("PCMU/8000", "unsupported: MPEG4-GENERIC"), or empty
 * @param fps        video pictures per second over the last seconds
 * @param bitrateBps received bits per second over the last seconds (all tracks)
 * @param viewers    connected viewers in the room
 * @param ingestDelayMillis camera capture to SFU arrival, from the camera's RTCP sender reports
 *                   (its clock against ours: meaningful when both are NTP-synchronized); -1 when unknown
 * @param since      when it entered this state
 */
public record CameraSnapshot(String roomId, String cameraId, String url, CameraState state, String message,
                             String videoCodec, String audioCodec, double fps, long bitrateBps, int viewers,
                             double ingestDelayMillis, Instant since) implements java.io.Serializable {
}
