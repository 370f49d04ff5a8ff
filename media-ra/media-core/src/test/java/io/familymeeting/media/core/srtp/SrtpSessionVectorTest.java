package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known-answer tests: libSRTP's reference packets (srtp_driver.c srtp_validate /
 * srtp_validate_gcm, master key + salt through the RFC 3711 §4.3 KDF) and RFC 7714 §16.1.1
 * (session key + salt given directly).
 */
class SrtpSessionVectorTest {

    // libSRTP srtp_validate: AES_CM_128_HMAC_SHA1_80, SSRC 0xcafebabe, SEQ 0x1234, ROC 0.
    private static final byte[] CM_MASTER_KEY = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] CM_MASTER_SALT = Hex.bytes("0ec675ad498afeebb6960b3aabe6");
    // libSRTP srtp_validate_gcm: AEAD_AES_128_GCM (16-byte tag).
    private static final byte[] GCM_MASTER_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_MASTER_SALT = Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab");

    private static final String RTP_PLAIN =
            "800f1234 decafbad cafebabe"          // V=2 PT=15 seq=0x1234 ts ssrc=0xcafebabe
            + "abababab abababab abababab abababab"; // 16-byte payload
    private static final String RTCP_PLAIN =
            "81c8000b cafebabe"                   // SR, length 11, sender SSRC 0xcafebabe
            + "abababab abababab abababab abababab";

    private static final String CM_SRTP =
            "800f1234 decafbad cafebabe"
            + "4e55dc4c e79978d8 8ca4d215 949d2402"  // AES-CM ciphertext
            + "b78d6acc 99ea179b 8dbb";              // HMAC-SHA1-80 tag
    private static final String CM_SRTCP =
            "81c8000b cafebabe"
            + "7128035b e487b9bd bef89041 f977a5a8"  // ciphertext
            + "80000001"                             // E=1, SRTCP index 1
            + "993e08cd 54d6c123 0798";              // HMAC-SHA1-80 tag
    private static final String GCM_SRTP =
            "800f1234 decafbad cafebabe"
            + "c5002ede 04cfdd2e b91159e0 880aa06e"  // ciphertext
            + "d2976826 f796b201 df3131a1 27e8a392"; // GCM tag
    private static final String GCM_SRTCP =
            "81c8000b cafebabe"
            + "c98b8b5d f0392a55 852b6c21 ac8e7025"  // ciphertext
            + "c52c6fbe a2b3b446 ea31123b a88ce61e"  // GCM tag
            + "80000001";                            // E=1, SRTCP index 1

    private static SrtpSession session(SrtpProfile profile, byte[] key, byte[] salt) {
        // Same master key both ways: the vectors are one-directional.
        return new SrtpSession(new SrtpMasterKeys(profile, key, salt, key, salt));
    }

    private static byte[] withRoom(byte[] packet, int room) {
        return Arrays.copyOf(packet, packet.length + room);
    }

    @Test
    void aesCmProtectRtpMatchesLibsrtp() {
        SrtpSession s = session(SrtpProfile.AES128_CM_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        byte[] buf = withRoom(Hex.bytes(RTP_PLAIN), 16);
        int len = s.protectRtp(buf, 0, 28);
        assertThat(len).isEqualTo(38);
        assertThat(Hex.string(buf, 0, len)).isEqualTo(CM_SRTP.replace(" ", ""));
    }

    @Test
    void aesCmUnprotectRtpAndRtcpMatchLibsrtp() {
        SrtpSession s = session(SrtpProfile.AES128_CM_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        byte[] rtp = Hex.bytes(CM_SRTP);
        assertThat(s.unprotectRtp(rtp, 0, rtp.length)).isEqualTo(28);
        assertThat(Hex.string(rtp, 0, 28)).isEqualTo(RTP_PLAIN.replace(" ", ""));

        byte[] rtcp = Hex.bytes(CM_SRTCP);
        assertThat(s.unprotectRtcp(rtcp, 0, rtcp.length)).isEqualTo(24);
        assertThat(Hex.string(rtcp, 0, 24)).isEqualTo(RTCP_PLAIN.replace(" ", ""));
    }

    @Test
    void gcmProtectRtpMatchesLibsrtp() {
        SrtpSession s = session(SrtpProfile.AEAD_AES_128_GCM, GCM_MASTER_KEY, GCM_MASTER_SALT);
        byte[] buf = withRoom(Hex.bytes(RTP_PLAIN), 16);
        int len = s.protectRtp(buf, 0, 28);
        assertThat(len).isEqualTo(44);
        assertThat(Hex.string(buf, 0, len)).isEqualTo(GCM_SRTP.replace(" ", ""));
    }

    @Test
    void gcmUnprotectRtpAndRtcpMatchLibsrtp() {
        SrtpSession s = session(SrtpProfile.AEAD_AES_128_GCM, GCM_MASTER_KEY, GCM_MASTER_SALT);
        byte[] rtp = Hex.bytes(GCM_SRTP);
        assertThat(s.unprotectRtp(rtp, 0, rtp.length)).isEqualTo(28);
        assertThat(Hex.string(rtp, 0, 28)).isEqualTo(RTP_PLAIN.replace(" ", ""));

        byte[] rtcp = Hex.bytes(GCM_SRTCP);
        assertThat(s.unprotectRtcp(rtcp, 0, rtcp.length)).isEqualTo(24);
        assertThat(Hex.string(rtcp, 0, 24)).isEqualTo(RTCP_PLAIN.replace(" ", ""));
    }

    @Test
    void packetAtNonZeroOffsetIsProtectedInPlace() {
        SrtpSession s = session(SrtpProfile.AES128_CM_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        byte[] plain = Hex.bytes(RTP_PLAIN);
        byte[] buf = new byte[7 + plain.length + 16];
        System.arraycopy(plain, 0, buf, 7, plain.length);
        int len = s.protectRtp(buf, 7, plain.length);
        assertThat(Hex.string(buf, 7, len)).isEqualTo(CM_SRTP.replace(" ", ""));
        assertThat(buf[0]).isZero();
    }

    /**
     * RFC 7714 §16.1.1: the vector gives the session key and salt (no KDF), so jitsi-srtp's
     * context is re-keyed with them directly; this checks the GCM IV layout (§8.1), the AAD
     * (RTP header) and the tag of the transform our sessions use.
     */
    @Test
    void rfc7714Section16_1_1() throws Exception {
        byte[] sessionKey = Hex.bytes("000102030405060708090a0b0c0d0e0f");
        byte[] sessionSalt = Hex.bytes("517569642070726f2071756f"); // "Quid pro quo"
        byte[] plain = Hex.bytes(
                "8040f17b 8041f8d3 5501a0b2"            // seq 0xf17b, SSRC 0x5501a0b2, ROC 0
                + "47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");
        String expected =
                "8040f17b8041f8d35501a0b2"
                + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
                + "899d7f27beb16a9152cf765ee4390cce";   // 16-byte tag

        SrtpCryptoContext ctx = new SessionKeyedContext(true, SrtpProfile.AEAD_AES_128_GCM, sessionKey, sessionSalt);
        PacketBuffer pkt = new PacketBuffer();
        byte[] buf = withRoom(plain, 16);
        pkt.wrap(buf, 0, plain.length);
        assertThat(ctx.transformPacket(pkt)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(Hex.string(buf, 0, pkt.getLength())).isEqualTo(expected);

        SrtpCryptoContext rx = new SessionKeyedContext(false, SrtpProfile.AEAD_AES_128_GCM, sessionKey, sessionSalt);
        pkt.wrap(buf, 0, buf.length);
        assertThat(rx.reverseTransformPacket(pkt, false)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(Hex.string(buf, 0, pkt.getLength())).isEqualTo(Hex.string(plain, 0, plain.length));
    }

    /** A jitsi-srtp context whose session key / salt are replaced after the KDF ran. */
    private static final class SessionKeyedContext extends SrtpCryptoContext {
        SessionKeyedContext(boolean sender, SrtpProfile profile, byte[] key, byte[] salt) throws Exception {
            super(sender, 0x5501a0b2, 0, new byte[profile.masterKeyLength()], new byte[profile.masterSaltLength()],
                    profile.newPolicy(), new LoggerImpl("test"));
            System.arraycopy(salt, 0, saltKey, 0, salt.length);
            cipher.init(key, saltKey);
            if (cipherAuthOnly != cipher) {
                cipherAuthOnly.init(key, saltKey);
            }
        }
    }
}
