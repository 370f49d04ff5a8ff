package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpProfile;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Back-to-back DTLS-SRTP in memory: a server and a client DtlsTransport wired through links. */
@Timeout(60)
class DtlsTransportTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    private static final List<SrtpProfile> BOTH = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** One wired pair. */
    private final class Pair {
        final RecordingListener serverEvents = new RecordingListener();
        final RecordingListener clientEvents = new RecordingListener();
        final MemoryLink toClient;
        final MemoryLink toServer;
        final DtlsTransport server;
        final DtlsTransport client;

        Pair(MemoryLink toClient, MemoryLink toServer, List<DtlsFingerprint> clientFingerprintsSeenByServer,
             List<DtlsFingerprint> serverFingerprintsSeenByClient, DtlsOptions serverOptions, DtlsOptions clientOptions) {
            this.toClient = toClient;
            this.toServer = toServer;
            server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, clientFingerprintsSeenByServer, toClient,
                    executor, serverEvents, serverOptions);
            client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, serverFingerprintsSeenByClient, toServer,
                    executor, clientEvents, clientOptions);
            toClient.connectTo(client::receive);
            toServer.connectTo(server::receive);
            toClose.add(server);
            toClose.add(client);
            toClose.add(toClient);
            toClose.add(toServer);
        }

        void start() {
            server.start();
            client.start();
        }
    }

    private Pair pair(MemoryLink toClient, MemoryLink toServer) {
        return new Pair(toClient, toServer, List.of(CLIENT_CERT.fingerprint()), List.of(SERVER_CERT.fingerprint()),
                DtlsOptions.defaults(), DtlsOptions.defaults());
    }

    private Pair pair() {
        return pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"));
    }

    @BeforeAll
    static void warmUpSrtp() {
        SrtpSession.warmUp(); // jitsi-srtp's one-time AES benchmark, outside the timed handshakes
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void bothRolesConnectAndDeriveMatchingSrtpKeys() throws Exception {
        Pair p = pair();
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();

        assertThat(p.server.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.client.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(serverSrtp.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);   // GCM preferred
        assertThat(clientSrtp.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(p.server.srtpSession()).isSameAs(serverSrtp);
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
        assertThat(p.serverEvents.events.get()).isEqualTo(1);
        assertThat(p.clientEvents.events.get()).isEqualTo(1);
    }

    @Test
    void lossyDuplicatingLinkIsRecoveredByRetransmission() throws Exception {
        // Drop the first flight each way and duplicate some datagrams: BouncyCastle must retransmit.
        Random r = new Random(42);
        Pair p = pair(new MemoryLink("to-client", i -> i == 0 || i == 2, i -> r.nextInt(3) == 0),
                new MemoryLink("to-server", i -> i == 0 || i == 3, i -> i % 2 == 1));
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
    }

    @Test
    void randomLossAndDuplicationStillConnects() throws Exception {
        Pair p = pair(MemoryLink.lossy("to-client", 7, 0.2, 0.2), MemoryLink.lossy("to-server", 8, 0.2, 0.2));
        p.start();
        assertSrtpFlowsBothWays(p.serverEvents.awaitConnected(), p.clientEvents.awaitConnected());
    }

    @Test
    void clientRejectsServerWithWrongFingerprint() throws Exception {
        Pair p = new Pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"),
                List.of(CLIENT_CERT.fingerprint()), List.of(DtlsCertificate.generate().fingerprint()),
                DtlsOptions.defaults(), DtlsOptions.defaults());
        p.start();
        assertThat(p.clientEvents.awaitFailed()).contains("fingerprint");
        assertThat(p.serverEvents.awaitFailed()).contains("bad_certificate");
        assertThat(p.client.state()).isEqualTo(DtlsState.FAILED);
        assertThat(p.server.state()).isEqualTo(DtlsState.FAILED);
        assertThat(p.clientEvents.connected).isNotDone();
        assertThat(p.serverEvents.connected).isNotDone();
    }

    @Test
    void serverRejectsClientWithWrongFingerprint() throws Exception {
        // The peer's SDP listed two fingerprints (sha-1 and sha-384) of some other certificate.
        DtlsCertificate other = DtlsCertificate.generate();
        Pair p = new Pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"),
                List.of(other.fingerprint("sha-1"), other.fingerprint("sha-384")), List.of(SERVER_CERT.fingerprint()),
                DtlsOptions.defaults(), DtlsOptions.defaults());
        p.start();
        assertThat(p.serverEvents.awaitFailed()).contains("fingerprint");
        assertThat(p.clientEvents.awaitFailed()).contains("bad_certificate");
        assertThat(p.serverEvents.connected).isNotDone();
    }

    @Test
    void fingerprintWithAnotherHashFunctionIsAccepted() throws Exception {
        Pair p = new Pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"),
                List.of(CLIENT_CERT.fingerprint("sha-512")), List.of(SERVER_CERT.fingerprint("sha-1")),
                DtlsOptions.defaults(), DtlsOptions.defaults());
        p.start();
        assertSrtpFlowsBothWays(p.serverEvents.awaitConnected(), p.clientEvents.awaitConnected());
    }

    static Stream<Arguments> profileCases() {
        List<SrtpProfile> gcm = List.of(SrtpProfile.AEAD_AES_128_GCM);
        List<SrtpProfile> cm = List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        List<SrtpProfile> cmFirst = List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
        return Stream.of(
                Arguments.of(BOTH, cm, SrtpProfile.AES128_CM_HMAC_SHA1_80),      // client offers only CM
                Arguments.of(BOTH, gcm, SrtpProfile.AEAD_AES_128_GCM),           // client offers only GCM
                Arguments.of(cm, BOTH, SrtpProfile.AES128_CM_HMAC_SHA1_80),      // server supports only CM
                Arguments.of(gcm, BOTH, SrtpProfile.AEAD_AES_128_GCM),
                Arguments.of(BOTH, cmFirst, SrtpProfile.AEAD_AES_128_GCM));      // server's preference wins
    }

    @ParameterizedTest
    @MethodSource("profileCases")
    void negotiatesTheSrtpProfile(List<SrtpProfile> serverProfiles, List<SrtpProfile> clientProfiles,
                                  SrtpProfile expected) throws Exception {
        Pair p = new Pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"),
                List.of(CLIENT_CERT.fingerprint()), List.of(SERVER_CERT.fingerprint()),
                DtlsOptions.defaults().withSrtpProfiles(serverProfiles),
                DtlsOptions.defaults().withSrtpProfiles(clientProfiles));
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();
        assertThat(serverSrtp.profile()).isEqualTo(expected);
        assertThat(clientSrtp.profile()).isEqualTo(expected);
        assertThat(p.client.selectedProfile()).isEqualTo(expected);
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
    }

    @Test
    void noCommonProfileFailsBothSides() throws Exception {
        Pair p = new Pair(MemoryLink.perfect("to-client"), MemoryLink.perfect("to-server"),
                List.of(CLIENT_CERT.fingerprint()), List.of(SERVER_CERT.fingerprint()),
                DtlsOptions.defaults().withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)),
                DtlsOptions.defaults().withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)));
        p.start();
        assertThat(p.serverEvents.awaitFailed()).contains("SRTP");
        assertThat(p.clientEvents.awaitFailed()).contains("handshake_failure");
    }

    @Test
    void garbageAndTruncatedRecordsAreDroppedWithoutThrowing() throws Exception {
        Pair p = pair();
        Random r = new Random(3);
        // Garbage that passes the RFC 7983 first-byte test, before the handshake even starts.
        for (int i = 0; i < 50; i++) {
            p.toServer.inject(garbage(r));
        }
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();

        // After the handshake: garbage, truncated records, and a well-formed epoch-1 record with a bad MAC.
        byte[] forged = new byte[13 + 40];
        forged[0] = 23;                                  // application_data
        forged[1] = (byte) 0xFE; forged[2] = (byte) 0xFD; // DTLS 1.2
        forged[4] = 1;                                   // epoch 1
        forged[10] = 5;                                  // sequence number 5
        forged[12] = 40;                                 // length
        for (int i = 0; i < 200; i++) {
            byte[] g = garbage(r);
            p.server.receive(g, 0, g.length);
            p.server.receive(g, 0, r.nextInt(13));       // shorter than a record header
            p.client.receive(forged, 0, forged.length);
            p.client.receive(forged, 0, 20);              // truncated record
        }
        p.server.receive(null, 0, 20);
        p.server.receive(new byte[20], 15, 20);
        p.server.receive(new byte[20], -1, 20);

        assertThat(p.server.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.client.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.server.rejectedDatagrams()).isPositive();
        assertThat(p.client.rejectedDatagrams(DtlsRecordFilter.Verdict.TRUNCATED)).isEqualTo(200);
        assertThat(p.server.ignoredApplicationRecords()).isZero();
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
        assertThat(p.serverEvents.events.get()).isEqualTo(1);
    }

    /**
     * Issue 13: after the handshake one 14-byte record (application data, epoch 1, a 1-byte body:
     * shorter than a GCM nonce plus tag) made BouncyCastle fail the association and send a fatal
     * alert. Now it never reaches BouncyCastle: both roles stay connected and send nothing back.
     */
    @Test
    void recordTooShortForTheCipherIsRejectedWithoutAnAlert() throws Exception {
        Pair p = pair();
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();
        assertThat(p.server.recordRules().protection().minLength()).as("AES-GCM: nonce + tag").isEqualTo(24);
        quiet(p);
        int toClientBefore = p.toClient.delivered();
        int toServerBefore = p.toServer.delivered();

        byte[] shortRecord = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 42};
        p.server.receive(shortRecord, 0, shortRecord.length);
        p.client.receive(shortRecord, 0, shortRecord.length);
        Thread.sleep(300);

        assertThat(p.server.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.client.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.toClient.delivered()).as("nothing sent by the server (no alert)").isEqualTo(toClientBefore);
        assertThat(p.toServer.delivered()).as("nothing sent by the client (no alert)").isEqualTo(toServerBefore);
        assertThat(p.server.rejectedDatagrams(DtlsRecordFilter.Verdict.LENGTH)).isEqualTo(1);
        assertThat(p.client.rejectedDatagrams(DtlsRecordFilter.Verdict.LENGTH)).isEqualTo(1);
        assertThat(p.serverEvents.failed).isNotDone();
        assertThat(p.clientEvents.failed).isNotDone();
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
    }

    /**
     * A stream of forged records from "the peer's address" after the handshake: short, long,
     * truncated, several per datagram, epoch-0 fatal alerts, foreign epochs, versions and content
     * types, huge handshake fragments, well-formed records with bad MACs. Neither side fails or
     * sends anything; every structurally impossible datagram is counted.
     */
    @Test
    void forgedRecordStreamNeverFailsTheAssociation() throws Exception {
        Pair p = pair();
        p.start();
        SrtpSession serverSrtp = p.serverEvents.awaitConnected();
        SrtpSession clientSrtp = p.clientEvents.awaitConnected();
        quiet(p);
        int toClientBefore = p.toClient.delivered();
        int toServerBefore = p.toServer.delivered();

        Random r = new Random(1313);
        int impossible = 0;
        for (int i = 0; i < 3000; i++) {
            ForgedRecords.Forgery f = ForgedRecords.next(r);
            DtlsTransport target = i % 2 == 0 ? p.server : p.client;
            target.receive(f.datagram(), 0, f.datagram().length);
            if (f.impossibleAfterHandshake()) {
                impossible++;
            }
        }
        Thread.sleep(300);

        assertThat(p.server.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.client.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(p.toClient.delivered()).as("the server sent nothing").isEqualTo(toClientBefore);
        assertThat(p.toServer.delivered()).as("the client sent nothing").isEqualTo(toServerBefore);
        assertThat(p.server.rejectedDatagrams() + p.client.rejectedDatagrams()).isGreaterThanOrEqualTo(impossible);
        assertThat(impossible).isGreaterThan(1500);
        assertThat(p.serverEvents.events.get()).isEqualTo(1);
        assertThat(p.clientEvents.events.get()).isEqualTo(1);
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
    }

    /** Forgeries during the handshake that cannot be genuine do not keep it from completing. */
    @Test
    void impossibleRecordsDuringTheHandshakeAreRejected() throws Exception {
        Pair p = pair();
        Random r = new Random(77);
        p.start();
        for (int i = 0; i < 300; i++) {
            ForgedRecords.Forgery f = ForgedRecords.next(r);
            if (f.impossibleDuringHandshake()) {
                p.toServer.inject(f.datagram());
                p.toClient.inject(f.datagram());
            }
        }
        assertSrtpFlowsBothWays(p.serverEvents.awaitConnected(), p.clientEvents.awaitConnected());
        assertThat(p.server.rejectedDatagrams()).isPositive();
        assertThat(p.client.rejectedDatagrams()).isPositive();
    }

    /**
     * RFC 6347 §4.2.4: when the server's final flight is lost the client retransmits its last
     * flight (epoch-0 handshake and change_cipher_spec records, Finished in epoch 1) after the
     * server has completed; the filter must let that through so the server answers it.
     */
    @Test
    void retransmittedLastFlightReachesTheConnectedServer() throws Exception {
        RecordingListener serverEvents = new RecordingListener();
        RecordingListener clientEvents = new RecordingListener();
        MemoryLink toClient = MemoryLink.perfect("to-client");
        MemoryLink toServer = MemoryLink.perfect("to-server");
        toClose.add(toClient);
        toClose.add(toServer);
        boolean[] droppedFinished = new boolean[1];
        DatagramSender lossy = (buf, off, len) -> {
            boolean protectedRecord = buf[off + 3] == 0 && buf[off + 4] == 1;
            synchronized (droppedFinished) {
                if (protectedRecord && !droppedFinished[0]) {
                    droppedFinished[0] = true;            // the server's Finished is lost once
                    return;
                }
            }
            toClient.send(buf, off, len);
        };
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                lossy, executor, serverEvents);
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()),
                toServer, executor, clientEvents);
        toClose.add(server);
        toClose.add(client);
        toClient.connectTo(client::receive);
        toServer.connectTo(server::receive);
        server.start();
        client.start();
        SrtpSession serverSrtp = serverEvents.awaitConnected();
        SrtpSession clientSrtp = clientEvents.awaitConnected();
        synchronized (droppedFinished) {
            assertThat(droppedFinished[0]).isTrue();
        }
        assertThat(server.recordRules().acceptsRetransmittedFlight()).isTrue();
        assertThat(client.recordRules().acceptsRetransmittedFlight()).isFalse();
        assertThat(server.rejectedDatagrams()).as("the retransmitted flight passed the filter").isZero();
        assertSrtpFlowsBothWays(serverSrtp, clientSrtp);
    }

    /** Waits until both links have delivered everything (the handshake's last datagrams). */
    private static void quiet(Pair p) throws InterruptedException {
        int a;
        int b;
        do {
            a = p.toClient.delivered();
            b = p.toServer.delivered();
            Thread.sleep(200);
        } while (a != p.toClient.delivered() || b != p.toServer.delivered());
    }

    @Test
    void closeSendsCloseNotifyAndPeerReportsClosed() throws Exception {
        Pair p = pair();
        p.start();
        p.serverEvents.awaitConnected();
        p.clientEvents.awaitConnected();
        p.client.close();
        p.clientEvents.awaitClosed();
        p.serverEvents.awaitClosed();                    // via the client's close_notify
        assertThat(p.client.state()).isEqualTo(DtlsState.CLOSED);
        assertThat(p.server.state()).isEqualTo(DtlsState.CLOSED);
        p.client.close();                                // idempotent, no second event
        p.server.close();
        assertThat(p.clientEvents.events.get()).isEqualTo(2);
        assertThat(p.serverEvents.events.get()).isEqualTo(2);
        assertThat(p.serverEvents.failed).isNotDone();
    }

    /** A raw BouncyCastle client sends application data (as SCTP would) and then close_notify. */
    @Test
    void applicationDataAfterTheHandshakeIsIgnored() throws Exception {
        MemoryLink toClient = MemoryLink.perfect("to-raw-client");
        MemoryLink toServer = MemoryLink.perfect("to-server");
        toClose.add(toClient);
        toClose.add(toServer);
        RecordingListener serverEvents = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                toClient, executor, serverEvents);
        toClose.add(server);
        toServer.connectTo(server::receive);

        DtlsSrtpHandshake rawHandshake = new DtlsSrtpHandshake(new BcTlsCrypto(new SecureRandom()), CLIENT_CERT,
                List.of(SERVER_CERT.fingerprint()), DtlsOptions.defaults());
        QueueDatagramTransport rawTransport = new QueueDatagramTransport(toServer, 1200, 64, () -> { });
        toClient.connectTo(rawTransport::offer);
        server.start();
        DTLSTransport raw = new DTLSClientProtocol().connect(new DtlsSrtpClient(rawHandshake), rawTransport);
        serverEvents.awaitConnected();

        byte[] sctpLike = new byte[300];
        Arrays.fill(sctpLike, (byte) 0x13);
        raw.send(sctpLike, 0, sctpLike.length);
        raw.send(sctpLike, 0, 10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.ignoredApplicationRecords() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.ignoredApplicationRecords()).isEqualTo(2);
        assertThat(server.state()).isEqualTo(DtlsState.CONNECTED);

        raw.close();                                      // close_notify
        serverEvents.awaitClosed();
        assertThat(server.state()).isEqualTo(DtlsState.CLOSED);
        assertThat(serverEvents.failed).isNotDone();
    }

    /** RFC 5763 §5: the server requests a certificate and refuses a client that sends none. */
    @Test
    void serverRefusesClientWithoutCertificate() throws Exception {
        MemoryLink toClient = MemoryLink.perfect("to-raw-client");
        MemoryLink toServer = MemoryLink.perfect("to-server");
        toClose.add(toClient);
        toClose.add(toServer);
        RecordingListener serverEvents = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                toClient, executor, serverEvents);
        toClose.add(server);
        toServer.connectTo(server::receive);
        QueueDatagramTransport rawTransport = new QueueDatagramTransport(toServer, 1200, 64, () -> { });
        toClient.connectTo(rawTransport::offer);
        boolean[] certificateRequested = new boolean[1];
        DefaultTlsClient anonymous = new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            public Hashtable getClientExtensions() throws IOException {
                Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {0x0001}, new byte[0]));
                return extensions;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                        certificateRequested[0] = true;
                        return null;                      // send an empty Certificate message
                    }
                };
            }
        };
        server.start();
        assertThatThrownBy(() -> new DTLSClientProtocol().connect(anonymous, rawTransport))
                .isInstanceOf(IOException.class);
        assertThat(certificateRequested[0]).isTrue();
        assertThat(serverEvents.awaitFailed()).contains("no certificate");
        assertThat(serverEvents.connected).isNotDone();
    }

    @Test
    void handshakeTimesOutWhenThePeerIsSilent() throws Exception {
        RecordingListener events = new RecordingListener();
        List<Integer> sent = new ArrayList<>();
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()),
                (b, o, l) -> sent.add(l), executor, events, DtlsOptions.defaults().withHandshakeTimeoutMillis(2500));
        toClose.add(client);
        client.start();
        assertThat(events.awaitFailed()).contains("timed out");
        assertThat(client.state()).isEqualTo(DtlsState.FAILED);
        synchronized (sent) {
            assertThat(sent.size()).as("ClientHello sent and retransmitted").isGreaterThanOrEqualTo(2);
            assertThat(sent).allMatch(len -> len <= DtlsOptions.DEFAULT_MTU);
        }
    }

    @Test
    void closeDuringHandshakeStopsTheHandshakeTask() throws Exception {
        RecordingListener events = new RecordingListener();
        Thread[] worker = new Thread[1];
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                (b, o, l) -> { }, task -> {
                    worker[0] = new Thread(task, "handshake");
                    worker[0].start();
                }, events);
        server.start();
        Thread.sleep(200);                                // the server is now blocked waiting for a ClientHello
        server.close();
        worker[0].join(5000);
        assertThat(worker[0].isAlive()).isFalse();
        events.awaitClosed();
        assertThat(events.failed).isNotDone();
        assertThat(server.state()).isEqualTo(DtlsState.CLOSED);
    }

    @Test
    void startTwiceIsRejected() {
        DtlsTransport t = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()),
                (b, o, l) -> { }, executor, new RecordingListener());
        toClose.add(t);
        t.start();
        assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] garbage(Random r) {
        byte[] g = new byte[13 + r.nextInt(200)];
        r.nextBytes(g);
        g[0] = (byte) (20 + r.nextInt(44));              // RFC 7983: 20..63 is DTLS
        return g;
    }

    /** Protect on one side, unprotect on the other, for RTP and RTCP in both directions. */
    static void assertSrtpFlowsBothWays(SrtpSession a, SrtpSession b) {
        assertOneWay(a, b, 0x11111111);
        assertOneWay(b, a, 0x22222222);
    }

    private static void assertOneWay(SrtpSession sender, SrtpSession receiver, int ssrc) {
        byte[] rtp = new byte[12 + 40 + 16];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[3] = 1;
        rtp[8] = (byte) (ssrc >>> 24); rtp[9] = (byte) (ssrc >>> 16); rtp[10] = (byte) (ssrc >>> 8); rtp[11] = (byte) ssrc;
        for (int i = 12; i < 52; i++) {
            rtp[i] = (byte) i;
        }
        byte[] plain = Arrays.copyOf(rtp, 52);
        int len = sender.protectRtp(rtp, 0, 52);
        assertThat(len).isGreaterThan(52);
        assertThat(receiver.unprotectRtp(rtp, 0, len)).isEqualTo(52);
        assertThat(Arrays.copyOf(rtp, 52)).isEqualTo(plain);

        byte[] rtcp = new byte[8 + 20];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 201;
        rtcp[3] = 1;
        System.arraycopy(rtp, 8, rtcp, 4, 4);
        byte[] rtcpPlain = Arrays.copyOf(rtcp, 8);
        int rlen = sender.protectRtcp(rtcp, 0, 8);
        assertThat(receiver.unprotectRtcp(rtcp, 0, rlen)).isEqualTo(8);
        assertThat(Arrays.copyOf(rtcp, 8)).isEqualTo(rtcpPlain);
    }
}
