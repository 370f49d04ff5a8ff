package io.familymeeting.benchmarks;

import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.send.QueuedSender;
import io.familymeeting.media.core.srtp.SrtpSession;

/**
 * A viewer's transport as far as the hot path goes: what {@code transport.WebRtcTransport} does in
 * {@code sendRtp} (SRTP-protect in place under the send lock), without the UDP send, which
 * the benchmark leaves out on purpose (it measures the engine, not the kernel).
 * Counts what it would have sent. As a {@link QueuedSender} it is the send-thread half of
 * {@link QueueingViewer}.
 */
final class EncryptingViewer implements MediaSender, QueuedSender {
    private final SrtpSession srtp;
    private final Object sendLock = new Object();
    long packets;
    long bytes;

    EncryptingViewer(SrtpSession srtp) {
        this.srtp = srtp;
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        synchronized (sendLock) {
            int n = srtp.protectRtp(buf, off, len);
            if (n <= 0) {
                return false;
            }
            packets++;
            bytes += n;
            return true;
        }
    }

    @Override
    public boolean sendQueued(boolean rtcp, byte[] buf, int off, int len) {
        return rtcp ? sendRtcp(buf, off, len) : sendRtp(buf, off, len);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        synchronized (sendLock) {
            return srtp.protectRtcp(buf, off, len) > 0;
        }
    }
}
