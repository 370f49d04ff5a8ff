package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.dtls.DtlsRecordFilter.Verdict;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Table of datagrams and the verdict of {@link DtlsRecordFilter} under each association state. */
class DtlsRecordFilterTest {
    static final RecordProtection GCM = RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false);
    static final RecordProtection CHACHA =
            RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false);
    static final RecordProtection CBC = RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false);
    static final RecordProtection CBC_ETM = RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, true);

    static final DtlsRecordRules HANDSHAKE = DtlsRecordRules.handshake(RecordProtection.UNKNOWN);
    static final DtlsRecordRules HANDSHAKE_GCM = DtlsRecordRules.handshake(GCM);
    static final DtlsRecordRules SERVER_GCM = DtlsRecordRules.connected(GCM, true);
    static final DtlsRecordRules CLIENT_GCM = DtlsRecordRules.connected(GCM, false);

    static final int CCS = 20, ALERT = 21, HS = 22, APP = 23;
    static final int V12 = 0xFEFD, V10 = 0xFEFF;

    /** One record: 13-byte header (RFC 6347 §4.1) and the body. */
    static byte[] record(int type, int version, int epoch, byte[] body) {
        byte[] r = new byte[13 + body.length];
        r[0] = (byte) type;
        r[1] = (byte) (version >> 8);
        r[2] = (byte) version;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        r[10] = 7;                                   // sequence number 7
        r[11] = (byte) (body.length >> 8);
        r[12] = (byte) body.length;
        System.arraycopy(body, 0, r, 13, body.length);
        return r;
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A handshake fragment (RFC 6347 §4.2.2) carrying {@code fragmentLength} bytes of the message. */
    static byte[] fragment(int msgType, int messageLength, int fragmentOffset, int fragmentLength) {
        byte[] f = new byte[12 + fragmentLength];
        f[0] = (byte) msgType;
        put24(f, 1, messageLength);
        put24(f, 6, fragmentOffset);
        put24(f, 9, fragmentLength);
        return f;
    }

    static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 16);
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) v;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> table() {
        byte[] certificate = fragment(11, 300, 0, 300);
        return Stream.of(
                // issue 13: 14 bytes, application data, epoch 1, a 1-byte body (GCM needs nonce + tag: 24)
                Arguments.of("short record of issue 13", record(APP, V12, 1, bytes(1)), SERVER_GCM, Verdict.LENGTH),
                Arguments.of("GCM: 23 bytes", record(APP, V12, 1, bytes(23)), SERVER_GCM, Verdict.LENGTH),
                Arguments.of("GCM: nonce + tag", record(APP, V12, 1, bytes(24)), SERVER_GCM, Verdict.ACCEPT),
                Arguments.of("GCM: an alert (2 + 24)", record(ALERT, V12, 1, bytes(26)), CLIENT_GCM, Verdict.ACCEPT),
                Arguments.of("GCM: a short alert", record(ALERT, V12, 1, bytes(2)), CLIENT_GCM, Verdict.LENGTH),
                Arguments.of("ChaCha20: 15 bytes", record(APP, V12, 1, bytes(15)),
                        DtlsRecordRules.connected(CHACHA, true), Verdict.LENGTH),
                Arguments.of("ChaCha20: tag only", record(APP, V12, 1, bytes(16)),
                        DtlsRecordRules.connected(CHACHA, true), Verdict.ACCEPT),
                Arguments.of("CBC: 47 bytes", record(APP, V12, 1, bytes(47)),
                        DtlsRecordRules.connected(CBC, true), Verdict.LENGTH),
                Arguments.of("CBC: IV + 2 blocks", record(APP, V12, 1, bytes(48)),
                        DtlsRecordRules.connected(CBC, true), Verdict.ACCEPT),
                Arguments.of("CBC: not whole blocks", record(APP, V12, 1, bytes(50)),
                        DtlsRecordRules.connected(CBC, true), Verdict.LENGTH),
                Arguments.of("CBC encrypt_then_mac: 51", record(APP, V12, 1, bytes(51)),
                        DtlsRecordRules.connected(CBC_ETM, true), Verdict.LENGTH),
                Arguments.of("CBC encrypt_then_mac: IV + block + MAC", record(APP, V12, 1, bytes(52)),
                        DtlsRecordRules.connected(CBC_ETM, true), Verdict.ACCEPT),
                Arguments.of("CBC encrypt_then_mac: 53", record(APP, V12, 1, bytes(53)),
                        DtlsRecordRules.connected(CBC_ETM, true), Verdict.LENGTH),
                Arguments.of("suite not chosen yet: 15", record(HS, V12, 1, bytes(15)), HANDSHAKE, Verdict.LENGTH),
                Arguments.of("suite not chosen yet: 16", record(HS, V12, 1, bytes(16)), HANDSHAKE, Verdict.ACCEPT),
                Arguments.of("suite chosen during the handshake", record(HS, V12, 1, bytes(16)), HANDSHAKE_GCM,
                        Verdict.LENGTH),
                Arguments.of("huge protected record", record(APP, V12, 1, bytes(16384 + 2049)), SERVER_GCM,
                        Verdict.LENGTH),
                // epochs
                Arguments.of("epoch 2", record(APP, V12, 2, bytes(40)), SERVER_GCM, Verdict.EPOCH),
                Arguments.of("epoch 65535", record(APP, V12, 0xFFFF, bytes(40)), HANDSHAKE, Verdict.EPOCH),
                Arguments.of("epoch-0 fatal alert after the handshake", record(ALERT, V12, 0, new byte[] {2, 40}),
                        SERVER_GCM, Verdict.EPOCH),
                Arguments.of("epoch-0 fatal alert during the handshake", record(ALERT, V12, 0, new byte[] {2, 40}),
                        HANDSHAKE, Verdict.ACCEPT),
                Arguments.of("epoch-0 alert of 3 bytes", record(ALERT, V12, 0, new byte[] {2, 40, 0}), HANDSHAKE,
                        Verdict.LENGTH),
                Arguments.of("epoch-0 alert of level 3", record(ALERT, V12, 0, new byte[] {3, 40}), HANDSHAKE,
                        Verdict.LENGTH),
                Arguments.of("epoch-0 application data", record(APP, V12, 0, bytes(40)), HANDSHAKE, Verdict.EPOCH),
                Arguments.of("change_cipher_spec", record(CCS, V12, 0, new byte[] {1}), HANDSHAKE, Verdict.ACCEPT),
                Arguments.of("change_cipher_spec of value 2", record(CCS, V12, 0, new byte[] {2}), HANDSHAKE,
                        Verdict.LENGTH),
                Arguments.of("change_cipher_spec of 2 bytes", record(CCS, V12, 0, new byte[] {1, 1}), HANDSHAKE,
                        Verdict.LENGTH),
                Arguments.of("change_cipher_spec in epoch 1", record(CCS, V12, 1, bytes(24)), SERVER_GCM,
                        Verdict.EPOCH),
                Arguments.of("retransmitted flight to the server", concat(record(HS, V12, 0, certificate),
                        record(CCS, V12, 0, new byte[] {1}), record(HS, V12, 1, bytes(40))), SERVER_GCM,
                        Verdict.ACCEPT),
                Arguments.of("epoch-0 handshake to the client", record(HS, V12, 0, certificate), CLIENT_GCM,
                        Verdict.EPOCH),
                Arguments.of("epoch-0 change_cipher_spec to the client", record(CCS, V12, 0, new byte[] {1}),
                        CLIENT_GCM, Verdict.EPOCH),
                // versions and content types
                Arguments.of("DTLS 1.0 ClientHello", record(HS, V10, 0, fragment(1, 200, 0, 200)), HANDSHAKE,
                        Verdict.ACCEPT),
                Arguments.of("DTLS 1.0 after the handshake", record(APP, V10, 1, bytes(40)), SERVER_GCM,
                        Verdict.VERSION),
                Arguments.of("TLS 1.2 version", record(APP, 0x0303, 1, bytes(40)), SERVER_GCM, Verdict.VERSION),
                Arguments.of("DTLS 1.3 version number", record(APP, 0xFEFC, 1, bytes(40)), SERVER_GCM,
                        Verdict.VERSION),
                Arguments.of("heartbeat", record(24, V12, 1, bytes(40)), SERVER_GCM, Verdict.CONTENT_TYPE),
                Arguments.of("tls12_cid", record(25, V12, 1, bytes(40)), SERVER_GCM, Verdict.CONTENT_TYPE),
                Arguments.of("DTLS 1.3 unified header byte", record(0x2F, V12, 1, bytes(40)), SERVER_GCM,
                        Verdict.CONTENT_TYPE),
                // framing
                Arguments.of("12 bytes", bytes(12), SERVER_GCM, Verdict.TRUNCATED),
                Arguments.of("length past the end", java.util.Arrays.copyOf(record(APP, V12, 1, bytes(40)), 40),
                        SERVER_GCM, Verdict.TRUNCATED),
                Arguments.of("second record cut short", concat(record(APP, V12, 1, bytes(40)),
                        java.util.Arrays.copyOf(record(APP, V12, 1, bytes(40)), 20)), SERVER_GCM, Verdict.TRUNCATED),
                Arguments.of("5 stray bytes after a record", concat(record(APP, V12, 1, bytes(40)), bytes(5)),
                        SERVER_GCM, Verdict.TRUNCATED),
                Arguments.of("a good and a bad record", concat(record(APP, V12, 1, bytes(40)),
                        record(APP, V12, 1, bytes(3))), SERVER_GCM, Verdict.LENGTH),
                Arguments.of("CCS and Finished in one datagram", concat(record(CCS, V12, 0, new byte[] {1}),
                        record(HS, V12, 1, bytes(40))), HANDSHAKE_GCM, Verdict.ACCEPT),
                // handshake fragments in epoch 0
                Arguments.of("two fragments in one record", record(HS, V12, 0,
                        concat(fragment(11, 300, 0, 100), fragment(11, 300, 100, 200))), HANDSHAKE, Verdict.ACCEPT),
                Arguments.of("empty message (server_hello_done)", record(HS, V12, 0, fragment(14, 0, 0, 0)),
                        HANDSHAKE, Verdict.ACCEPT),
                Arguments.of("16 MiB message", record(HS, V12, 0, fragment(11, 0xFFFFFF, 0, 10)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("fragment past its message", record(HS, V12, 0, fragment(11, 100, 90, 20)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("fragment longer than the record", record(HS, V12, 0,
                        java.util.Arrays.copyOf(fragment(11, 300, 0, 300), 100)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("Finished in epoch 0", record(HS, V12, 0, fragment(20, 12, 0, 12)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("unknown handshake type", record(HS, V12, 0, fragment(99, 12, 0, 12)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("body shorter than a fragment header", record(HS, V12, 0, bytes(11)), HANDSHAKE,
                        Verdict.HANDSHAKE_FRAGMENT),
                Arguments.of("3 stray bytes after a fragment", record(HS, V12, 0,
                        concat(fragment(11, 300, 0, 100), bytes(3))), HANDSHAKE, Verdict.HANDSHAKE_FRAGMENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void verdicts(String what, byte[] datagram, DtlsRecordRules rules, Verdict expected) {
        assertThat(DtlsRecordFilter.check(datagram, 0, datagram.length, rules)).as(what).isEqualTo(expected);
        // The same datagram in the middle of a larger buffer.
        byte[] padded = concat(bytes(7), datagram, bytes(9));
        assertThat(DtlsRecordFilter.check(padded, 7, datagram.length, rules)).as(what + " at an offset")
                .isEqualTo(expected);
    }

    @Test
    void argumentsOutOfRangeAreTruncatedNotThrown() {
        byte[] good = record(APP, V12, 1, bytes(40));
        assertThat(DtlsRecordFilter.check(null, 0, 53, SERVER_GCM)).isEqualTo(Verdict.TRUNCATED);
        assertThat(DtlsRecordFilter.check(good, -1, good.length, SERVER_GCM)).isEqualTo(Verdict.TRUNCATED);
        assertThat(DtlsRecordFilter.check(good, 1, good.length, SERVER_GCM)).isEqualTo(Verdict.TRUNCATED);
        assertThat(DtlsRecordFilter.check(good, 0, -5, SERVER_GCM)).isEqualTo(Verdict.TRUNCATED);
        assertThat(DtlsRecordFilter.check(good, 0, good.length, null)).isEqualTo(Verdict.TRUNCATED);
        assertThat(DtlsRecordFilter.check(good, 0, good.length, SERVER_GCM)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(13);
        DtlsRecordRules[] all = {HANDSHAKE, HANDSHAKE_GCM, SERVER_GCM, CLIENT_GCM,
                DtlsRecordRules.connected(CBC, true), DtlsRecordRules.connected(CBC_ETM, false)};
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (20 + r.nextInt(4));       // mostly plausible content types
            }
            if (b.length > 4 && r.nextBoolean()) {
                b[1] = (byte) 0xFE;
                b[2] = (byte) 0xFD;
                b[3] = 0;
                b[4] = (byte) r.nextInt(2);
            }
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            if (DtlsRecordFilter.check(b, off, b.length - off, all[i % all.length]) == Verdict.ACCEPT) {
                accepted++;
            }
        }
        assertThat(accepted).as("random datagrams that happen to be well formed").isLessThan(20_000);
    }

    @Test
    void protectionOfTheSuitesThisServerNegotiates() {
        assertThat(GCM.minLength()).isEqualTo(24);
        assertThat(RecordProtection.of(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false).minLength())
                .isEqualTo(24);
        assertThat(CHACHA.minLength()).isEqualTo(16);
        assertThat(CBC).isEqualTo(new RecordProtection("aes-cbc", 48, 16, 0));
        assertThat(CBC_ETM).isEqualTo(new RecordProtection("aes-cbc-etm", 52, 16, 20));
        assertThat(RecordProtection.of(0xFFFF, false)).isSameAs(RecordProtection.UNKNOWN);
        for (int suite : DtlsSrtpHandshake.CLIENT_SUITES) {
            assertThat(RecordProtection.of(suite, false)).as("suite %04x", suite).isNotSameAs(RecordProtection.UNKNOWN);
        }
    }
}
