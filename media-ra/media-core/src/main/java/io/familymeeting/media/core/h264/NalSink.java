package io.familymeeting.media.core.h264;

/** Receives whole NAL units (header byte first, no start code) from a {@link H264Depacketizer}. */
@FunctionalInterface
public interface NalSink {
    /**
     * @param buf       holds the NAL unit; valid only during the call
     * @param timestamp the RTP timestamp of the access unit it belongs to
     * @param last      true when it is the last NAL unit of its access unit (the RTP marker, RFC 6184 §5.1)
     */
    void onNal(byte[] buf, int off, int len, long timestamp, boolean last);
}
