package io.familymeeting.media.core.dtls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.dtls.DtlsRecordFilter.Verdict;
import io.familymeeting.media.core.testutil.FuzzChecks;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link DtlsRecordFilter}, the check every datagram from a
 * participant's address passes before BouncyCastle sees it. The first input byte picks the
 * association's state (phase, retransmitted flight, negotiated protection), the rest is the
 * datagram, given in an array of exactly its size so a read past it throws. Invariants: the
 * filter never throws; the same bytes at another offset, between foreign bytes, get the same
 * verdict; a datagram it accepts is a sequence of whole records each accepted alone, and after
 * the handshake without a retransmitted flight every accepted record is DTLS 1.2 of epoch 1
 * whose length fits the negotiated protection.
 */
class DtlsRecordFilterFuzzTest {
    private static final int SHIFT = 7;
    private static final RecordProtection[] PROTECTIONS = {
        RecordProtection.UNKNOWN,
        RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false),
        RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false),
        RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false),
        RecordProtection.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, true),
    };

    static Stream<byte[]> datagrams() {
        byte[] issue13 = ForgedRecords.issue13ShortRecord();
        byte[] gcmRecord = ForgedRecords.record(23, 0xFEFD, 1, 7, new byte[40]);
        byte[] alert = ForgedRecords.record(21, 0xFEFD, 0, 3, new byte[] {2, 40});
        byte[] ccs = ForgedRecords.record(20, 0xFEFD, 0, 4, new byte[] {1});
        return Stream.of(withState(0x07, issue13), withState(0x05, gcmRecord), withState(0x00, alert),
                withState(0x03, concat(ccs, gcmRecord)));
    }

    @MethodSource("datagrams")
    @FuzzTest
    void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        DtlsRecordRules rules = rules(input[0] & 0xFF);
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);
        Verdict verdict = DtlsRecordFilter.check(datagram, 0, datagram.length, rules);
        FuzzChecks.check(verdict != null, "no verdict");
        FuzzChecks.same("verdict at another offset", verdict,
                DtlsRecordFilter.check(shifted(datagram), SHIFT, datagram.length, rules));
        if (verdict == Verdict.ACCEPT) {
            recordByRecord(datagram, rules);
        }
    }

    /** Bit 0: handshake done; bit 1: the retransmitted flight accepted; the rest: the protection. */
    private static DtlsRecordRules rules(int state) {
        RecordProtection protection = PROTECTIONS[(state >>> 2) % PROTECTIONS.length];
        return (state & 1) == 0 ? DtlsRecordRules.handshake(protection)
                : DtlsRecordRules.connected(protection, (state & 2) != 0);
    }

    private static void recordByRecord(byte[] datagram, DtlsRecordRules rules) {
        int p = 0;
        while (p < datagram.length) {
            FuzzChecks.check(datagram.length - p >= DtlsRecordFilter.RECORD_HEADER, "accepted a partial header");
            int length = ((datagram[p + 11] & 0xFF) << 8) | (datagram[p + 12] & 0xFF);
            int end = p + DtlsRecordFilter.RECORD_HEADER + length;
            FuzzChecks.check(end <= datagram.length, "accepted a record running past the datagram");
            byte[] one = Arrays.copyOfRange(datagram, p, end);
            FuzzChecks.same("verdict on an accepted datagram's record alone", Verdict.ACCEPT,
                    DtlsRecordFilter.check(one, 0, one.length, rules));
            if (rules.handshakeDone() && !rules.acceptsRetransmittedFlight()) {
                int version = ((one[1] & 0xFF) << 8) | (one[2] & 0xFF);
                int epoch = ((one[3] & 0xFF) << 8) | (one[4] & 0xFF);
                FuzzChecks.same("version after the handshake", DtlsRecordFilter.DTLS_1_2, version);
                FuzzChecks.same("epoch after the handshake", 1, epoch);
                FuzzChecks.check(rules.protection().fits(length), "accepted a record the protection cannot produce");
            }
            p = end;
        }
    }

    private static byte[] shifted(byte[] datagram) {
        byte[] b = new byte[datagram.length + 2 * SHIFT];
        Arrays.fill(b, (byte) 0x17);
        System.arraycopy(datagram, 0, b, SHIFT, datagram.length);
        return b;
    }

    private static byte[] withState(int state, byte[] datagram) {
        return concat(new byte[] {(byte) state}, datagram);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
