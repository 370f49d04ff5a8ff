package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.BitrateMeter;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.SenderReport;

/**
 * What a camera's ingest measures, for snapshots and delay estimates: the bitrate received,
 * pictures per second, and the camera's clock from the RTCP sender reports of its video
 * track (RFC 3550 §6.4.1: an NTP wall-clock time and the RTP timestamp of the same instant),
 * which maps a picture's RTP timestamp to the time the camera captured it.
 *
 * <p>{@link CameraIngest} feeds it on the camera's loop thread; the readings may be taken from
 * any thread. It neither receives nor forwards packets, and it knows only the camera's own
 * timestamps: mapping the rewritten ones viewers see back to them is the ingest's business.
 * No allocation per packet.
 */
final class CameraStats {
    /** RTP clock of H.264 video in ticks per millisecond: 90 kHz (RFC 6184 §8.2.1). */
    static final int VIDEO_TICKS_PER_MILLI = 90;
    /** How long the pictures-per-second window is before a new reading. */
    static final long FPS_WINDOW_MILLIS = 1000;

    private final BitrateMeter bitrate = new BitrateMeter();
    /** A reusable view for the camera's sender reports (camera loop thread only). */
    private final SenderReport senderReport = new SenderReport();

    private volatile long pictures;
    private volatile double fps;
    private long fpsWindowStart;
    private long fpsWindowPictures;
    /** The latest sender report of the video track: its NTP time in Unix millis (-1: none yet) and RTP timestamp. */
    private volatile long srWallMillis = -1;
    private volatile long srRtpTimestamp;
    private volatile double ingestDelayMillis = -1;

    /** An RTP packet of {@code len} bytes arrived (audio or video). */
    void onPacket(long nowMillis, int len) {
        bitrate.add(nowMillis, len);
    }

    /** The last packet of a picture (RTP marker) arrived with this camera RTP timestamp. */
    void onPicture(long cameraTimestamp) {
        pictures++;
        measureIngestDelay(cameraTimestamp);
    }

    /**
     * An RTCP packet of the video track: a sender report first in it (RFC 3550 §6.1: a compound
     * packet starts with SR or RR) updates the camera clock mapping; anything else is ignored.
     */
    void onVideoRtcp(byte[] buf, int off, int len) {
        if (senderReport.wrap(buf, off, len)) {
            srWallMillis = NtpTime.toMillis(senderReport.ntpTimestamp());
            srRtpTimestamp = senderReport.rtpTimestamp();
        }
    }

    /** A new RTSP session: the camera's clock mapping of the last one no longer holds. */
    void newSession() {
        srWallMillis = -1;
    }

    /** Called about every loop tick while playing: renews the pictures-per-second reading each window. */
    void tick(long nowMillis) {
        if (fpsWindowStart == 0) {
            fpsWindowStart = nowMillis;
            fpsWindowPictures = pictures;
            return;
        }
        long elapsed = nowMillis - fpsWindowStart;
        if (elapsed >= FPS_WINDOW_MILLIS) {
            fps = (pictures - fpsWindowPictures) * 1000.0 / elapsed;
            fpsWindowStart = nowMillis;
            fpsWindowPictures = pictures;
        }
    }

    double fps() {
        return fps;
    }

    long bitsPerSecond(long nowMillis) {
        return bitrate.bitsPerSecond(nowMillis);
    }

    /** Camera capture (sender report clock) to SFU arrival, a moving average; -1 before the first sender report. */
    double ingestDelayMillis() {
        return ingestDelayMillis;
    }

    /**
     * When the camera captured the picture with this camera RTP timestamp, in wall-clock
     * milliseconds by its sender reports, or -1 before the first one.
     */
    long captureWallMillis(long cameraTimestamp) {
        long sr = srWallMillis;
        if (sr < 0) {
            return -1;
        }
        return sr + (int) (cameraTimestamp - srRtpTimestamp) / VIDEO_TICKS_PER_MILLI;
    }

    /** A moving average over about the last 20 pictures (the newest weighs 5 %). */
    private void measureIngestDelay(long cameraTimestamp) {
        if (srWallMillis < 0) {
            return;
        }
        double delay = System.currentTimeMillis() - captureWallMillis(cameraTimestamp);
        ingestDelayMillis = ingestDelayMillis < 0 ? delay : ingestDelayMillis * 0.95 + delay * 0.05;
    }
}
