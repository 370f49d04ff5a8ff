package io.familymeeting.media.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IpLiteralTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "127.0.0.1,          127.0.0.1",
            "0.0.0.0,            0.0.0.0",
            "255.255.255.255,    255.255.255.255",
            "192.0.2.10,         192.0.2.10",
            "::1,                0:0:0:0:0:0:0:1",
            "[::1],              0:0:0:0:0:0:0:1",
            "2001:db8::7,        2001:db8:0:0:0:0:0:7",
            "::ffff:192.0.2.1,   192.0.2.1",
            "256.0.0.1,          null",
            "1.2.3,              null",
            "1.2.3.4.5,          null",
            "1..2.3,             null",
            "01234.1.1.1,        null",
            "localhost,          null",
            "example.com,        null",
            "4c1b0a57-7d8e-4f5b-9a3e-2f1d6c0b9e11.local, null",
            "fe80::1%eth0,       null",
            "'',                 null",
    })
    void parsesLiteralsAndRejectsNames(String text, String expected) {
        InetAddress parsed = IpLiteral.parse(text);
        if (expected == null) {
            assertThat(parsed).isNull();
        } else {
            assertThat(parsed).isNotNull();
            assertThat(parsed.getHostAddress()).isEqualTo(expected);
        }
    }

    @Test
    void randomInputNeverThrowsAndNeverResolvesNames() {
        Random random = new Random(7675);
        String alphabet = "0123456789abcdefABCDEF:.%[]-xyz.local ";
        for (int i = 0; i < 20_000; i++) {
            int n = random.nextInt(24);
            StringBuilder sb = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            InetAddress a = IpLiteral.parse(text);
            if (a != null) {
                // Only literals come back: the text holds no letters beyond hex digits.
                assertThat(text).matches("[0-9a-fA-F:.\\[\\]%]*");
            }
        }
    }
}
