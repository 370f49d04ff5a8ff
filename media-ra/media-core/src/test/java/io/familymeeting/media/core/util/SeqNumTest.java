package io.familymeeting.media.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeqNumTest {

    @ParameterizedTest(name = "diff({0},{1})={2}")
    @CsvSource({
            "0,     0,     0",
            "1,     0,     1",
            "0,     1,     -1",
            "0,     65535, 1",      // wrap forward
            "65535, 0,     -1",     // wrap backward
            "5,     65530, 11",
            "65530, 5,     -11",
            "32767, 0,     32767",
            "32768, 0,     -32768", // exactly half: neither is newer
            "0,     32768, -32768",
            "32769, 0,     -32767",
            "100,   40000, 25636",
    })
    void diffAndNewer(int a, int b, int expected) {
        assertThat(SeqNum.diff(a, b)).isEqualTo(expected);
        assertThat(SeqNum.isNewer(a, b)).isEqualTo(expected > 0);
    }

    @ParameterizedTest(name = "add({0},{1})={2}")
    @CsvSource({
            "0,     1,      1",
            "65535, 1,      0",
            "65530, 10,     4",
            "0,     -1,     65535",
            "3,     -5,     65534",
            "1000,  65536,  1000",
    })
    void add(int a, int n, int expected) {
        assertThat(SeqNum.add(a, n)).isEqualTo(expected);
        assertThat(SeqNum.diff(SeqNum.add(a, n), a)).isEqualTo((short) n);
    }

    @ParameterizedTest(name = "tsDiff({0},{1})={2}")
    @CsvSource({
            "0,          0,          0",
            "3000,       0,          3000",
            "0,          4294967295, 1",
            "4294967295, 0,          -1",
            "1000,       4294960000, 8296",
            "2147483647, 0,          2147483647",
            "2147483648, 0,          -2147483648",
            "0,          2147483648, -2147483648",
    })
    void tsDiffAndNewer(long a, long b, long expected) {
        assertThat(SeqNum.tsDiff(a, b)).isEqualTo(expected);
        assertThat(SeqNum.tsIsNewer(a, b)).isEqualTo(expected > 0);
    }

    @ParameterizedTest(name = "tsAdd({0},{1})={2}")
    @CsvSource({
            "4294967295, 1,     0",
            "4294967000, 3000,  2704",
            "0,          -1,    4294967295",
            "90000,      90000, 180000",
    })
    void tsAdd(long a, long n, long expected) {
        assertThat(SeqNum.tsAdd(a, n)).isEqualTo(expected);
    }
}
