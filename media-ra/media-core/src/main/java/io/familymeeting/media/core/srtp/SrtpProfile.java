package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles this engine negotiates in DTLS-SRTP, in order of preference.
 * Each profile fixes the master key / salt lengths that the DTLS exporter must produce and the
 * SRTP transform used afterwards. It does not negotiate anything itself (see the DTLS package).
 */
public enum SrtpProfile {
    /**
     * SRTP_AEAD_AES_128_GCM = {0x00, 0x07} (RFC 7714 §14.2): 128-bit key, 96-bit salt,
     * 16-byte GCM tag on both SRTP and SRTCP. About half the CPU of AES-CM + HMAC-SHA1: offered first.
     */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    /**
     * SRTP_AES128_CM_HMAC_SHA1_80 = {0x00, 0x01} (RFC 5764 §4.1.2): 128-bit key, 112-bit salt,
     * 80-bit HMAC-SHA1 tag (RFC 3711 §5.2, auth key 160 bits).
     */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10);

    /** HMAC-SHA1 session authentication key length, n_a = 160 bits (RFC 3711 §8.2). */
    private static final int HMAC_SHA1_AUTH_KEY_LENGTH = 20;

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int tagLength;

    SrtpProfile(int id, int masterKeyLength, int masterSaltLength, int tagLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.tagLength = tagLength;
    }

    /** The two-byte SRTPProtectionProfile value carried in the use_srtp extension (RFC 5764 §4.1.2). */
    public int id() {
        return id;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes the protect step appends to an RTP packet (auth tag or GCM tag). */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes the protect step appends to an RTCP packet: E flag + SRTCP index (4) plus the tag (RFC 3711 §3.4). */
    public int rtcpOverhead() {
        return 4 + tagLength;
    }

    /**
     * Length of the DTLS exporter output: two keys and two salts (RFC 5764 §4.2).
     */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this use_srtp id, or {@code null} if it is not one we support. */
    public static SrtpProfile fromId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** A fresh jitsi-srtp policy for this profile (policies are mutable, so never shared). */
    SrtpPolicy newPolicy() {
        SrtpPolicy policy;
        if (this == AEAD_AES_128_GCM) {
            policy = new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, masterKeyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, masterSaltLength);
        } else {
            policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, masterKeyLength,
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, HMAC_SHA1_AUTH_KEY_LENGTH, tagLength, masterSaltLength);
        }
        // RFC 3711 §3.3.2: replay protection on receive. On send the check is only a
        // self-consistency check and would drop legitimate retransmissions (NACK without RTX).
        policy.setReceiveReplayEnabled(true);
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
