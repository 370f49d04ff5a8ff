package io.familymeeting.media.api;

/**
 * Counters of one track of one participant, as seen by the SFU.
 *
 * @param kind        "audio" or "video"
 * @param direction   "in" (a presenter's track received by the SFU) or "out" (sent to a viewer)
 * @param ssrc        the synchronization source on the wire (unsigned 32 bits)
 * @param packets     RTP packets
 * @param bytes       RTP payload bytes
 * @param bitrateBps  bits per second over the last measurement window
 * @param packetsLost packets lost (from sequence gaps for "in", from receiver reports for "out")
 * @param jitterMs    interarrival jitter in milliseconds (RFC 3550 §6.4.1)
 * @param rttMs       round-trip time from RTCP, or -1 when unknown
 * @param nacks       NACKed packets (received for "out", sent for "in")
 * @param plis        keyframe requests (PLI + FIR)
 * @param retransmitted packets sent again from the history after a NACK, as RTX where
 *                    negotiated ("out"); 0 for "in"
 * @param layers      simulcast: for "in" the layers received (size or rid, and bitrate), for
 *                    "out" the layer forwarded ("paused" when none fits the viewer's link);
 *                    "" for a track without simulcast
 */
public record TrackStats(String kind, String direction, long ssrc, long packets, long bytes,
                         long bitrateBps, long packetsLost, double jitterMs, double rttMs,
                         long nacks, long plis, long retransmitted, String layers) implements java.io.Serializable {

    public TrackStats {
        layers = layers == null ? "" : layers;
    }

    /** Without simulcast layers. */
    public TrackStats(String kind, String direction, long ssrc, long packets, long bytes,
                      long bitrateBps, long packetsLost, double jitterMs, double rttMs,
                      long nacks, long plis, long retransmitted) {
        this(kind, direction, ssrc, packets, bytes, bitrateBps, packetsLost, jitterMs, rttMs, nacks, plis,
                retransmitted, "");
    }

    /** Without a retransmission count (0), for tracks that never retransmit. */
    public TrackStats(String kind, String direction, long ssrc, long packets, long bytes,
                      long bitrateBps, long packetsLost, double jitterMs, double rttMs,
                      long nacks, long plis) {
        this(kind, direction, ssrc, packets, bytes, bitrateBps, packetsLost, jitterMs, rttMs, nacks, plis, 0);
    }
}
