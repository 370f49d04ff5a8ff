package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.ice.StunIntegrity.Result;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;

import static org.assertj.core.api.Assertions.assertThat;

/** MESSAGE-INTEGRITY checks against RFC 5769's sample request and tampered copies of it. */
class StunIntegrityTest {
    /** RFC 5769 §2.1: sample request, password "VOkJxbRl1RmTxUk/WvJxBt". */
    private static final byte[] SAMPLE = Hex.bytes("""
            00 01 00 58   # Binding request, message length 88
            21 12 a4 42   # magic cookie
            b7 e7 a7 01 bc 34 d6 86 fa 87 df ae   # transaction id
            80 22 00 10   # SOFTWARE, 16 bytes: "STUN test client"
            53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04   # PRIORITY
            6e 00 01 ff
            80 29 00 08   # ICE-CONTROLLED
            93 2f f9 b1 51 26 3b 36
            00 06 00 09   # USERNAME "evtj:h6vY" and 3 bytes of padding
            65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14   # MESSAGE-INTEGRITY
            9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04   # FINGERPRINT
            e5 7a 3b cf
            """);
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII);

    private static Mac mac() throws Exception {
        return Mac.getInstance("HmacSHA1");
    }

    @Test
    void rfc5769SampleRequestVerifies() throws Exception {
        assertThat(SAMPLE).hasSize(108);
        assertThat(StunIntegrity.check(SAMPLE, 0, SAMPLE.length, mac(), PASSWORD)).isEqualTo(Result.VALID);
        byte[] padded = new byte[SAMPLE.length + 10];
        System.arraycopy(SAMPLE, 0, padded, 5, SAMPLE.length);
        assertThat(StunIntegrity.check(padded, 5, SAMPLE.length, mac(), PASSWORD)).isEqualTo(Result.VALID);
    }

    @Test
    void anotherPasswordOrAnyChangedByteFails() throws Exception {
        Mac mac = mac();
        assertThat(StunIntegrity.check(SAMPLE, 0, SAMPLE.length, mac, "VOkJxbRl1RmTxUk/WvJxBu".getBytes(
                StandardCharsets.US_ASCII))).isEqualTo(Result.WRONG);
        // Every byte covered by the HMAC (header, attributes before it, the HMAC itself); not FINGERPRINT.
        for (int i = 0; i < SAMPLE.length - 8; i++) {
            byte[] t = SAMPLE.clone();
            t[i] ^= 0x01;
            assertThat(StunIntegrity.check(t, 0, t.length, mac, PASSWORD)).as("byte %d changed", i)
                    .isNotEqualTo(Result.VALID);
        }
    }

    @Test
    void withoutIntegrityOrMalformed() throws Exception {
        Mac mac = mac();
        // Cut before MESSAGE-INTEGRITY, with the length field fixed: no integrity at all.
        byte[] cut = Arrays.copyOf(SAMPLE, 20 + 20 + 8 + 12 + 16);
        cut[3] = (byte) (cut.length - 20);
        assertThat(StunIntegrity.check(cut, 0, cut.length, mac, PASSWORD)).isEqualTo(Result.MISSING);
        assertThat(StunIntegrity.check(SAMPLE, 0, 60, mac, PASSWORD)).as("length past the end").isEqualTo(Result.MALFORMED);
        assertThat(StunIntegrity.check(SAMPLE, 0, 19, mac, PASSWORD)).isEqualTo(Result.MALFORMED);
        assertThat(StunIntegrity.check(null, 0, 100, mac, PASSWORD)).isEqualTo(Result.MALFORMED);
        assertThat(StunIntegrity.check(SAMPLE, 100, 20, mac, PASSWORD)).isEqualTo(Result.MALFORMED);
        assertThat(StunIntegrity.check(SAMPLE, 0, SAMPLE.length, mac, new byte[0])).isEqualTo(Result.MALFORMED);
        byte[] noCookie = SAMPLE.clone();
        noCookie[4] = 0;
        assertThat(StunIntegrity.check(noCookie, 0, noCookie.length, mac, PASSWORD)).isEqualTo(Result.MALFORMED);
        byte[] shortIntegrity = SAMPLE.clone();
        shortIntegrity[20 + 20 + 8 + 12 + 16 + 3] = 0x10;  // MESSAGE-INTEGRITY of 16 bytes
        assertThat(StunIntegrity.check(shortIntegrity, 0, shortIntegrity.length, mac, PASSWORD))
                .isEqualTo(Result.MALFORMED);
    }

    @Test
    void requestsBuiltLikeABrowserVerify() throws Exception {
        byte[] id = new byte[12];
        new Random(5).nextBytes(id);
        byte[] request = StunRequests.bindingRequest("srv1:cli2", "abcdefghijklmnopqrstuv", id, true);
        assertThat(StunIntegrity.check(request, 0, request.length, mac(),
                "abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Result.VALID);
        assertThat(StunRequests.messageType(request, request.length)).isEqualTo(0x0001);
    }

    @Test
    void randomBytesNeverThrow() throws Exception {
        Mac mac = mac();
        Random r = new Random(9);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            if (b.length >= 8) {
                b[0] = 0;
                b[4] = 0x21;
                b[5] = 0x12;
                b[6] = (byte) 0xA4;
                b[7] = 0x42;
            }
            assertThat(StunIntegrity.check(b, 0, b.length, mac, PASSWORD)).isNotEqualTo(Result.VALID);
        }
    }
}
