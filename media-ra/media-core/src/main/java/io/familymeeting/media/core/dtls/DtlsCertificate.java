package io.familymeeting.media.core.dtls;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The engine's DTLS identity: an ECDSA P-256 key pair and a self-signed X.509 certificate made
 * once at engine start (WebRTC peers authenticate it only by the fingerprint in SDP, RFC 8827 §6.5,
 * RFC 8122 §5), plus its sha-256 fingerprint for the {@code a=fingerprint} line. Immutable and
 * shared by every participant's {@link DtlsTransport}. It does not rotate itself: make a new one
 * (and new answers) to rotate.
 */
public final class DtlsCertificate {
    /** Certificate validity. WebRTC peers do not check it, but stay sane for tools that do. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private final ECPrivateKeyParameters privateKey;
    private final byte[] der;
    private final DtlsFingerprint sha256;

    private DtlsCertificate(ECPrivateKeyParameters privateKey, byte[] der) {
        this.privateKey = privateKey;
        this.der = der;
        this.sha256 = DtlsFingerprint.compute("sha-256", der);
    }

    /** A fresh P-256 key and certificate, valid from one day ago for {@link #DEFAULT_VALIDITY}. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Instant.now(), DEFAULT_VALIDITY);
    }

    public static DtlsCertificate generate(SecureRandom random, Instant now, Duration validity) {
        ECNamedDomainParameters p256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(p256, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();

        byte[] serialBytes = new byte[8];
        random.nextBytes(serialBytes);
        BigInteger serial = new BigInteger(1, serialBytes).setBit(62); // positive, non-zero (RFC 5280 §4.1.2.2)
        byte[] nameBytes = new byte[6];
        random.nextBytes(nameBytes);
        X500Name name = new X500Name("CN=family-meeting-" + new BigInteger(1, nameBytes).toString(36));
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()));
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            X509CertificateHolder holder = builder.build(
                    new BcECContentSignerBuilder(sigAlg, digAlg).build(pair.getPrivate()));
            return new DtlsCertificate((ECPrivateKeyParameters) pair.getPrivate(), holder.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode DTLS certificate", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign DTLS certificate", e);
        }
    }

    /** The sha-256 fingerprint (RFC 8122 §5), what the answer's {@code a=fingerprint} carries. */
    public DtlsFingerprint fingerprint() {
        return sha256;
    }

    /** The fingerprint with another hash function (sha-1, sha-384, ...). */
    public DtlsFingerprint fingerprint(String algorithm) {
        return DtlsFingerprint.compute(algorithm, der);
    }

    /** "AB:CD:..." upper-case hex of the sha-256 fingerprint. */
    public String fingerprintHex() {
        return sha256.hex();
    }

    /** DER encoding of the certificate. */
    public byte[] encoded() {
        return der.clone();
    }

    ECPrivateKeyParameters privateKey() {
        return privateKey;
    }

    /** The certificate as a one-element TLS chain bound to the given crypto provider. */
    Certificate tlsCertificate(BcTlsCrypto crypto) {
        try {
            return new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, der)});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
