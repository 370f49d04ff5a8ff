package io.familymeeting.media.core.transport;

import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.rtp.RtpPacket;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of the participant a {@link WebRtcTransport} works for (room.Participant in the
 * engine): it holds real producers and consumers and records every call. RTP goes to the
 * producer that owns its SSRC, as the participant routes it; packets of unknown SSRCs are
 * refused.
 */
final class RecordingOwner implements TransportOwner {
    volatile List<Producer> producers = List.of();
    volatile List<Consumer> consumers = List.of();
    final AtomicInteger secureCalls = new AtomicInteger();
    private final CountDownLatch secure = new CountDownLatch(1);
    final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
    /** Copies of the decrypted RTP packets a producer took. */
    final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final List<Long> keyframeRequests = new CopyOnWriteArrayList<>();

    @Override
    public void onSecure() {
        secureCalls.incrementAndGet();
        secure.countDown();
    }

    boolean awaitSecure(long millis) throws InterruptedException {
        return secure.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onFailed(String reason) {
        failures.add(reason);
    }

    @Override
    public boolean onRtp(RtpPacket packet, long nowMillis) {
        for (Producer p : producers) {
            if (p.owns(packet.ssrc())) {
                byte[] copy = Arrays.copyOfRange(packet.buffer(), packet.offset(), packet.offset() + packet.length());
                p.onRtp(packet.buffer(), packet.offset(), packet.length(), nowMillis);
                rtp.add(copy); // published after the producer counted it: the test reads both
                return true;
            }
        }
        return false;
    }

    @Override
    public void onKeyframeRequested(long mediaSsrc) {
        keyframeRequests.add(mediaSsrc);
    }

    @Override
    public List<Producer> producers() {
        return producers;
    }

    @Override
    public List<Consumer> consumers() {
        return consumers;
    }
}
