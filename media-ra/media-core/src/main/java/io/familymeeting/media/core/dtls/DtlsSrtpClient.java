package io.familymeeting.media.core.dtls;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

import java.io.IOException;
import java.util.Hashtable;

/**
 * BouncyCastle client peer for DTLS-SRTP (our answer said a=setup:active): DTLS 1.2 only,
 * offers use_srtp, checks the server certificate against the SDP fingerprint, presents our
 * certificate when asked, and exports the SRTP keys.
 */
final class DtlsSrtpClient extends DefaultTlsClient {
    private final DtlsSrtpHandshake handshake;

    DtlsSrtpClient(DtlsSrtpHandshake handshake) {
        super(handshake.crypto());
        this.handshake = handshake;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpHandshake.CLIENT_SUITES);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, handshake.offer());
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        handshake.acceptServerChoice(TlsSRTPUtils.getUseSRTPExtension(serverExtensions));
        // The suite and encrypt_then_mac (RFC 7366) are known by now.
        handshake.cipherSuiteChosen(context.getSecurityParametersHandshake().getCipherSuite(),
                context.getSecurityParametersHandshake().isEncryptThenMAC());
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                handshake.verifyPeerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return handshake.credentials(context);
            }
        };
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
