package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpMasterKeys;
import io.familymeeting.media.core.srtp.SrtpProfile;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with an independent DTLS-SRTP stack: OpenSSL's s_client / s_server over UDP on
 * 127.0.0.1. OpenSSL prints the "EXTRACTOR-dtls_srtp" keying material it derived; SRTP keyed from
 * that material must be accepted by our session, which proves the handshake, use_srtp, the
 * exporter and our key order (RFC 5764 §4.2) all agree. Skipped when no openssl binary is present.
 */
@Timeout(60)
class DtlsOpenSslInteropTest {
    private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
    private static final Pattern PROFILE = Pattern.compile("SRTP Extension negotiated, profile=(\\S+)");

    @TempDir
    Path dir;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DatagramSocket socket;
    private volatile SocketAddress peer;
    private Process openssl;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(opensslAvailable(), "openssl binary not found");
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=openssl-peer");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (openssl != null) {
            openssl.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (socket != null) {
            socket.close();
        }
        executor.shutdownNow();
    }

    @ParameterizedTest
    @CsvSource({"SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80, AEAD_AES_128_GCM",
                "SRTP_AES128_CM_SHA1_80, AES128_CM_HMAC_SHA1_80"})
    void weAreServerOpenSslIsClient(String opensslProfiles, SrtpProfile expected) throws Exception {
        DtlsCertificate ours = DtlsCertificate.generate();
        RecordingListener events = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, ours, List.of(opensslFingerprint()),
                this::sendToPeer, executor, events);
        startReceiving(server);
        server.start();

        int length = expected.keyingMaterialLength();
        openssl = new ProcessBuilder("openssl", "s_client", "-dtls1_2",
                "-connect", "127.0.0.1:" + socket.getLocalPort(), "-mtu", "1200",
                "-use_srtp", opensslProfiles, "-cert", dir.resolve("cert.pem").toString(),
                "-key", dir.resolve("key.pem").toString(),
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(length))
                .redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(openssl);

        SrtpSession ourSrtp = events.awaitConnected();
        assertThat(ourSrtp.profile()).isEqualTo(expected);
        openssl.getOutputStream().close();                 // s_client ends on stdin EOF, sending close_notify
        String text = output.get(20, TimeUnit.SECONDS);
        events.awaitClosed();

        assertPeerKeysMatch(text, expected, ourSrtp, true);
        server.close();
    }

    @Test
    void weAreClientOpenSslIsServer() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        openssl = new ProcessBuilder("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-mtu", "1200", "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                "-Verify", "1", "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56")
                .redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(openssl);
        Thread.sleep(500);                                  // let s_server bind
        peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

        DtlsCertificate ours = DtlsCertificate.generate();
        RecordingListener events = new RecordingListener();
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, ours, List.of(opensslFingerprint()),
                this::sendToPeer, executor, events);
        startReceiving(client);
        client.start();
        SrtpSession ourSrtp = events.awaitConnected();
        assertThat(ourSrtp.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        client.close();
        Thread.sleep(500);                                  // let s_server flush what it printed
        openssl.destroy();
        String text = output.get(20, TimeUnit.SECONDS);
        assertPeerKeysMatch(text, SrtpProfile.AEAD_AES_128_GCM, ourSrtp, false);
    }

    /** Key SRTP with what OpenSSL exported for its role; our session must accept its packets. */
    private static void assertPeerKeysMatch(String opensslOutput, SrtpProfile profile, SrtpSession ours,
                                            boolean peerIsDtlsClient) {
        Matcher p = PROFILE.matcher(opensslOutput);
        assertThat(p.find()).as(opensslOutput).isTrue();
        assertThat(p.group(1)).isEqualTo(profile == SrtpProfile.AEAD_AES_128_GCM
                ? "SRTP_AEAD_AES_128_GCM" : "SRTP_AES128_CM_SHA1_80");
        Matcher m = KEYING_MATERIAL.matcher(opensslOutput);
        assertThat(m.find()).as(opensslOutput).isTrue();
        byte[] material = hex(m.group(1));
        assertThat(material).hasSize(profile.keyingMaterialLength());
        SrtpSession theirs = new SrtpSession(SrtpMasterKeys.fromKeyingMaterial(profile, material, peerIsDtlsClient));

        byte[] packet = new byte[12 + 20 + 16];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[11] = 9;
        Arrays.fill(packet, 12, 32, (byte) 0x5A);
        int len = theirs.protectRtp(packet, 0, 32);
        assertThat(ours.unprotectRtp(packet, 0, len)).isEqualTo(32);
        assertThat(packet[12]).isEqualTo((byte) 0x5A);

        int back = ours.protectRtp(packet, 0, 32);
        assertThat(theirs.unprotectRtp(packet, 0, back)).isEqualTo(32);
    }

    private DtlsFingerprint opensslFingerprint() throws Exception {
        byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cert.pem"))))
                .getEncoded();
        return DtlsFingerprint.compute("sha-256", der);
    }

    private void sendToPeer(byte[] buf, int off, int len) {
        SocketAddress to = peer;
        if (to == null) {
            return;
        }
        try {
            socket.send(new DatagramPacket(buf, off, len, to));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startReceiving(DtlsTransport transport) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                peer = packet.getSocketAddress();
                int first = buf[0] & 0xFF;
                if (first >= 20 && first <= 63) {            // RFC 7983
                    transport.receive(buf, 0, packet.getLength());
                }
            }
        }, "udp-receive");
        t.setDaemon(true);
        t.start();
    }

    private static CompletableFuture<String> readAll(Process process) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).directory(new File(".")).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
