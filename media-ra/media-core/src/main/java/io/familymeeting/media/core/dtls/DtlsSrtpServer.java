package io.familymeeting.media.core.dtls;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

import java.io.IOException;
import java.util.Hashtable;

/**
 * BouncyCastle server peer for DTLS-SRTP (our answer said a=setup:passive): DTLS 1.2 only,
 * ECDHE-ECDSA with our certificate, always requests the client's certificate (RFC 5763 §5)
 * and checks it against the SDP fingerprint, selects the SRTP profile and exports the keys.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private final DtlsSrtpHandshake handshake;

    DtlsSrtpServer(DtlsSrtpHandshake handshake) {
        super(handshake.crypto());
        this.handshake = handshake;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpHandshake.ECDSA_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return handshake.credentials(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        handshake.verifyPeerCertificate(clientCertificate);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        handshake.choose(TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {handshake.selectedProfile().id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    /** Called once the suite is selected and the server extensions (encrypt_then_mac) are final. */
    @Override
    @SuppressWarnings("rawtypes")
    public void getServerExtensionsForConnection(Hashtable serverExtensions) throws IOException {
        super.getServerExtensionsForConnection(serverExtensions);
        handshake.cipherSuiteChosen(context.getSecurityParametersHandshake().getCipherSuite(),
                TlsExtensionsUtils.hasEncryptThenMACExtension(serverExtensions));
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        handshake.cipherSuiteChosen(context.getSecurityParametersConnection().getCipherSuite(),
                context.getSecurityParametersConnection().isEncryptThenMAC());
        handshake.exportKeyingMaterial(context);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshake.handshakeTimeoutMillis();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        handshake.alertRaised(level, description, message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        handshake.alertReceived(level, description);
    }
}
