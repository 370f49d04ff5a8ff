package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.dtls.DtlsRecordFilter.Verdict;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordProtection} against BouncyCastle 1.84 itself, per cipher suite: a plain
 * BouncyCastle DTLS client (no filter in front of it) connected to our server gets forged
 * epoch-1 records of every length from 0 to 100. Every length the filter lets through must be
 * dropped quietly (bad MAC); the first length below the filter's bound, and for CBC a length that
 * is not whole blocks, must make BouncyCastle fail the association: so the filter refuses exactly
 * what would otherwise be fatal, and the suite the server negotiated is the one it checks.
 */
@Timeout(120)
class DtlsRecordFilterAgreesWithBouncyCastleTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void warmUpSrtp() {
        SrtpSession.warmUp();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of("AES-128-GCM", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true, 24, false),
                Arguments.of("AES-256-GCM", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true, 24, false),
                Arguments.of("ChaCha20-Poly1305", CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, true,
                        16, false),
                Arguments.of("AES-128-CBC-SHA (encrypt_then_mac)", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
                        true, 52, true),
                Arguments.of("AES-256-CBC-SHA (no encrypt_then_mac, as BoringSSL)",
                        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, false, 48, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void filterBoundsAreBouncyCastlesFatalBounds(String name, int suite, boolean offerEncryptThenMac, int minLength,
                                                 boolean block) throws Exception {
        Connected c = connect(suite, offerEncryptThenMac);
        RecordProtection protection = c.server.recordRules().protection();
        assertThat(protection.minLength()).as("protection the server checks").isEqualTo(minLength);
        assertThat(protection.blockSize()).isEqualTo(block ? 16 : 0);
        // The client's side of the same association: epoch-0 records are not accepted there.
        DtlsRecordRules clientRules = DtlsRecordRules.connected(protection, false);

        Random r = new Random(suite);
        int accepted = 0;
        for (int length = 0; length <= 100; length++) {
            byte[] forged = forgedRecord(r, 1000 + length, length);
            Verdict v = DtlsRecordFilter.check(forged, 0, forged.length, clientRules);
            if (v == Verdict.ACCEPT) {
                accepted++;
                c.rawTransport.offer(forged, 0, forged.length);
                assertThat(c.raw.receive(new byte[2048], 0, 2048, 20)).as("length %d: dropped quietly", length)
                        .isEqualTo(-1);
            } else {
                assertThat(v).isEqualTo(Verdict.LENGTH);
            }
        }
        assertThat(accepted).isPositive();
        // What the filter refuses is fatal for BouncyCastle: one fresh association per case.
        assertFatal(suite, offerEncryptThenMac, minLength - 1);
        if (block) {
            assertFatal(suite, offerEncryptThenMac, minLength + 1);
        }
    }

    private void assertFatal(int suite, boolean etm, int length) throws Exception {
        Connected c = connect(suite, etm);
        byte[] forged = forgedRecord(new Random(length), 5000, length);
        assertThat(DtlsRecordFilter.check(forged, 0, forged.length,
                DtlsRecordRules.connected(c.server.recordRules().protection(), false))).isEqualTo(Verdict.LENGTH);
        c.rawTransport.offer(forged, 0, forged.length);
        assertThatThrownBy(() -> c.raw.receive(new byte[2048], 0, 2048, 20)).as("length %d", length)
                .isInstanceOf(TlsFatalAlert.class);
    }

    /** Application data, DTLS 1.2, epoch 1, sequence number {@code seq}, a random body. */
    private static byte[] forgedRecord(Random r, long seq, int length) {
        byte[] b = new byte[13 + length];
        r.nextBytes(b);
        b[0] = 23;
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        b[3] = 0;
        b[4] = 1;
        for (int i = 0; i < 6; i++) {
            b[5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
        b[11] = (byte) (length >> 8);
        b[12] = (byte) length;
        return b;
    }

    private record Connected(DtlsTransport server, DTLSTransport raw, QueueDatagramTransport rawTransport) {
    }

    /** Our server against a BouncyCastle client that offers only {@code suite}. */
    private Connected connect(int suite, boolean offerEncryptThenMac) throws Exception {
        MemoryLink toClient = MemoryLink.perfect("to-raw-client");
        MemoryLink toServer = MemoryLink.perfect("to-server");
        toClose.add(toClient);
        toClose.add(toServer);
        RecordingListener serverEvents = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                toClient, executor, serverEvents);
        toClose.add(server);
        toServer.connectTo(server::receive);
        DtlsSrtpHandshake handshake = new DtlsSrtpHandshake(new BcTlsCrypto(new SecureRandom()), CLIENT_CERT,
                List.of(SERVER_CERT.fingerprint()), DtlsOptions.defaults());
        QueueDatagramTransport rawTransport = new QueueDatagramTransport(toServer, 1200, 256, () -> { });
        toClient.connectTo(rawTransport::offer);
        server.start();
        DTLSTransport raw = new DTLSClientProtocol().connect(new OneSuiteClient(handshake, suite, offerEncryptThenMac),
                rawTransport);
        serverEvents.awaitConnected();
        return new Connected(server, raw, rawTransport);
    }

    /** A DTLS-SRTP client offering one cipher suite, with or without encrypt_then_mac (RFC 7366). */
    private static final class OneSuiteClient extends DefaultTlsClient {
        private final DtlsSrtpHandshake handshake;
        private final int suite;
        private final boolean encryptThenMac;

        OneSuiteClient(DtlsSrtpHandshake handshake, int suite, boolean encryptThenMac) {
            super(handshake.crypto());
            this.handshake = handshake;
            this.suite = suite;
            this.encryptThenMac = encryptThenMac;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions, handshake.offer());
            if (encryptThenMac) {
                TlsExtensionsUtils.addEncryptThenMACExtension(extensions);
            } else {
                extensions.remove(TlsExtensionsUtils.EXT_encrypt_then_mac);
            }
            return extensions;
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
    }
}
