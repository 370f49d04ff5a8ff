package io.familymeeting.benchmarks;

import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.forward.Packets;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.srtp.SrtpProfile;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link FanOutBenchmark} without SRTP: the engine's own per-packet work (producer
 * bookkeeping, fan-out, rewrite, NACK history) on an already decrypted packet, to viewers
 * that send nothing. Shows what the engine itself costs and that it allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ForwardingOnlyBenchmark {
    @Param({"1", "10", "50"})
    public int consumers;

    /** Counts instead of encrypting and sending. */
    static final class CountingViewer implements MediaSender {
        long packets;

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            packets++;
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }

    private final byte[] wire = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
    private PublisherStream browser;
    private Producer producer;
    private CountingViewer first;
    private long nowMillis;

    @Setup(Level.Trial)
    public void setUp() {
        browser = new PublisherStream(PublisherStream.randomKeys(SrtpProfile.AEAD_AES_128_GCM, new Random(7)));
        producer = new Producer("presenter", FanOutBenchmark.track(PublisherStream.SSRC, -1,
                PublisherStream.PAYLOAD_TYPE, PublisherStream.RTX_PAYLOAD_TYPE, PublisherStream.ABS_SEND_TIME_ID),
                FeedbackSender.NONE);
        for (int i = 0; i < consumers; i++) {
            CountingViewer v = new CountingViewer();
            if (first == null) {
                first = v;
            }
            new Consumer("viewer-" + i, FanOutBenchmark.track(0x50000000L + i, 0x60000000L + i, 100, 101, 5), v)
                    .bind(producer, 0);
        }
        for (int i = 0; i < 16; i++) {
            forward();
        }
        if (first.packets == 0) {
            throw new IllegalStateException("the fan-out forwarded nothing: check the benchmark's stream");
        }
    }

    /** One decrypted incoming packet to every consumer (rewrite, history, no encryption). */
    @Benchmark
    public int forward() {
        int len = browser.nextPlain(wire);
        nowMillis += 2;
        producer.onRtp(wire, 0, len, nowMillis);
        return len;
    }
}
