package io.familymeeting.loadtest.net;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class StunTest {
    private final Stun stun = new Stun();
    private final byte[] tid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void aCheckCarriesUseCandidateAValidIntegrityAndFingerprint() throws Exception {
        byte[] out = new byte[512];
        int n = stun.request(out, tid, "srv:cli", "serverpwd".getBytes(StandardCharsets.UTF_8), true, 42, true);
        assertThat(Stun.isStun(out, n)).isTrue();
        assertThat(Stun.type(out)).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(Stun.hasUseCandidate(out, n)).isTrue();
        assertThat(Arrays.copyOfRange(out, 8, 20)).isEqualTo(tid);
        assertValid(out, n, "serverpwd");
        assertThat(new String(out, 24, 7, StandardCharsets.UTF_8)).isEqualTo("srv:cli");
    }

    @Test
    void aSuccessResponseEchoesTheTransactionAndXorsTheAddress() throws Exception {
        byte[] request = new byte[512];
        stun.request(request, tid, "cli:srv", "clientpwd".getBytes(StandardCharsets.UTF_8), false, 1, false);
        assertThat(Stun.hasUseCandidate(request, 200)).isFalse();
        byte[] out = new byte[512];
        int n = stun.success(out, request, new InetSocketAddress("127.0.0.1", 10000), "clientpwd".getBytes(StandardCharsets.UTF_8));
        assertThat(Stun.type(out)).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(Arrays.copyOfRange(out, 8, 20)).isEqualTo(tid);
        // XOR-MAPPED-ADDRESS (RFC 5389 §15.2): port ^ 0x2112, address ^ magic cookie
        assertThat(((out[26] & 0xFF) << 8 | (out[27] & 0xFF)) ^ 0x2112).isEqualTo(10000);
        assertThat((out[28] ^ 0x21) & 0xFF).isEqualTo(127);
        assertValid(out, n, "clientpwd");
    }

    /** RFC 5389 §15.4 / §15.5, computed independently of {@link Stun}. */
    private static void assertValid(byte[] m, int n, String pwd) throws Exception {
        assertThat(((m[2] & 0xFF) << 8 | (m[3] & 0xFF)) + 20).isEqualTo(n);
        int fingerprint = n - 8;
        int integrity = fingerprint - 24;
        byte[] header = Arrays.copyOf(m, integrity);
        int lengthWithIntegrity = integrity + 24 - 20;
        header[2] = (byte) (lengthWithIntegrity >>> 8);
        header[3] = (byte) lengthWithIntegrity;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(pwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(Arrays.copyOfRange(m, integrity + 4, integrity + 24)).isEqualTo(mac.doFinal(header));
        CRC32 crc = new CRC32();
        crc.update(m, 0, fingerprint);
        long expected = crc.getValue() ^ 0x5354554EL;
        long actual = ((m[fingerprint + 4] & 0xFFL) << 24) | ((m[fingerprint + 5] & 0xFFL) << 16)
                | ((m[fingerprint + 6] & 0xFFL) << 8) | (m[fingerprint + 7] & 0xFFL);
        assertThat(actual).isEqualTo(expected);
    }
}
