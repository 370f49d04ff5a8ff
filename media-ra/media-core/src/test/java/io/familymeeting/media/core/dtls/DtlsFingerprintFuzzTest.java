package io.familymeeting.media.core.dtls;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random attribute values: parsing either succeeds consistently or throws IllegalArgumentException. */
class DtlsFingerprintFuzzTest {
    private static final String ALPHABET = "0123456789abcdefABCDEFxyz: -\t";

    @Test
    void randomAttributeValuesOnlyThrowIllegalArgument() {
        Random r = new Random(5);
        String[] algorithms = {"sha-1", "sha-256", "SHA-384", "sha-512", "md5", "", "sha-2"};
        String valid = DtlsCertificate.generate().fingerprintHex();
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder v = new StringBuilder(algorithms[r.nextInt(algorithms.length)]).append(' ');
            if (i % 4 == 0) {
                v.append(valid, 0, r.nextInt(valid.length() + 1));  // truncations of a valid value
            } else {
                int n = r.nextInt(120);
                for (int j = 0; j < n; j++) {
                    v.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
            }
            try {
                DtlsFingerprint f = DtlsFingerprint.parseAttributeValue(v.toString());
                assertThat(DtlsFingerprint.parseAttributeValue(f.toAttributeValue())).isEqualTo(f);
                parsed++;
            } catch (IllegalArgumentException expected) {
                // the documented failure
            }
        }
        assertThat(parsed).isPositive();   // full-length truncations of the valid value parse
    }
}
