package io.familymeeting.loadtest.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendLogTest {
    @Test
    void findsASentPacketBySequenceAndTimestampAndByItsPayload() {
        SendLog log = new SendLog();
        log.record(65535, 4_000_000_000L, 77, 1_000);
        log.record(0, 4_000_003_000L, 78, 2_000);
        assertThat(log.sendNanos(0, 4_000_003_000L)).isEqualTo(2_000);
        assertThat(log.sendNanos(0, 4_000_000_000L)).as("other timestamp").isEqualTo(-1);
        assertThat(log.find(77)).isEqualTo((65535L << 32) | 4_000_000_000L);
        assertThat(log.find(99)).isEqualTo(-1);
    }

    @Test
    void theNewestPacketWithAPayloadWins() {
        SendLog log = new SendLog();
        log.record(10, 100, 5, 1);
        log.record(11, 200, 5, 2);
        assertThat(log.find(5) >>> 32).isEqualTo(11);
    }
}
