package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.peers.HarnessConnection;
import io.familymeeting.media.core.peers.HarnessPeer;
import io.familymeeting.media.core.peers.HarnessServer;
import io.familymeeting.media.core.peers.LoopbackOnly;
import io.familymeeting.testsupport.Closer;
import io.familymeeting.media.core.peers.PeerStats;
import io.familymeeting.media.core.peers.UdpRelay;
import io.familymeeting.media.core.util.PacketDemux;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage on the shared media port while a Chromium presenter reaches a Chromium viewer:
 * random bytes, truncated STUN / DTLS / RTP / RTCP, and well-formed RTP and RTCP with wrong
 * SSRCs and forged tags. It arrives from the presenter's and the viewer's own addresses
 * (through {@link UdpRelay}s, so it reaches their transports) and from a stranger's socket.
 * Every datagram that reaches a participant's media path must be counted as dropped; no
 * exception may escape an engine thread; the viewer and a bystander viewer (no garbage from
 * its address) must keep decoding, and nobody fails.
 */
@ExtendWith(LoopbackOnly.class)
class GarbageOnMediaPortIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Garbage datagrams per source. */
    private static final int ROUNDS = 600;

    private static final Closer closer = new Closer();
    private static EngineFixture fixture;
    private static HarnessServer server;
    private static HarnessPeer presenterPage;
    private static HarnessPeer viewerPage;
    private static UdpRelay presenterRelay;
    private static UdpRelay viewerRelay;
    private static final Queue<String> uncaught = new ConcurrentLinkedQueue<>();
    private static Thread.UncaughtExceptionHandler previousHandler;

    @BeforeAll
    static void start() throws Exception {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        closer.add(() -> Thread.setDefaultUncaughtExceptionHandler(previousHandler));
        fixture = closer.add(new EngineFixture());
        server = closer.add(HarnessServer.start());
        presenterPage = closer.add(HarnessPeer.open(server));
        viewerPage = closer.add(HarnessPeer.open(server));
        presenterRelay = closer.add(UdpRelay.start(fixture.port));
        viewerRelay = closer.add(UdpRelay.start(fixture.port));
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    void garbageIsDroppedAndCountedWhileTheViewerKeepsDecoding() throws Exception {
        HarnessConnection presenter = presenterPage.connection("presenter");
        presenter.applyAnswer(presenterRelay.rewriteAnswer(fixture.engine.answer(new OfferRequest("junk", "presenter",
                "p", ParticipantRole.PRESENTER, presenterRelay.rewriteOffer(presenter.makePresenterOffer())))));
        HarnessConnection viewer = viewerPage.connection("viewer");
        viewer.applyAnswer(viewerRelay.rewriteAnswer(fixture.engine.answer(new OfferRequest("junk", "viewer",
                "v", ParticipantRole.VIEWER, viewerRelay.rewriteOffer(viewer.makeViewerOffer())))));
        // A bystander: no relay, no garbage from its address; it must not notice anything either.
        HarnessConnection bystander = viewerPage.connection("bystander");
        bystander.applyAnswer(fixture.engine.answer(new OfferRequest("junk", "bystander", "b",
                ParticipantRole.VIEWER, bystander.makeViewerOffer())));
        PeerStats before = viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
        PeerStats bystanderBefore = bystander.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
        long droppedBefore = fixture.engine.snapshot().droppedPackets();

        Random random = new Random(20261201);
        long expected = 0;
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress engine = new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port);
            for (int i = 0; i < ROUNDS; i++) {
                for (UdpRelay relay : new UdpRelay[] {presenterRelay, viewerRelay}) {
                    byte[] junk = Garbage.next(random);
                    relay.injectToSfu(junk);
                    if (reachesTheMediaPath(junk)) {
                        expected++;
                    }
                }
                byte[] junk = Garbage.next(random);
                stranger.send(new DatagramPacket(junk, junk.length, engine));
                if (i % 20 == 19) {
                    Thread.sleep(10); // pacing, so the receive queues are not what drops them
                }
            }
        }
        assertThat(expected).isGreaterThan(ROUNDS);

        long want = droppedBefore + expected;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (fixture.engine.snapshot().droppedPackets() < want && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertThat(fixture.engine.snapshot().droppedPackets()).as("dropped packets after the garbage")
                .isGreaterThanOrEqualTo(want);

        PeerStats after = viewer.awaitStats(s -> s.totalFramesDecoded() > before.totalFramesDecoded() + 90, TIMEOUT);
        assertThat(after.connected()).isTrue();
        PeerStats bystanderAfter = bystander.awaitStats(
                s -> s.totalFramesDecoded() > bystanderBefore.totalFramesDecoded() + 90, TIMEOUT);
        assertThat(bystanderAfter.connected()).isTrue();
        assertThat(presenter.stats().connected()).isTrue();
        assertThat(fixture.engine.isHealthy()).isTrue();
        assertThat(fixture.engine.snapshot().participants()).isEqualTo(3);
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "presenter")).isFalse();
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "viewer")).isFalse();
        assertThat(fixture.hasEvent(MediaEvent.Type.FAILED, "bystander")).isFalse();
        assertThat(uncaught).as("exceptions that escaped a thread").isEmpty();
        System.out.printf("garbage: %d datagrams per source, %d counted as dropped (expected at least %d)%n",
                ROUNDS, fixture.engine.snapshot().droppedPackets() - droppedBefore, expected);
    }

    /**
     * Datagrams from a participant's address that its transport must see and drop: everything
     * but STUN (ice4j's STUN stack answers or ignores those) and DTLS (BouncyCastle discards
     * invalid records silently, RFC 6347 §4.1.2.7, and says nothing about them).
     */
    private static boolean reachesTheMediaPath(byte[] junk) {
        if (junk.length == 0) {
            return false;
        }
        int b = junk[0] & 0xFF;
        boolean stunRange = b <= 3;
        boolean dtlsRange = b >= 20 && b <= 63 && PacketDemux.isDtls(junk, 0, junk.length);
        return !stunRange && !dtlsRange;
    }

    /** The kinds of garbage, drawn at random (seeded, so a failure can be replayed). */
    static final class Garbage {
        private Garbage() {
        }

        static byte[] next(Random r) {
            return switch (r.nextInt(9)) {
                case 0 -> bytes(r, 1 + r.nextInt(1400));
                case 1 -> truncatedStun(r);
                case 2 -> truncatedDtls(r);
                case 3 -> truncatedRtp(r);
                case 4 -> truncatedRtcp(r);
                case 5 -> rtpWithWrongSsrc(r);
                case 6 -> rtcpWithWrongSsrc(r);
                case 7 -> dtlsRecordWithGarbage(r);
                default -> bytes(r, r.nextInt(12));
            };
        }

        private static byte[] bytes(Random r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        /** RFC 5389 §6: a Binding request header cut anywhere, or with a length past its end. */
        private static byte[] truncatedStun(Random r) {
            byte[] b = bytes(r, 20 + r.nextInt(60));
            b[0] = 0x00;
            b[1] = 0x01;
            b[2] = (byte) 0x7F;
            b[3] = (byte) 0xFC;
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = (byte) 0xA4;
            b[7] = 0x42;
            return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
        }

        /** RFC 6347 §4.1: a handshake record header whose length runs past the datagram. */
        private static byte[] truncatedDtls(Random r) {
            byte[] b = bytes(r, 13 + r.nextInt(40));
            b[0] = 22;
            b[1] = (byte) 0xFE;
            b[2] = (byte) 0xFD;
            b[11] = 0x04;
            b[12] = 0x00;
            return java.util.Arrays.copyOf(b, 1 + r.nextInt(b.length));
        }

        /** Application data in epoch 1 with a made-up ciphertext (fails authentication). */
        private static byte[] dtlsRecordWithGarbage(Random r) {
            int body = 32 + r.nextInt(200);
            byte[] b = bytes(r, 13 + body);
            b[0] = (byte) (r.nextBoolean() ? 23 : 22);
            b[1] = (byte) 0xFE;
            b[2] = (byte) 0xFD;
            b[3] = 0;
            b[4] = (byte) r.nextInt(3);
            b[11] = (byte) (body >> 8);
            b[12] = (byte) body;
            return b;
        }

        /** RFC 3550 §5.1: headers cut short, CSRC counts and extension lengths past the end. */
        private static byte[] truncatedRtp(Random r) {
            byte[] b = bytes(r, 8 + r.nextInt(20));
            b[0] = (byte) (0x80 | (r.nextBoolean() ? 0x10 : 0) | r.nextInt(16));
            b[1] = (byte) (96 + r.nextInt(32));
            return b;
        }

        /** RFC 3550 §6.4: an SR / RR whose length field claims more than there is. */
        private static byte[] truncatedRtcp(Random r) {
            byte[] b = bytes(r, 8 + r.nextInt(24));
            b[0] = (byte) (0x80 | r.nextInt(32));
            b[1] = (byte) (200 + r.nextInt(7));
            b[2] = 0;
            b[3] = (byte) (20 + r.nextInt(100));
            return b;
        }

        /** A well-formed RTP header with a random SSRC and a forged 16-byte tag. */
        private static byte[] rtpWithWrongSsrc(Random r) {
            byte[] b = bytes(r, 12 + 100 + r.nextInt(1000) + 16);
            b[0] = (byte) 0x80;
            b[1] = (byte) (96 + r.nextInt(32));
            return b;
        }

        /** A receiver report with a random sender SSRC, SRTCP index and forged tag. */
        private static byte[] rtcpWithWrongSsrc(Random r) {
            byte[] b = bytes(r, 8 + 4 + 16);
            b[0] = (byte) 0x80;
            b[1] = (byte) 201;
            b[2] = 0;
            b[3] = 1;
            b[8] = (byte) (b[8] | 0x80);
            return b;
        }
    }
}
