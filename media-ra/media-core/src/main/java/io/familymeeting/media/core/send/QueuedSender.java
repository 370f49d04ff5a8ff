package io.familymeeting.media.core.send;

/**
 * The far end of a {@link SendQueue}: a participant's transport, called on the send thread
 * with a plain RTP or RTCP packet it was offered earlier. The buffer has room for the SRTP
 * trailer behind {@code len}; the sender protects in place and sends. Returns false when the
 * packet was not sent (transport gone or closed). Must not block for long.
 */
public interface QueuedSender {
    boolean sendQueued(boolean rtcp, byte[] buf, int off, int len);
}
