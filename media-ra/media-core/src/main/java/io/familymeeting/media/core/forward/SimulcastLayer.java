package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtcp.NackGenerator;
import io.familymeeting.media.core.rtcp.ReceiveStatistics;

/**
 * One RTP stream of a {@link Producer}: the only stream of an ordinary track, or one encoding
 * of a simulcast track (RFC 8853 rid, or a legacy {@code a=ssrc-group:SIM} SSRC). It keeps what
 * belongs to that stream alone: its SSRCs (learned from the first packet when not signaled),
 * loss tracking and NACKs, reception statistics, keyframe requests, bitrate, and the picture
 * size its VP8 keyframes announce.
 *
 * <p>Written on the publisher's receive thread; the fields others read are volatile or read
 * under the producer's locks (see {@link Producer}).
 */
final class SimulcastLayer {
    /** A layer without packets for this long is not offered to viewers. */
    static final long INACTIVE_AFTER_MILLIS = 1_500;

    final int index;
    /** The rid naming this encoding (RFC 8851), or null for SSRC-signaled streams. */
    final String rid;
    volatile long ssrc;
    volatile long rtxSsrc;
    volatile ReceiveStatistics receiveStats;
    /** Lost packets to NACK; made with the first packet; guarded by the producer's NACK lock. */
    NackGenerator nacks;
    /** Guarded by itself. */
    final KeyframeThrottle keyframeThrottle;
    final BitrateMeter bitrate = new BitrateMeter();
    volatile long lastPacketMillis = Long.MIN_VALUE;
    volatile long lastKeyframeMillis = Long.MIN_VALUE;
    /** From the last VP8 keyframe (RFC 6386 §9.1), 0 when unknown. */
    volatile int width, height;

    SimulcastLayer(int index, String rid, long ssrc, long rtxSsrc, long keyframeIntervalMillis) {
        this.index = index;
        this.rid = rid;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.keyframeThrottle = new KeyframeThrottle(keyframeIntervalMillis);
    }

    boolean active(long nowMillis) {
        long last = lastPacketMillis;
        return last != Long.MIN_VALUE && nowMillis - last <= INACTIVE_AFTER_MILLIS;
    }

    /** Pixels per picture when known, else 0. */
    long pixels() {
        return (long) width * height;
    }
}
