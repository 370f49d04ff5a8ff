package io.familymeeting.media.core.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The master keys and salts of one SRTP session, split into what we use to send ("local")
 * and what we use to receive ("remote"). Built from the DTLS exporter output; does not run
 * the exporter itself.
 */
public final class SrtpMasterKeys {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    public SrtpMasterKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt,
                          byte[] remoteKey, byte[] remoteSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.localKey = check(localKey, profile.masterKeyLength(), "localKey");
        this.localSalt = check(localSalt, profile.masterSaltLength(), "localSalt");
        this.remoteKey = check(remoteKey, profile.masterKeyLength(), "remoteKey");
        this.remoteSalt = check(remoteSalt, profile.masterSaltLength(), "remoteSalt");
    }

    /**
     * Splits the exporter output "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2):
     * {@code client_write_SRTP_master_key | server_write_SRTP_master_key |
     *  client_write_SRTP_master_salt | server_write_SRTP_master_salt}.
     * The DTLS client sends with the client keys; the server with the server keys.
     *
     * @param weAreDtlsClient whether the local side was the DTLS client
     */
    public static SrtpMasterKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean weAreDtlsClient) {
        Objects.requireNonNull(material, "material");
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength()
                    + " bytes for " + profile + ", got " + material.length);
        }
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return weAreDtlsClient
                ? new SrtpMasterKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpMasterKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /** The same keys seen from the other end (what the peer sends with, we receive with). */
    public SrtpMasterKeys mirrored() {
        return new SrtpMasterKeys(profile, remoteKey, remoteSalt, localKey, localSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] localKey() {
        return localKey.clone();
    }

    public byte[] localSalt() {
        return localSalt.clone();
    }

    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    /** Overwrites the key bytes held here (the SRTP contexts keep their own derived session keys). */
    public void destroy() {
        Arrays.fill(localKey, (byte) 0);
        Arrays.fill(localSalt, (byte) 0);
        Arrays.fill(remoteKey, (byte) 0);
        Arrays.fill(remoteSalt, (byte) 0);
    }

    private static byte[] check(byte[] b, int len, String name) {
        Objects.requireNonNull(b, name);
        if (b.length != len) {
            throw new IllegalArgumentException(name + " must be " + len + " bytes, got " + b.length);
        }
        return b.clone();
    }

    @Override
    public String toString() {
        return "SrtpMasterKeys[" + profile + "]"; // never print keys
    }
}
