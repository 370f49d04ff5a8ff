package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentTest {
    @ParameterizedTest(name = "now={0} connected={1} lastResponse={2} timeout={3} -> {4}")
    @CsvSource({
            // now,   connectedAt, lastResponse, timeout, expired
            "1000,    1000,        -1,           30000,   false", // just connected
            "31000,   1000,        -1,           30000,   false", // exactly 30 s: not yet (RFC 7675 §5.1 "after")
            "31001,   1000,        -1,           30000,   true",  // no answer ever since selection
            "31001,   1000,        20000,        30000,   false", // answered 11 s ago
            "50001,   1000,        20000,        30000,   true",  // last answer 30.001 s ago
            "50001,   1000,        -1,           60000,   false", // longer timeout
            "3000,    1000,        -1,           2000,    false",
            "3001,    1000,        -1,           2000,    true",
            "5000,    4000,        1000,         2000,    false", // answer older than selection: selection counts
    })
    void expiresOnlyAfterTheTimeoutWithoutAnswer(long now, long connectedAt, long lastResponse, long timeout,
                                                boolean expired) {
        assertThat(Consent.expired(now, connectedAt, lastResponse, timeout)).isEqualTo(expired);
    }

    @ParameterizedTest
    @CsvSource({"30000, 1000", "2000, 500", "100, 50", "1, 50", "4000, 1000"})
    void pollsOftenEnoughButNotTooOften(long timeout, long period) {
        assertThat(Consent.pollPeriod(timeout)).isEqualTo(period);
    }
}
