package io.familymeeting.media.core.forward;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BitrateMeterTest {
    @Test
    void countsTheLastSecondOnly() {
        BitrateMeter m = new BitrateMeter();
        for (long t = 0; t < 1000; t += 10) {
            m.add(t, 125); // 12.5 kB/s = 100 kbit/s
        }
        assertThat(m.bitsPerSecond(999)).isEqualTo(100_000);
        assertThat(m.bitsPerSecond(1550)).as("half the window has rolled out").isBetween(30_000L, 60_000L);
        assertThat(m.bitsPerSecond(5000)).isZero();
    }

    @Test
    void keyframeThrottleAllowsOneRequestPerInterval() {
        KeyframeThrottle t = new KeyframeThrottle(300);
        assertThat(t.tryAcquire(1000)).isTrue();
        assertThat(t.tryAcquire(1100)).isFalse();
        assertThat(t.tryAcquire(1299)).isFalse();
        assertThat(t.tryAcquire(1300)).isTrue();
    }
}
