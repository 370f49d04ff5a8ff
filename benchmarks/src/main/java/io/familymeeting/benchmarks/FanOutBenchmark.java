package io.familymeeting.benchmarks;

import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.Packets;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.send.SendLoops;
import io.familymeeting.media.core.send.SendQueue;
import io.familymeeting.media.core.srtp.SrtpMasterKeys;
import io.familymeeting.media.core.srtp.SrtpProfile;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The engine's hot path for one incoming video packet: SRTP-decrypt it once
 * ({@link SrtpSession#unprotectRtp}), hand it to the {@link Producer}, which fans it out to
 * {@code consumers} {@link Consumer}s; each rewrites SSRC, sequence number, timestamp,
 * payload type and extension ids into its own copy, keeps it in its NACK history and
 * SRTP-encrypts it for its viewer ({@link EncryptingViewer}). One benchmark operation is one
 * incoming packet, so per forwarded packet divide by {@code consumers}.
 *
 * <p>Every operation also makes the next input packet, SRTP-encrypted as the browser would
 * ({@link PublisherStream}): replay protection rejects a packet decrypted twice.
 * {@link PublisherStreamBenchmark} measures that alone, to subtract.
 *
 * <p>{@code sepRw} compares the two send modes of the engine. false (the default of
 * {@code EXPERIMENT_RTP_SEP_RW}): the benchmark thread, standing for the receive thread, also
 * encrypts for every viewer. true: it only decides and rewrites, then queues a copy per viewer
 * on a {@link SendQueue} ({@link QueueingViewer}); one send thread ({@link SendQueue#run},
 * what one of the engine's send loops runs) encrypts. The queue never drops here: when it is
 * full the benchmark thread waits, so ns/op is the time per incoming packet at the rate both
 * threads together sustain. At the end of every iteration the fork prints the CPU time per
 * incoming packet of the benchmark thread and of the send thread ("cpu ns/op").
 *
 * <p>Left out: the UDP send and receive (kernel), the RFC 7983 demultiplexing and the
 * RTCP bookkeeping of {@code transport.WebRtcTransport} (a few branches per packet), audio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class FanOutBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"1", "10", "50"})
    public int consumers;

    /** EXPERIMENT_RTP_SEP_RW: encrypt on a separate send thread behind a bounded queue. */
    @Param({"false", "true"})
    public boolean sepRw;

    private final byte[] wire = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
    private PublisherStream browser;
    private SrtpSession engineReceive;
    private Producer producer;
    private final List<EncryptingViewer> viewers = new ArrayList<>();
    private final List<SrtpSession> sessions = new ArrayList<>();
    private long nowMillis;
    private SendQueue sendQueue;
    private Thread sendThread;
    private final List<QueueingViewer> queueing = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long operations;
    private long operationsAtStart;
    private long ownCpuAtStart;
    private long sendCpuAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        SrtpMasterKeys presenterKeys = PublisherStream.randomKeys(profile, random);
        browser = new PublisherStream(presenterKeys);
        engineReceive = new SrtpSession(presenterKeys.mirrored());
        sessions.add(engineReceive);
        producer = new Producer("presenter", track(PublisherStream.SSRC, -1, PublisherStream.PAYLOAD_TYPE,
                PublisherStream.RTX_PAYLOAD_TYPE, PublisherStream.ABS_SEND_TIME_ID), FeedbackSender.NONE);
        if (sepRw) {
            sendQueue = new SendQueue(Integer.getInteger("queuePackets", SendLoops.QUEUE_PACKETS));
            sendThread = new Thread(sendQueue::run, "send-loop");
            sendThread.setDaemon(true);
            sendThread.start();
        }
        for (int i = 0; i < consumers; i++) {
            // Each viewer negotiated its own payload types and ids, so every rewrite is real.
            SrtpSession s = new SrtpSession(PublisherStream.randomKeys(profile, random).mirrored());
            sessions.add(s);
            EncryptingViewer v = new EncryptingViewer(s);
            viewers.add(v);
            MediaSender sender = v;
            if (sepRw) {
                QueueingViewer q = new QueueingViewer(sendQueue, v);
                queueing.add(q);
                sender = q;
            }
            Consumer c = new Consumer("viewer-" + i, track(0x50000000L + i, 0x60000000L + i, 100, 101, 5), sender);
            c.bind(producer, 0);
        }
        // The keyframe that opens every consumer, then a few packets so all contexts exist.
        for (int i = 0; i < 16; i++) {
            forward();
        }
        awaitSent();
        if (viewers.get(0).packets == 0) {
            throw new IllegalStateException("the fan-out forwarded nothing: check the benchmark's stream");
        }
    }

    static TrackDescription track(long ssrc, long rtxSsrc, int pt, int rtxPt, int absSendTimeId) {
        return new TrackDescription(TrackKind.VIDEO, "1",
                List.of(new CodecInfo(pt, "VP8", 90000, 1, null, rtxPt)),
                Map.of(HeaderExtensions.ABS_SEND_TIME, absSendTimeId,
                        HeaderExtensions.TRANSPORT_WIDE_CC, PublisherStream.TRANSPORT_CC_ID,
                        HeaderExtensions.MID, PublisherStream.MID_ID),
                ssrc, rtxSsrc);
    }

    /** One incoming packet: decrypt once, fan out to every consumer (rewrite + encrypt each). */
    @Benchmark
    public int forward() {
        int len = browser.next(wire);
        int n = engineReceive.unprotectRtp(wire, 0, len);
        if (n <= 0) {
            throw new IllegalStateException("SRTP unprotect failed: " + n);
        }
        // 500 packets per second: the clock moves 2 ms per packet (no wall clock in the loop).
        nowMillis += 2;
        producer.onRtp(wire, 0, n, nowMillis);
        operations++;
        return n;
    }

    /** Separate mode: waits until the send thread has sent everything queued. */
    private void awaitSent() {
        if (sendQueue == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sendQueue.sent() < sendQueue.offered()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the send thread did not drain its queue");
            }
            Thread.onSpinWait();
        }
    }

    @Setup(Level.Iteration)
    public void startCpuClock() {
        operationsAtStart = operations;
        ownCpuAtStart = threads.getCurrentThreadCpuTime();
        sendCpuAtStart = sendThread == null ? 0 : threads.getThreadCpuTime(sendThread.getId());
    }

    /** Prints CPU time per incoming packet: the benchmark (receive) thread and the send thread. */
    @TearDown(Level.Iteration)
    public void printCpuPerOperation() {
        long ops = Math.max(1, operations - operationsAtStart);
        long own = threads.getCurrentThreadCpuTime() - ownCpuAtStart;
        long send = sendThread == null ? 0 : threads.getThreadCpuTime(sendThread.getId()) - sendCpuAtStart;
        long waits = 0;
        for (QueueingViewer q : queueing) {
            waits += q.fullWaits;
        }
        System.out.printf("%ncpu ns/op: receive %d, send %d, total %d (sepRw=%s, consumers=%d, queue-full waits %d)%n",
                own / ops, send / ops, (own + send) / ops, sepRw, consumers, waits);
    }

    @TearDown(Level.Trial)
    public void check() {
        awaitSent();
        long expected = browser.packets() - 1;
        for (EncryptingViewer v : viewers) {
            if (v.packets < expected - 16) {
                throw new IllegalStateException("a viewer got " + v.packets + " of " + expected + " packets");
            }
        }
        if (sendQueue != null) {
            long waits = 0;
            for (QueueingViewer q : queueing) {
                waits += q.fullWaits;
            }
            // Every refused offer was a wait and was retried: nothing was lost.
            if (sendQueue.dropped() != waits) {
                throw new IllegalStateException("the send queue dropped " + (sendQueue.dropped() - waits) + " packets");
            }
            sendQueue.close(10_000);
        }
        sessions.forEach(SrtpSession::close);
    }
}
