package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.util.List;

/**
 * What the DTLS-SRTP server and client peers share: our credentials, the peer-certificate
 * fingerprint check (RFC 8122 §5, RFC 5763 §5), use_srtp profile lists (RFC 5764 §4.1.2),
 * the keying-material export (RFC 5764 §4.2) and the outcome of one handshake. One instance
 * per handshake; written by the handshake thread, read after it finished.
 */
final class DtlsSrtpHandshake {
    /** ECDHE with our ECDSA P-256 certificate: all a server with this identity can select. */
    static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };
    /** As a client the peer's certificate type decides; also accept an RSA-certified server. */
    static final int[] CLIENT_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };
    /** ecdsa_secp256r1_sha256: how we sign with our P-256 key. */
    static final SignatureAndHashAlgorithm OUR_SIGNATURE =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final List<DtlsFingerprint> remoteFingerprints;
    private final List<SrtpProfile> profiles;
    private final int handshakeTimeoutMillis;

    private volatile SrtpProfile selectedProfile;
    private volatile byte[] keyingMaterial;
    private volatile String alertReason;
    /** Lengths of protected records, known once the cipher suite is chosen (read by the receive thread). */
    private volatile RecordProtection protection = RecordProtection.UNKNOWN;

    DtlsSrtpHandshake(BcTlsCrypto crypto, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
                      DtlsOptions options) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprints = List.copyOf(remoteFingerprints);
        this.profiles = options.srtpProfiles();
        this.handshakeTimeoutMillis = options.handshakeTimeoutMillis();
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    int handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    TlsCredentialedSigner credentials(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), certificate.tlsCertificate(crypto), OUR_SIGNATURE);
    }

    /**
     * RFC 5763 §5: the peer's end-entity certificate must match one of the fingerprints from its
     * SDP; anything else (no certificate, no match) aborts the handshake with bad_certificate.
     */
    void verifyPeerCertificate(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = peer.getCertificateAt(0).getEncoded();
        if (!DtlsFingerprint.anyMatches(remoteFingerprints, der)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                    "peer certificate does not match the SDP fingerprint");
        }
    }

    /** Our offer: profile ids in preference order, no MKI. */
    UseSRTPData offer() {
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).id();
        }
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /** Server side: our most preferred profile that the client offered (RFC 5764 §4.1.1). */
    SrtpProfile choose(UseSRTPData clientOffer) throws IOException {
        if (clientOffer == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        if (clientOffer.getMki() != null && clientOffer.getMki().length > 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "SRTP MKI is not supported");
        }
        for (SrtpProfile p : profiles) {
            for (int offered : clientOffer.getProtectionProfiles()) {
                if (offered == p.id()) {
                    selectedProfile = p;
                    return p;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    /** Client side: the server must pick exactly one of the profiles we offered. */
    void acceptServerChoice(UseSRTPData serverChoice) throws IOException {
        if (serverChoice == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "server did not answer use_srtp");
        }
        int[] chosen = serverChoice.getProtectionProfiles();
        if (chosen.length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must select one SRTP profile");
        }
        for (SrtpProfile p : profiles) {
            if (p.id() == chosen[0]) {
                selectedProfile = p;
                return;
            }
        }
        throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected an SRTP profile we did not offer");
    }

    /** RFC 5764 §4.2: the SRTP master keys and salts from the "EXTRACTOR-dtls_srtp" exporter. */
    void exportKeyingMaterial(TlsContext context) {
        SrtpProfile p = selectedProfile;
        if (p == null) {
            throw new IllegalStateException("handshake completed without an SRTP profile");
        }
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, p.keyingMaterialLength());
    }

    /**
     * The cipher suite (and encrypt_then_mac, RFC 7366) is chosen: from now on protected records
     * must fit it ({@link DtlsRecordFilter}).
     */
    void cipherSuiteChosen(int cipherSuite, boolean encryptThenMac) {
        protection = RecordProtection.of(cipherSuite, encryptThenMac);
    }

    RecordProtection protection() {
        return protection;
    }

    void alertRaised(short level, short description, String message) {
        if (level == AlertLevel.fatal && alertReason == null) {
            alertReason = "sent " + AlertDescription.getText(description) + (message != null ? ": " + message : "");
        }
    }

    void alertReceived(short level, short description) {
        if (level == AlertLevel.fatal && alertReason == null) {
            alertReason = "peer sent " + AlertDescription.getText(description);
        }
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    byte[] keyingMaterial() {
        return keyingMaterial;
    }

    String alertReason() {
        return alertReason;
    }
}
