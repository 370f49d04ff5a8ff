package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Console login throttling on a clock the test moves: locked after the allowed failures, per
 * address, unlocked when the lock time is over, failures forgotten when they are old, cleared
 * by a success, and bounded memory.
 */
class LoginThrottleTest {
    /** A clock that moves only when told to. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2025-06-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(300), clock);

    @Test
    void theFifthFailureLocksTheAddressUntilTheLockTimeIsOver() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("198.51.100.7");
            assertThat(throttle.lockedSeconds("198.51.100.7")).as("after %d failures", i + 1).isZero();
        }
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedSeconds("198.51.100.7")).isEqualTo(300);
        clock.advance(Duration.ofMillis(299_001));
        assertThat(throttle.lockedSeconds("198.51.100.7")).as("rounded up").isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(throttle.lockedSeconds("198.51.100.7")).isZero();
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedSeconds("198.51.100.7")).as("a fresh count after the lock").isZero();
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("198.51.100.7");
        }
        throttle.failed("2001:db8::9");
        assertThat(throttle.lockedSeconds("198.51.100.7")).isPositive();
        assertThat(throttle.lockedSeconds("198.51.100.8")).isZero();
        assertThat(throttle.lockedSeconds("2001:db8::9")).isZero();
    }

    @Test
    void oldFailuresAndASuccessClearTheCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("a");
        }
        clock.advance(Duration.ofSeconds(301));
        throttle.failed("a");
        assertThat(throttle.lockedSeconds("a")).as("four failures long ago and one now").isZero();

        for (int i = 0; i < 3; i++) {
            throttle.failed("b");
        }
        throttle.succeeded("b");
        throttle.failed("b");
        throttle.failed("b");
        assertThat(throttle.lockedSeconds("b")).isZero();
    }

    @Test
    void memoryIsBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 50; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256));
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(throttle.remembered()).isEqualTo(LoginThrottle.MAX_ADDRESSES);
    }

    @Test
    void theSettingsAndTheirDefaults() {
        LoginThrottle defaults = LoginThrottle.from(Settings.of(Map.of()));
        for (int i = 0; i < 4; i++) {
            defaults.failed("x");
        }
        assertThat(defaults.lockedSeconds("x")).isZero();
        defaults.failed("x");
        assertThat(defaults.lockedSeconds("x")).isBetween(299L, 300L);

        LoginThrottle two = LoginThrottle.from(Settings.of(Map.of("CONSOLE_LOGIN_MAX_FAILURES", "2",
                "CONSOLE_LOGIN_LOCK_SECONDS", "60")));
        two.failed("y");
        two.failed("y");
        assertThat(two.lockedSeconds("y")).isBetween(59L, 60L);

        assertThatThrownBy(() -> LoginThrottle.from(Settings.of(Map.of("CONSOLE_LOGIN_MAX_FAILURES", "0"))))
                .hasMessageContaining("CONSOLE_LOGIN_MAX_FAILURES must be at least 1");
        assertThatThrownBy(() -> LoginThrottle.from(Settings.of(Map.of("CONSOLE_LOGIN_LOCK_SECONDS", "five"))))
                .hasMessageContaining("CONSOLE_LOGIN_LOCK_SECONDS must be a whole number");
    }
}
