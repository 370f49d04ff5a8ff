package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.RoomSnapshot;
import io.familymeeting.media.core.dtls.ForgedRecords;
import io.familymeeting.media.core.ice.StunRequests;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the shared media port while a Chromium presenter reaches two Chromium viewers
 * (issue 13), one meeting for the whole class, in order:
 * <ol>
 *   <li>garbage: random bytes, truncated STUN / DTLS / RTP / RTCP, and well-formed RTP and RTCP
 *       with wrong SSRCs and forged tags, from the presenter's and the viewer's own addresses
 *       (through {@link UdpRelay}s, so it reaches their transports) and from a stranger's socket;
 *       every datagram that reaches a participant's media path is counted as dropped;</li>
 *   <li>forged DTLS from the participants' addresses: the 14-byte record of issue 13 (which used
 *       to fail the transport and make the server send a fatal alert) and a fuzzed stream of
 *       forged records ({@link ForgedRecords}); the drop counter of each participant rises by at
 *       least the number that cannot be genuine, and the server sends no alert (the relays see
 *       every datagram it sends them);</li>
 *   <li>a flood of garbage datagrams at the media port ({@link #FLOOD_PER_SECOND} per second for
 *       {@link #FLOOD_SECONDS} s) from strangers' sockets: the viewer's longest stretch without a
 *       newly decoded frame stays under {@link #MAX_FREEZE_MILLIS}.</li>
 * </ol>
 * Throughout, no exception may escape an engine thread, nobody fails, the viewers (and a
 * bystander viewer, no garbage from its address) keep decoding.
 */
@ExtendWith(LoopbackOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GarbageOnMediaPortIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Garbage datagrams per source. */
    private static final int ROUNDS = 600;
    /** Forged DTLS datagrams per participant. */
    private static final int FORGERIES = 2000;
    /** Issue 13's acceptance: 50,000 garbage datagrams per second for 10 s. */
    private static final int FLOOD_PER_SECOND = 50_000;
    private static final int FLOOD_SECONDS = 10;
    private static final long MAX_FREEZE_MILLIS = 1000;
    /** Seconds measured without the flood, for comparison. */
    private static final int CALM_SECONDS = 5;

    private static final Closer closer = new Closer();
    private static EngineFixture fixture;
    private static HarnessServer server;
    private static HarnessPeer presenterPage;
    private static HarnessPeer viewerPage;
    private static UdpRelay presenterRelay;
    private static UdpRelay viewerRelay;
    private static HarnessConnection presenter;
    private static HarnessConnection viewer;
    private static HarnessConnection bystander;
    /** DTLS alert records the server sent to the presenter / the viewer (seen by their relays). */
    private static final AtomicLong alertsToPresenter = new AtomicLong();
    private static final AtomicLong alertsToViewer = new AtomicLong();
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
        presenterRelay.setFilter(countAlerts(alertsToPresenter));
        viewerRelay.setFilter(countAlerts(alertsToViewer));

        presenter = presenterPage.connection("presenter");
        presenter.applyAnswer(presenterRelay.rewriteAnswer(fixture.engine.answer(new OfferRequest("junk", "presenter",
                "p", ParticipantRole.PRESENTER, presenterRelay.rewriteOffer(presenter.makePresenterOffer())))));
        viewer = viewerPage.connection("viewer");
        viewer.applyAnswer(viewerRelay.rewriteAnswer(fixture.engine.answer(new OfferRequest("junk", "viewer",
                "v", ParticipantRole.VIEWER, viewerRelay.rewriteOffer(viewer.makeViewerOffer())))));
        // A bystander: no relay, no garbage from its address; it must not notice anything either.
        bystander = viewerPage.connection("bystander");
        bystander.applyAnswer(fixture.engine.answer(new OfferRequest("junk", "bystander", "b",
                ParticipantRole.VIEWER, bystander.makeViewerOffer())));
        viewer.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
        bystander.awaitStats(s -> s.connected() && s.totalFramesDecoded() > 30, TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        closer.close();
    }

    @Test
    @Order(1)
    void garbageIsDroppedAndCountedWhileTheViewerKeepsDecoding() throws Exception {
        PeerStats before = viewer.stats();
        PeerStats bystanderBefore = bystander.stats();
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

        assertStillDecoding(before, bystanderBefore);
        System.out.printf("garbage: %d datagrams per source, %d counted as dropped (expected at least %d): %s%n",
                ROUNDS, fixture.engine.snapshot().droppedPackets() - droppedBefore, expected,
                fixture.engine.snapshot().drops().summary());
    }

    @Test
    @Order(2)
    void forgedDtlsRecordsFromTheParticipantsAddressesAreCountedAndAnswerNoAlert() throws Exception {
        PeerStats before = viewer.stats();
        PeerStats bystanderBefore = bystander.stats();
        long alertsBefore = alertsToPresenter.get() + alertsToViewer.get();
        long viewerRejected = drops("viewer").dtlsRejected();
        long presenterRejected = drops("presenter").dtlsRejected();

        // Issue 13's record, alone first: it used to fail the transport with a fatal alert.
        viewerRelay.injectToSfu(ForgedRecords.issue13ShortRecord());
        presenterRelay.injectToSfu(ForgedRecords.issue13ShortRecord());
        awaitDtlsRejected("viewer", viewerRejected + 1);
        awaitDtlsRejected("presenter", presenterRejected + 1);
        Thread.sleep(1000);
        assertThat(viewer.stats().connected()).as("the viewer after the short record").isTrue();
        assertThat(presenter.stats().connected()).as("the presenter after the short record").isTrue();
        assertThat(alertsToPresenter.get() + alertsToViewer.get()).as("alerts after the short record")
                .isEqualTo(alertsBefore);

        Random random = new Random(20261213);
        long impossibleForViewer = 0;
        long impossibleForPresenter = 0;
        for (int i = 0; i < FORGERIES; i++) {
            ForgedRecords.Forgery toViewer = ForgedRecords.next(random);
            viewerRelay.injectToSfu(toViewer.datagram());
            impossibleForViewer += toViewer.impossibleAfterHandshake() ? 1 : 0;
            ForgedRecords.Forgery toPresenter = ForgedRecords.next(random);
            presenterRelay.injectToSfu(toPresenter.datagram());
            impossibleForPresenter += toPresenter.impossibleAfterHandshake() ? 1 : 0;
            if (i % 20 == 19) {
                Thread.sleep(10); // pacing, so the receive queues are not what drops them
            }
        }
        assertThat(impossibleForViewer).isGreaterThan(FORGERIES / 2);
        awaitDtlsRejected("viewer", viewerRejected + 1 + impossibleForViewer);
        awaitDtlsRejected("presenter", presenterRejected + 1 + impossibleForPresenter);

        assertStillDecoding(before, bystanderBefore);
        assertThat(alertsToPresenter.get() + alertsToViewer.get()).as("DTLS alerts the server sent")
                .isEqualTo(alertsBefore);
        System.out.printf("forged DTLS: %d datagrams per participant, rejected viewer %d (at least %d impossible), "
                        + "presenter %d (at least %d); alerts sent %d%n", FORGERIES,
                drops("viewer").dtlsRejected() - viewerRejected, impossibleForViewer + 1,
                drops("presenter").dtlsRejected() - presenterRejected, impossibleForPresenter + 1,
                alertsToPresenter.get() + alertsToViewer.get() - alertsBefore);
    }

    @Test
    @Order(3)
    void floodOfGarbageAtTheMediaPortLeavesTheMeetingDecoding() throws Exception {
        // The same measurement without the flood first: what this machine's load alone does.
        viewer.startFrameWatch();
        long calmStart = viewer.stats().totalFramesDecoded();
        Thread.sleep(CALM_SECONDS * 1000L);
        HarnessConnection.FrameWatch calm = viewer.frameWatch();

        PeerStats before = viewer.stats();
        PeerStats bystanderBefore = bystander.stats();
        DropCounts dropsBefore = fixture.engine.snapshot().drops();
        long kernelDropsBefore = udpReceiveBufferErrors();
        long readerCpuBefore = portReaderCpuNanos();
        long presenterLostBefore = presenterPacketsLost();
        viewer.startFrameWatch();
        bystander.startFrameWatch();

        GarbageFlood.Result flood = GarbageFlood.send(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                fixture.port), FLOOD_PER_SECOND, Duration.ofSeconds(FLOOD_SECONDS), floodDatagrams(new Random(50_000)));

        HarnessConnection.FrameWatch watch = viewer.frameWatch();
        HarnessConnection.FrameWatch bystanderWatch = bystander.frameWatch();
        PeerStats afterFlood = viewer.stats();
        long kernelDrops = udpReceiveBufferErrors() - kernelDropsBefore;
        long readerCpuMillis = (portReaderCpuNanos() - readerCpuBefore) / 1_000_000;
        System.out.printf("flood: datagrams the kernel dropped for a full receive buffer (netns, all sockets) %d; "
                        + "ice4j's reader thread used %d ms of CPU (%.1f us per datagram read); "
                        + "presenter packets lost on the way in %d; viewer packets lost %d, NACKs %d%n",
                kernelDrops, readerCpuMillis, readerCpuMillis * 1000.0 / Math.max(1, flood.sent() - kernelDrops),
                presenterPacketsLost() - presenterLostBefore,
                afterFlood.video().stream().mapToLong(PeerStats.Video::packetsLost).sum()
                        - before.video().stream().mapToLong(PeerStats.Video::packetsLost).sum(),
                afterFlood.totalNackCount() - before.totalNackCount());
        System.out.printf("flood: %d datagrams in %d ms (%.0f per second, asked %d); viewer: longest %d ms without "
                        + "a new frame (samples %d, coarsest sample interval %d ms), %.1f frames/s decoded during the "
                        + "flood, %.1f frames/s and longest %d ms in the %d s before it; bystander: longest %d ms; engine "
                        + "drops meanwhile: %s%n", flood.sent(), flood.elapsedMillis(),
                flood.perSecond(), FLOOD_PER_SECOND, watch.maxGapMs(), watch.samples(), watch.maxSampleIntervalMs(),
                (watch.framesDecoded() - before.totalFramesDecoded()) * 1000.0 / flood.elapsedMillis(),
                (calm.framesDecoded() - calmStart) / (double) CALM_SECONDS, calm.maxGapMs(), CALM_SECONDS,
                bystanderWatch.maxGapMs(), minus(fixture.engine.snapshot().drops(), dropsBefore).summary());
        assertThat(flood.sent()).as("datagrams the flood sent").isGreaterThanOrEqualTo(100_000);
        assertThat(watch.samples()).as("frame samples during the flood").isGreaterThan(FLOOD_SECONDS * 3L);
        assertThat(watch.maxGapMs()).as("the viewer's longest time without a new frame").isLessThanOrEqualTo(
                MAX_FREEZE_MILLIS);
        assertThat(bystanderWatch.maxGapMs()).as("the bystander's").isLessThanOrEqualTo(MAX_FREEZE_MILLIS);
        assertThat(watch.framesDecoded()).as("frames decoded during the flood: at least one a second")
                .isGreaterThanOrEqualTo(before.totalFramesDecoded() + FLOOD_SECONDS);
        assertThat(minus(fixture.engine.snapshot().drops(), dropsBefore).stunRejected())
                .as("ICE checks for unknown ufrags the engine counted as dropped during the flood").isPositive();
        assertThat(portReaderAlive()).as("ice4j's reader thread of the media port").isTrue();
        assertStillDecoding(before, bystanderBefore);
    }

    /** The meeting after each test: everyone connected and decoding on, nobody failed, nothing escaped. */
    private static void assertStillDecoding(PeerStats before, PeerStats bystanderBefore) {
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
    }

    private static DropCounts drops(String participantId) {
        for (RoomSnapshot room : fixture.engine.rooms()) {
            for (ParticipantSnapshot p : room.participants()) {
                if (p.participantId().equals(participantId)) {
                    return p.drops();
                }
            }
        }
        throw new AssertionError("no participant " + participantId);
    }

    private static void awaitDtlsRejected(String participantId, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (drops(participantId).dtlsRejected() < atLeast && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertThat(drops(participantId).dtlsRejected()).as("DTLS datagrams %s's transport rejected", participantId)
                .isGreaterThanOrEqualTo(atLeast);
    }

    private static DropCounts minus(DropCounts a, DropCounts b) {
        return new DropCounts(a.garbage() - b.garbage(), a.dtlsRejected() - b.dtlsRejected(),
                a.srtpAuthFailed() - b.srtpAuthFailed(), a.srtpReplayed() - b.srtpReplayed(),
                a.srtcpAuthFailed() - b.srtcpAuthFailed(), a.srtcpReplayed() - b.srtcpReplayed(),
                a.srtpInvalid() - b.srtpInvalid(), a.rtcpMalformed() - b.rtcpMalformed(),
                a.unroutable() - b.unroutable(), a.stunRejected() - b.stunRejected(), a.overflow() - b.overflow(),
                a.candidatesIgnored() - b.candidatesIgnored());
    }

    /** Linux's Udp RcvbufErrors of this network namespace (/proc/net/snmp), or -1 where there is none. */
    private static long udpReceiveBufferErrors() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).split("\\s+"));
                    String[] values = lines.get(i + 1).split("\\s+");
                    int k = names.indexOf("RcvbufErrors");
                    return k < 0 ? -1 : Long.parseLong(values[k]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Packets the engine counts as lost on the presenter's incoming tracks (sequence gaps). */
    private static long presenterPacketsLost() {
        for (RoomSnapshot room : fixture.engine.rooms()) {
            for (ParticipantSnapshot p : room.participants()) {
                if (p.participantId().equals("presenter")) {
                    return p.tracks().stream().mapToLong(t -> Math.max(0, t.packetsLost())).sum();
                }
            }
        }
        return 0;
    }

    /** CPU time of ice4j's reader thread of the media port so far (-1 if not measurable). */
    private static long portReaderCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String name = "AbstractUdpListener thread for 127.0.0.1:" + fixture.port + "/";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains(name))
                .mapToLong(t -> mx.getThreadCpuTime(t.getId())).findFirst().orElse(-1);
    }

    /** ice4j names its reader "org.ice4j.ice.harvest.AbstractUdpListener thread for 127.0.0.1:port/udp". */
    private static boolean portReaderAlive() {
        String name = "AbstractUdpListener thread for 127.0.0.1:" + fixture.port + "/";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().contains(name));
    }

    /** Counts DTLS alert records (RFC 6347 §4.1 content type 21) in what the SFU sends the peer; drops nothing. */
    private static UdpRelay.Filter countAlerts(AtomicLong alerts) {
        return (direction, buf, off, len) -> {
            if (direction == UdpRelay.Direction.TO_PEER && PacketDemux.isDtls(buf, off, len)) {
                int p = off;
                while (len - (p - off) >= 13) {
                    if (buf[p] == 21) {
                        alerts.incrementAndGet();
                    }
                    p += 13 + (((buf[p + 11] & 0xFF) << 8) | (buf[p + 12] & 0xFF));
                }
            }
            return false;
        };
    }

    /** The flood's datagrams: the garbage kinds, and ICE checks for ufrags nobody has. */
    private static List<byte[]> floodDatagrams(Random random) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            if (i % 8 == 0) {
                byte[] id = new byte[12];
                random.nextBytes(id);
                list.add(StunRequests.bindingRequest("nobody" + i + ":peer", "p".repeat(22), id, false));
            } else {
                list.add(Garbage.next(random));
            }
        }
        return list;
    }

    /**
     * Datagrams from a participant's address that its transport must see and drop: everything
     * but STUN (ice4j's STUN stack answers or ignores those) and DTLS (counted when they cannot
     * be genuine; well-formed forgeries reach BouncyCastle, which discards them silently as bad
     * MACs, RFC 6347 §4.1.2.7).
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
