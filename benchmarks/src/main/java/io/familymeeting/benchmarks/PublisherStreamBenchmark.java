package io.familymeeting.benchmarks;

import io.familymeeting.media.core.forward.Packets;
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
 * The input side of {@link FanOutBenchmark} alone: making and SRTP-encrypting the next
 * browser packet. Not engine work; subtract it from {@code FanOutBenchmark.forward}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class PublisherStreamBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    private final byte[] wire = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
    private PublisherStream browser;

    @Setup(Level.Trial)
    public void setUp() {
        browser = new PublisherStream(PublisherStream.randomKeys(profile, new Random(7)));
    }

    @Benchmark
    public int next() {
        return browser.next(wire);
    }
}
