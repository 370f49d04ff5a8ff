package io.familymeeting.media.core.forward;

/**
 * Where forwarded packets go: a participant's secure transport. The buffer holds a plain
 * RTP/RTCP packet at {@code off}; the sender protects it in place (the buffer has room for
 * the SRTP tag behind {@code len}) and sends it. Returns false when the packet was dropped
 * (transport not connected yet, or closed).
 */
public interface MediaSender {
    boolean sendRtp(byte[] buf, int off, int len);

    boolean sendRtcp(byte[] buf, int off, int len);
}
