package io.familymeeting.media.core.srtp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Protect with one end's session, unprotect with the mirrored session; error codes; fuzz. */
class SrtpSessionRoundTripTest {

    private static SrtpMasterKeys keys(SrtpProfile profile, long seed) {
        Random r = new Random(seed);
        byte[] material = new byte[profile.keyingMaterialLength()];
        r.nextBytes(material);
        return SrtpMasterKeys.fromKeyingMaterial(profile, material, false);
    }

    private static byte[] rtp(int seq, int ssrc, int payloadLength, int room) {
        byte[] b = new byte[12 + payloadLength + room];
        b[0] = (byte) 0x80;
        b[1] = (byte) 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[4] = 0x11; b[5] = 0x22; b[6] = 0x33; b[7] = 0x44;
        b[8] = (byte) (ssrc >>> 24); b[9] = (byte) (ssrc >>> 16); b[10] = (byte) (ssrc >>> 8); b[11] = (byte) ssrc;
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (i * 7 + seq);
        }
        return b;
    }

    private static byte[] rtcpReceiverReport(int ssrc, int room) {
        byte[] b = new byte[8 + room];
        b[0] = (byte) 0x80;           // V=2, RC=0
        b[1] = (byte) 201;            // RR
        b[3] = 1;                     // length 1 (two words)
        b[4] = (byte) (ssrc >>> 24); b[5] = (byte) (ssrc >>> 16); b[6] = (byte) (ssrc >>> 8); b[7] = (byte) ssrc;
        return b;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripAcrossSsrcsAndRollover(SrtpProfile profile) {
        SrtpMasterKeys k = keys(profile, 1);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        int[] ssrcs = {0x01020304, 0xCAFEBABE, 7};
        for (int ssrc : ssrcs) {
            for (int seq = 65530; seq < 65545; seq++) {   // crosses the 16-bit wrap (ROC 0 -> 1)
                byte[] plain = rtp(seq & 0xFFFF, ssrc, 100, 0);
                byte[] buf = Arrays.copyOf(plain, plain.length + 16);
                int protectedLen = sender.protectRtp(buf, 0, plain.length);
                assertThat(protectedLen).isEqualTo(plain.length + profile.rtpOverhead());
                assertThat(Arrays.copyOfRange(buf, 12, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
                int len = receiver.unprotectRtp(buf, 0, protectedLen);
                assertThat(len).isEqualTo(plain.length);
                assertThat(Arrays.copyOf(buf, len)).isEqualTo(plain);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTrip(SrtpProfile profile) {
        SrtpMasterKeys k = keys(profile, 2);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        for (int i = 0; i < 5; i++) {
            byte[] plain = rtcpReceiverReport(0x55667788, 0);
            byte[] buf = Arrays.copyOf(plain, plain.length + 20);
            int protectedLen = sender.protectRtcp(buf, 0, plain.length);
            assertThat(protectedLen).isEqualTo(plain.length + profile.rtcpOverhead());
            assertThat(receiver.unprotectRtcp(buf, 0, protectedLen)).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketFailsAuthentication(SrtpProfile profile) {
        SrtpMasterKeys k = keys(profile, 3);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        byte[] buf = rtp(10, 42, 50, 16);
        int len = sender.protectRtp(buf, 0, 62);
        byte[] good = buf.clone();
        buf[20] ^= 0x01;                                   // flip one payload bit
        assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(SrtpStatus.AUTH_FAILED);
        byte[] header = good.clone();
        header[4] ^= 0x01;                                 // flip a timestamp bit (authenticated header)
        assertThat(receiver.unprotectRtp(header, 0, len)).isEqualTo(SrtpStatus.AUTH_FAILED);
        // The untouched packet is still accepted afterwards (failures do not poison state).
        assertThat(receiver.unprotectRtp(good, 0, len)).isEqualTo(62);

        byte[] rtcp = rtcpReceiverReport(42, 20);
        int rlen = sender.protectRtcp(rtcp, 0, 8);
        rtcp[rlen - 1] ^= 0x40;                            // corrupt the tag
        assertThat(receiver.unprotectRtcp(rtcp, 0, rlen)).isEqualTo(SrtpStatus.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketIsRejected(SrtpProfile profile) {
        SrtpMasterKeys k = keys(profile, 4);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        byte[] first = rtp(100, 9, 20, 16);
        int len = sender.protectRtp(first, 0, 32);
        byte[] copy = first.clone();
        assertThat(receiver.unprotectRtp(first, 0, len)).isEqualTo(32);
        assertThat(receiver.unprotectRtp(copy, 0, len)).isEqualTo(SrtpStatus.REPLAY);

        // Out of order inside the window is fine; older than the 64-packet window is not.
        byte[] late = rtp(99, 9, 20, 16);
        int lateLen = sender.protectRtp(late, 0, 32);
        byte[] veryLate = rtp(1, 9, 20, 16);
        int veryLateLen = sender.protectRtp(veryLate, 0, 32);
        byte[] ahead = rtp(200, 9, 20, 16);
        int aheadLen = sender.protectRtp(ahead, 0, 32);
        byte[] inWindow = rtp(190, 9, 20, 16);
        int inWindowLen = sender.protectRtp(inWindow, 0, 32);
        assertThat(receiver.unprotectRtp(ahead, 0, aheadLen)).isEqualTo(32);
        assertThat(receiver.unprotectRtp(inWindow, 0, inWindowLen)).isEqualTo(32);
        assertThat(receiver.unprotectRtp(late, 0, lateLen)).isEqualTo(SrtpStatus.REPLAY);
        assertThat(receiver.unprotectRtp(veryLate, 0, veryLateLen)).isEqualTo(SrtpStatus.REPLAY);

        byte[] rtcp = rtcpReceiverReport(9, 20);
        int rlen = sender.protectRtcp(rtcp, 0, 8);
        byte[] rtcpCopy = rtcp.clone();
        assertThat(receiver.unprotectRtcp(rtcp, 0, rlen)).isEqualTo(8);
        assertThat(receiver.unprotectRtcp(rtcpCopy, 0, rlen)).isEqualTo(SrtpStatus.REPLAY);
    }

    @Test
    void wrongKeysFailAndAreNotCached() {
        SrtpSession sender = new SrtpSession(keys(SrtpProfile.AEAD_AES_128_GCM, 5));
        SrtpSession stranger = new SrtpSession(keys(SrtpProfile.AEAD_AES_128_GCM, 6).mirrored(), 1);
        byte[] buf = rtp(1, 77, 30, 16);
        int len = sender.protectRtp(buf, 0, 42);
        assertThat(stranger.unprotectRtp(buf, 0, len)).isEqualTo(SrtpStatus.AUTH_FAILED);
        // The forged SSRC did not take the only slot: a different SSRC still gets a context.
        byte[] other = rtp(1, 78, 30, 16);
        int olen = sender.protectRtp(other, 0, 42);
        assertThat(stranger.unprotectRtp(other, 0, olen)).isEqualTo(SrtpStatus.AUTH_FAILED);
    }

    @Test
    void ssrcCapIsEnforced() {
        SrtpSession s = new SrtpSession(keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 7), 2);
        assertThat(s.protectRtp(rtp(1, 1, 10, 16), 0, 22)).isPositive();
        assertThat(s.protectRtp(rtp(1, 2, 10, 16), 0, 22)).isPositive();
        assertThat(s.protectRtp(rtp(1, 3, 10, 16), 0, 22)).isEqualTo(SrtpStatus.TOO_MANY_SSRCS);
        assertThat(s.protectRtp(rtp(2, 1, 10, 16), 0, 22)).isPositive();
    }

    @Test
    void errorCodesForBadInput() {
        SrtpSession s = new SrtpSession(keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 8));
        assertThat(s.protectRtp(rtp(1, 1, 10, 9), 0, 22)).isEqualTo(SrtpStatus.NO_ROOM);
        assertThat(s.protectRtcp(rtcpReceiverReport(1, 13), 0, 8)).isEqualTo(SrtpStatus.NO_ROOM);
        byte[] v1 = rtp(1, 1, 10, 16);
        v1[0] = 0x40;
        assertThat(s.protectRtp(v1, 0, 22)).isEqualTo(SrtpStatus.MALFORMED);
        byte[] csrcs = rtp(1, 1, 10, 16);
        csrcs[0] = (byte) 0x8F;                              // 15 CSRCs claimed, packet too short
        assertThat(s.protectRtp(csrcs, 0, 22)).isEqualTo(SrtpStatus.MALFORMED);
        assertThat(s.unprotectRtp(new byte[11], 0, 11)).isEqualTo(SrtpStatus.MALFORMED);
        assertThat(s.unprotectRtcp(new byte[30], 0, 30)).isEqualTo(SrtpStatus.MALFORMED);
        s.close();
        assertThat(s.protectRtp(rtp(1, 1, 10, 16), 0, 22)).isEqualTo(SrtpStatus.CLOSED);
        assertThat(SrtpStatus.describe(SrtpStatus.REPLAY)).isEqualTo("replay");
    }

    @Test
    void headerExtensionStaysInClearAndRoundTrips() {
        SrtpMasterKeys k = keys(SrtpProfile.AEAD_AES_128_GCM, 9);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        byte[] plain = new byte[12 + 8 + 20];
        System.arraycopy(rtp(5, 5, 0, 0), 0, plain, 0, 12);
        plain[0] = (byte) 0x90;                               // X=1
        plain[12] = (byte) 0xBE; plain[13] = (byte) 0xDE; plain[15] = 1; // one-byte header ext, 1 word
        plain[16] = 0x10; plain[17] = 0x7F;
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int len = sender.protectRtp(buf, 0, plain.length);
        assertThat(Arrays.copyOf(buf, 20)).isEqualTo(Arrays.copyOf(plain, 20));
        assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    /** Random and truncated input never throws and never reports success for garbage. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void fuzzUnprotectNeverThrows(SrtpProfile profile) {
        SrtpMasterKeys k = keys(profile, 10);
        SrtpSession sender = new SrtpSession(k);
        SrtpSession receiver = new SrtpSession(k.mirrored());
        Random r = new Random(11);
        byte[] valid = rtp(1000, 1234, 80, 16);
        int validLen = sender.protectRtp(valid, 0, 92);
        for (int i = 0; i < 3000; i++) {
            byte[] buf;
            int len;
            if (i % 3 == 0) {
                len = r.nextInt(validLen + 1);
                buf = Arrays.copyOf(valid, validLen + 20);     // truncation of a valid packet
            } else {
                len = r.nextInt(200);
                buf = new byte[len + 20];
                r.nextBytes(buf);
                if (i % 2 == 0 && len > 0) {
                    buf[0] = (byte) (0x80 | (buf[0] & 0x3F));  // mostly "valid" version
                }
            }
            int rtpResult = receiver.unprotectRtp(buf.clone(), 0, len);
            int rtcpResult = receiver.unprotectRtcp(buf.clone(), 0, len);
            if (len != validLen) {
                assertThat(rtpResult).isNegative();
            }
            assertThat(rtcpResult).isNegative();
            assertThat(sender.protectRtp(buf.clone(), 0, len)).isGreaterThanOrEqualTo(SrtpStatus.CLOSED);
            assertThat(sender.protectRtcp(buf.clone(), 0, len)).isGreaterThanOrEqualTo(SrtpStatus.CLOSED);
        }
    }
}
