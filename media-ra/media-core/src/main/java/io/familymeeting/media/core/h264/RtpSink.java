package io.familymeeting.media.core.h264;

/** Receives RTP packets made by a packetizer; the buffer is valid only during the call. */
@FunctionalInterface
public interface RtpSink {
    void onRtp(byte[] buf, int off, int len);
}
