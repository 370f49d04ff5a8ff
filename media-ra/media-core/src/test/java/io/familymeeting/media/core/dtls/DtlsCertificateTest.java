package io.familymeeting.media.core.dtls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine certificate (ECDSA P-256, self-signed) and RFC 8122 §5 fingerprints. */
class DtlsCertificateTest {

    @Test
    void isSelfSignedEcdsaP256() throws Exception {
        DtlsCertificate c = DtlsCertificate.generate();
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.encoded()));
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(x509.getPublicKey().getEncoded()).isNotEmpty();
        x509.verify(x509.getPublicKey());                       // self-signed: verifies with its own key
        x509.checkValidity();
        assertThat(x509.getSubjectX500Principal()).isEqualTo(x509.getIssuerX500Principal());
        assertThat(x509.getSerialNumber().signum()).isPositive();
    }

    @Test
    void sha256FingerprintIsUpperCaseColonHexOfDerDigest() throws Exception {
        DtlsCertificate c = DtlsCertificate.generate();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.encoded());
        StringBuilder expected = new StringBuilder();
        for (byte b : digest) {
            expected.append(expected.length() == 0 ? "" : ":").append(String.format("%02X", b));
        }
        assertThat(c.fingerprintHex()).isEqualTo(expected.toString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(c.fingerprint().toAttributeValue()).isEqualTo("sha-256 " + expected);
        assertThat(c.fingerprint().matches(c.encoded())).isTrue();
    }

    @Test
    void twoCertificatesDiffer() {
        assertThat(DtlsCertificate.generate().fingerprint()).isNotEqualTo(DtlsCertificate.generate().fingerprint());
    }

    @ParameterizedTest
    @CsvSource({"sha-1,20", "SHA-224,28", "sha-256,32", "sha-384,48", "sha-512,64"})
    void fingerprintsWithEachHash(String algorithm, int length) {
        DtlsCertificate c = DtlsCertificate.generate();
        DtlsFingerprint f = c.fingerprint(algorithm);
        assertThat(f.value()).hasSize(length);
        assertThat(f.algorithm()).isEqualTo(algorithm.toLowerCase());
        DtlsFingerprint parsed = DtlsFingerprint.parseAttributeValue(f.toAttributeValue().toLowerCase());
        assertThat(parsed).isEqualTo(f);
        assertThat(parsed.matches(c.encoded())).isTrue();
        assertThat(DtlsFingerprint.anyMatches(List.of(DtlsCertificate.generate().fingerprint(), parsed), c.encoded()))
                .isTrue();
    }

    @Test
    void rejectsBadFingerprints() {
        assertThatThrownBy(() -> DtlsFingerprint.parse("md5", "AB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256", "AB:CD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1", "GG" + ":00".repeat(19)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1", "0" + ":00".repeat(19)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parseAttributeValue("sha-256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DtlsFingerprint.isSupported("sha-384")).isTrue();
        assertThat(DtlsFingerprint.isSupported("md5")).isFalse();
        assertThat(DtlsRole.forLocalSetup("passive")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.forLocalSetup("ACTIVE")).isEqualTo(DtlsRole.CLIENT);
        assertThatThrownBy(() -> DtlsRole.forLocalSetup("actpass")).isInstanceOf(IllegalArgumentException.class);
    }
}
