package io.familymeeting.media.core.transport;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.ice.MediaPortConfig;
import io.familymeeting.media.core.rtcp.Bye;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.ReportBlock;
import io.familymeeting.media.core.rtcp.Rtcp;
import io.familymeeting.media.core.rtcp.RtcpIterator;
import io.familymeeting.media.core.rtcp.Sdes;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.send.SendQueue;
import io.familymeeting.media.core.util.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link WebRtcTransport} on a media port bound to 127.0.0.1 against a browser's end made
 * of real stacks ({@link BrowserSide}: ice4j, DTLS client, SRTP), and a {@link RecordingOwner}
 * with real producers and consumers in place of the participant. Covers both paths: demux →
 * DTLS / SRTP → RTCP or RTP up, and protect → transmit (directly and through a send queue),
 * plus the RTCP the transport writes and its failures.
 */
@Timeout(60)
class WebRtcTransportTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate BROWSER_CERT = DtlsCertificate.generate();
    private static final long WAIT = 20_000;
    private static final String TRANSPORT_CC = HeaderExtensions.TRANSPORT_WIDE_CC;
    private static final int TRANSPORT_CC_ID = 3;
    private MediaPort port;
    private ExecutorService executor;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final RecordingOwner owner = new RecordingOwner();
    private SendQueue queue;

    /** What the engine gives a transport: the test's threads, the wall clock, the send queue if any. */
    private final class Context implements TransportContext {
        @Override
        public Executor executor() {
            return executor;
        }

        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public SendQueue assignSendQueue() {
            return queue;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        port = MediaPort.open(MediaPortConfig.defaults().withBind("127.0.0.1", 0));
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "transport-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
            if (queue != null) {
                queue.close(2_000);
            }
        } finally {
            port.close();
            executor.shutdownNow();
        }
    }

    private WebRtcTransport open(ParticipantRole role, IceTransportConfig config) throws Exception {
        WebRtcTransport t = WebRtcTransport.open(port, config, SERVER_CERT, new Context(), role);
        toClose.add(t::close);
        return t;
    }

    private BrowserSide browser() throws Exception {
        BrowserSide b = new BrowserSide(BROWSER_CERT, SERVER_CERT.fingerprint(), executor);
        toClose.add(b);
        return b;
    }

    /** Offer/answer as the engine does it, then ICE and DTLS up on both ends. */
    private BrowserSide connected(WebRtcTransport transport) throws Exception {
        transport.attach(owner);
        return connectedAttached(transport);
    }

    private BrowserSide connectedAttached(WebRtcTransport transport) throws Exception {
        BrowserSide browser = browser();
        transport.prepareDtls(DtlsRole.SERVER, List.of(BROWSER_CERT.fingerprint()));
        transport.connect(browser.ice().ufrag(), browser.ice().password(), browser.ice().candidates());
        browser.connectTo(transport, port.port());
        browser.handshake(WAIT);
        assertThat(owner.awaitSecure(WAIT)).as("the owner heard the transport is secure").isTrue();
        assertThat(transport.isSecure()).isTrue();
        return browser;
    }

    // --- Presenter: RTP up, garbage dropped, feedback and reports out ----------------------------

    @Test
    void presenterMediaGoesUpDecryptedAndGarbageIsDroppedAndCounted() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.PRESENTER, IceTransportConfig.defaults());
        BrowserSide browser = connected(transport);
        Producer video = new Producer("p", videoTrack(0x3333, -1), transport.feedback());
        owner.producers = List.of(video);
        long droppedBefore = transport.droppedPackets();

        byte[] media = rtp(96, 1, 0x3333, 7);
        browser.sendRtp(media);
        assertThat(owner.rtp.poll(WAIT, TimeUnit.MILLISECONDS)).as("decrypted once, handed up").isEqualTo(media);
        assertThat(video.packets()).isEqualTo(1);

        byte[] notRtp = new byte[60];
        notRtp[0] = 0x40; // RFC 7983: 64..127 is neither STUN, DTLS nor RTP/RTCP
        browser.sendRaw(notRtp, 0, notRtp.length);
        byte[] forgedRtp = rtp(96, 2, 0x3333, 7);
        Arrays.fill(forgedRtp, 20, forgedRtp.length, (byte) 0x5A); // header kept, no valid auth tag
        browser.sendRaw(forgedRtp, 0, forgedRtp.length);
        byte[] forgedRtcp = new byte[40];
        ReceiverReport.write(forgedRtcp, 0, 0x1234);
        browser.sendRaw(forgedRtcp, 0, forgedRtcp.length);
        browser.sendRtp(rtp(96, 3, 0x9999, 7)); // authentic, but no producer owns it

        awaitDropped(transport, droppedBefore + 4);
        browser.sendRtp(rtp(96, 4, 0x3333, 7));
        assertThat(owner.rtp.poll(WAIT, TimeUnit.MILLISECONDS)).as("the path still works").isNotNull();
        assertThat(owner.rtp).as("nothing else reached the owner").isEmpty();
        assertThat(transport.droppedPackets()).isEqualTo(droppedBefore + 4);
        DropCounts drops = transport.drops();
        assertThat(drops.garbage()).isEqualTo(1);
        assertThat(drops.srtpAuthFailed()).isEqualTo(1);
        assertThat(drops.srtcpAuthFailed() + drops.srtpInvalid()).as("the forged SRTCP").isEqualTo(1);
        assertThat(drops.unroutable()).isEqualTo(1);
        assertThat(owner.failures).isEmpty();
        assertThat(owner.secureCalls.get()).isEqualTo(1);
    }

    /**
     * Each cause counted on its own: a replayed SRTP and SRTCP packet, an authentic compound RTCP
     * whose second packet runs past the end, and issue 13's short DTLS record; none fails anything.
     */
    @Test
    void replaysMalformedRtcpAndImpossibleDtlsAreCountedByCause() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.PRESENTER, IceTransportConfig.defaults());
        BrowserSide browser = connected(transport);
        Producer video = new Producer("p", videoTrack(0x3333, -1), transport.feedback());
        owner.producers = List.of(video);

        byte[] media = rtp(96, 10, 0x3333, 7);
        byte[] protectedMedia = Arrays.copyOf(media, media.length + 32);
        int n = browser.session().protectRtp(protectedMedia, 0, media.length);
        browser.sendRaw(protectedMedia, 0, n);
        assertThat(owner.rtp.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo(media);
        browser.sendRaw(protectedMedia, 0, n);                          // the same packet again

        byte[] report = new byte[40];
        int rr = ReceiverReport.write(report, 0, 0x1234);
        byte[] protectedReport = Arrays.copyOf(report, rr + 32);
        int m = browser.session().protectRtcp(protectedReport, 0, rr);
        browser.sendRaw(protectedReport, 0, m);
        browser.sendRaw(protectedReport, 0, m);                         // the same SRTCP index again

        byte[] compound = new byte[rr + 8];
        System.arraycopy(report, 0, compound, 0, rr);
        compound[rr] = (byte) 0x81;                                     // an RR...
        compound[rr + 1] = (byte) 201;
        compound[rr + 3] = 9;                                           // ...claiming 40 bytes, 8 present
        browser.sendRtcp(compound);

        byte[] shortRecord = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 42};
        browser.sendRaw(shortRecord, 0, shortRecord.length);

        awaitDropped(transport, 4);
        DropCounts drops = transport.drops();
        assertThat(drops.srtpReplayed()).isEqualTo(1);
        assertThat(drops.srtcpReplayed()).isEqualTo(1);
        assertThat(drops.rtcpMalformed()).isEqualTo(1);
        assertThat(drops.dtlsRejected()).isEqualTo(1);
        assertThat(drops.total()).isEqualTo(4);
        browser.sendRtp(rtp(96, 11, 0x3333, 7));
        assertThat(owner.rtp.poll(WAIT, TimeUnit.MILLISECONDS)).as("the path still works").isNotNull();
        assertThat(owner.failures).isEmpty();
    }

    @Test
    void presenterGetsFeedbackTransportCcAndReceiverReportsWithCname() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.PRESENTER, IceTransportConfig.defaults());
        assertThatThrownBy(transport::feedback).isInstanceOf(IllegalStateException.class);
        BrowserSide browser = connected(transport);
        Producer video = new Producer("p", videoTrack(0x3333, -1), transport.feedback());
        owner.producers = List.of(video);
        for (int seq = 1; seq <= 5; seq++) {
            browser.sendRtp(rtp(96, seq, 0x3333, 100 + seq));
            assertThat(owner.rtp.poll(WAIT, TimeUnit.MILLISECONDS)).isNotNull();
        }
        // The publisher's sender report (RFC 3550 §6.4.1): its NTP time comes back as LSR.
        long ntp = NtpTime.now();
        byte[] sr = new byte[SenderReport.FIXED_LENGTH];
        SenderReport.write(sr, 0, 0x3333, ntp, 90_000, 5, 500);
        browser.sendRtcp(sr);
        awaitLsr(video, ntp);

        video.requestKeyframe(System.currentTimeMillis());
        byte[] pli = browser.nextRtcp(WAIT);
        assertThat(Pli.isPli(pli, 0, pli.length)).isTrue();
        assertThat(Pli.mediaSsrc(pli, 0)).isEqualTo(0x3333);
        assertThat(owner.keyframeRequests).containsExactly(0x3333L);

        transport.feedback().sendNack(0x3333, new int[] {40, 41}, 2);
        byte[] nack = browser.nextRtcp(WAIT);
        GenericNack view = new GenericNack();
        assertThat(view.wrap(nack, 0, nack.length)).isTrue();
        int[] lost = new int[8];
        assertThat(Arrays.copyOf(lost, view.lostSequenceNumbers(lost))).containsExactly(40, 41);

        transport.onTimer(RtcpSender.REPORT_INTERVAL_MILLIS);
        byte[] tcc = browser.nextRtcp(WAIT);
        assertThat(Rtcp.packetType(tcc, 0)).isEqualTo(Rtcp.PT_RTPFB);
        assertThat(Rtcp.countOrFmt(tcc, 0)).isEqualTo(Rtcp.FMT_TRANSPORT_CC);
        byte[] report = browser.nextRtcp(WAIT);
        List<Integer> types = types(report);
        assertThat(types).containsExactly(Rtcp.PT_RR, Rtcp.PT_SDES);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(report, 0, report.length)).isTrue();
        assertThat(rr.reportCount()).isEqualTo(1);
        int block = rr.blockOffset(0);
        assertThat(ReportBlock.ssrc(report, block)).isEqualTo(0x3333);
        assertThat(ReportBlock.lastSr(report, block)).isEqualTo(NtpTime.middle32(ntp));
        int sdes = Rtcp.declaredLength(report, 0);
        assertThat(Sdes.cname(report, sdes, report.length - sdes, 0)).isEqualTo(WebRtcTransport.CNAME);
        assertThat(Sdes.chunkSsrc(report, sdes, report.length - sdes, 0)).isEqualTo(rr.senderSsrc());
    }

    // --- Viewer: RTCP routed to consumers, media out, sender reports, goodbye --------------------

    @Test
    void viewerFeedbackReachesItsConsumersAndForwardedMediaGoesOutProtected() throws Exception {
        Viewer viewer = viewer();
        WebRtcTransport transport = viewer.transport;
        Consumer audio = viewer.audio;
        Consumer video = viewer.video;
        BrowserSide browser = viewer.browser;

        // A presenter's audio through a consumer: rewritten to the viewer's SSRC, then protected.
        byte[] spoken = viewer.speak();
        byte[] heard = browser.nextRtp(WAIT);
        RtpPacket view = new RtpPacket();
        assertThat(view.wrap(heard, 0, heard.length)).isTrue();
        assertThat(view.ssrc()).isEqualTo(0x1111);
        RtpPacket original = new RtpPacket();
        assertThat(original.wrap(spoken, 0, spoken.length)).isTrue();
        assertThat(Arrays.copyOfRange(heard, view.payloadOffset(), heard.length))
                .isEqualTo(Arrays.copyOfRange(spoken, original.payloadOffset(), spoken.length));

        // One compound from the viewer: a report about the audio, a NACK and a PLI for the video.
        long lsr = NtpTime.middle32(NtpTime.now()) - 65536 / 10; // our SR it echoes: 100 ms ago
        byte[] rtcp = new byte[200];
        int n = ReceiverReport.write(rtcp, 0, 0xABCD);
        int block = ReportBlock.append(rtcp, 0, rtcp.length);
        ReportBlock.write(rtcp, block, 0x1111, 0, 7, 100, 480, lsr, 0);
        n = Rtcp.declaredLength(rtcp, 0);
        n += GenericNack.write(rtcp, n, 0xABCD, 0x2222, new int[] {5, 6}, 0, 2);
        n += Pli.write(rtcp, n, 0xABCD, 0x2222);
        browser.sendRtcp(Arrays.copyOf(rtcp, n));

        long deadline = System.currentTimeMillis() + WAIT;
        while (video.keyframeRequests() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(video.keyframeRequests()).isEqualTo(1);
        assertThat(video.nacksReceived()).isEqualTo(2);
        assertThat(audio.reportedLost()).isEqualTo(7);
        assertThat(audio.reportedJitterMillis()).isEqualTo(10.0); // 480 at 48 kHz
        assertThat(transport.rttMillis()).isBetween(90.0, 5_000.0);
        assertThat(audio.nacksReceived()).isZero();

        // Straight through protect → transmit.
        byte[] plain = rtp(96, 77, 0x2222, 9);
        assertThat(transport.sendRtp(Arrays.copyOf(plain, plain.length + 32), 0, plain.length)).isTrue();
        assertThat(browser.nextRtp(WAIT)).isEqualTo(plain);
    }

    @Test
    void viewerGetsSenderReportsWithCnameAndAGoodbyeWhenTheTransportCloses() throws Exception {
        Viewer viewer = viewer();
        WebRtcTransport transport = viewer.transport;
        BrowserSide browser = viewer.browser;
        byte[] spoken = viewer.speak();
        assertThat(browser.nextRtp(WAIT)).isNotNull();

        transport.onTimer(RtcpSender.REPORT_INTERVAL_MILLIS);
        byte[] report = browser.nextRtcp(WAIT);
        assertThat(types(report)).as("only the stream that sent something is reported")
                .containsExactly(Rtcp.PT_SR, Rtcp.PT_SDES);
        SenderReport sr = new SenderReport();
        assertThat(sr.wrap(report, 0, report.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0x1111);
        assertThat(sr.packetCount()).isEqualTo(1);
        int sdes = Rtcp.declaredLength(report, 0);
        assertThat(Sdes.chunkSsrc(report, sdes, report.length - sdes, 0)).isEqualTo(0x1111);
        assertThat(Sdes.cname(report, sdes, report.length - sdes, 0)).isEqualTo(WebRtcTransport.CNAME);

        transport.close();
        byte[] goodbye = browser.nextRtcp(WAIT);
        assertThat(types(goodbye)).containsExactly(Rtcp.PT_RR, Rtcp.PT_SDES, Rtcp.PT_BYE);
        RtcpIterator it = new RtcpIterator().reset(goodbye, 0, goodbye.length);
        it.next();
        it.next();
        it.next();
        Bye bye = new Bye();
        assertThat(bye.wrap(goodbye, it.offset(), it.length())).isTrue();
        List<Long> leaving = new ArrayList<>();
        for (int i = 0; i < bye.ssrcCount(); i++) {
            leaving.add(bye.ssrc(i));
        }
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(goodbye, 0, goodbye.length)).isTrue();
        assertThat(leaving).containsExactly(rr.senderSsrc(), 0x1111L, 0x2222L, 0x2223L);
        assertThat(transport.isSecure()).isFalse();
        assertThat(transport.sendRtp(Arrays.copyOf(spoken, spoken.length + 32), 0, spoken.length)).isFalse();
    }

    @Test
    void withASendQueueTheQueuesThreadProtectsAndTransmits() throws Exception {
        queue = new SendQueue(64);
        executor.execute(queue::run);
        WebRtcTransport transport = open(ParticipantRole.VIEWER, IceTransportConfig.defaults());
        owner.consumers = List.of(new Consumer("v", videoTrack(0x2222, 0x2223), transport));
        BrowserSide browser = connected(transport);

        byte[] plain = rtp(96, 1, 0x2222, 3);
        byte[] buf = Arrays.copyOf(plain, plain.length + 32);
        assertThat(transport.sendRtp(buf, 0, plain.length)).isTrue();
        Arrays.fill(buf, (byte) 0); // the queue kept its own copy
        assertThat(browser.nextRtp(WAIT)).isEqualTo(plain);
        assertThat(queue.offered()).isEqualTo(1);
        long deadline = System.currentTimeMillis() + WAIT;
        while (queue.sent() < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(queue.sent()).isEqualTo(1);
    }

    // --- Failures ---------------------------------------------------------------------------------

    @Test
    void iceThatNeverConnectsFailsTheTransport() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.VIEWER,
                IceTransportConfig.defaults().withConnectTimeoutMillis(500));
        BrowserSide browser = browser(); // offered, but never answers the checks
        transport.prepareDtls(DtlsRole.SERVER, List.of(BROWSER_CERT.fingerprint()));
        transport.attach(owner);
        transport.connect(browser.ice().ufrag(), browser.ice().password(), browser.ice().candidates());
        assertThat(owner.failures.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("ICE: no connectivity");
        assertThat(owner.secureCalls.get()).isZero();
    }

    @Test
    void aCertificateThatDoesNotMatchTheOfferFailsDtls() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.VIEWER, IceTransportConfig.defaults());
        BrowserSide browser = browser();
        transport.prepareDtls(DtlsRole.SERVER, List.of(SERVER_CERT.fingerprint())); // not the browser's
        transport.attach(owner);
        transport.connect(browser.ice().ufrag(), browser.ice().password(), browser.ice().candidates());
        browser.connectTo(transport, port.port());
        assertThatThrownBy(() -> browser.handshake(WAIT)).isNotNull();
        assertThat(owner.failures.poll(WAIT, TimeUnit.MILLISECONDS)).startsWith("DTLS: ");
        assertThat(owner.secureCalls.get()).isZero();
        assertThat(transport.isSecure()).isFalse();
    }

    @Test
    void connectNeedsDtlsAndAnOwnerFirst() throws Exception {
        WebRtcTransport transport = open(ParticipantRole.VIEWER, IceTransportConfig.defaults());
        assertThatThrownBy(() -> transport.connect("ufrag", "password-password-pass", List.of()))
                .isInstanceOf(IllegalStateException.class);
        transport.attach(owner);
        assertThatThrownBy(() -> transport.attach(owner)).isInstanceOf(IllegalStateException.class);
    }

    // --- helpers ------------------------------------------------------------------------------

    /** A connected viewer transport with an audio slot (0x1111) and a video slot (0x2222, RTX 0x2223). */
    private final class Viewer {
        final WebRtcTransport transport;
        final Consumer audio;
        final Consumer video;
        final BrowserSide browser;
        final Producer microphone;

        Viewer() throws Exception {
            transport = open(ParticipantRole.VIEWER, IceTransportConfig.defaults());
            transport.attach(owner);
            audio = new Consumer("v", audioTrack(0x1111), transport);
            video = new Consumer("v", videoTrack(0x2222, 0x2223), transport);
            owner.consumers = List.of(audio, video);
            browser = connectedAttached(transport);
            // A presenter's microphone feeds the audio slot. Audio producers ask for no
            // feedback, so whose feedback sender it has does not matter here.
            microphone = new Producer("p", audioTrack(0x7777), transport.feedback());
            audio.bind(microphone, 0);
        }

        /** One packet from the presenter's microphone through the audio consumer; returns it as sent. */
        byte[] speak() {
            byte[] spoken = rtp(111, 10, 0x7777, 55);
            microphone.onRtp(Arrays.copyOf(spoken, spoken.length + 32), 0, spoken.length, 1);
            return spoken;
        }
    }

    private Viewer viewer() throws Exception {
        return new Viewer();
    }

    private static TrackDescription videoTrack(long ssrc, long rtxSsrc) {
        return new TrackDescription(TrackKind.VIDEO, "1", List.of(new CodecInfo(96, "VP8", 90000, 1, null, 97)),
                Map.of(TRANSPORT_CC, TRANSPORT_CC_ID), ssrc, rtxSsrc);
    }

    private static TrackDescription audioTrack(long ssrc) {
        return new TrackDescription(TrackKind.AUDIO, "0", List.of(new CodecInfo(111, "opus", 48000, 2, null, -1)),
                Map.of(), ssrc, -1);
    }

    /**
     * A plain RTP packet with a one-byte header extension (RFC 8285 §4.2) carrying the
     * transport-wide sequence number {@code transportSeq}, and 40 bytes of payload.
     */
    private static byte[] rtp(int payloadType, int seq, long ssrc, int transportSeq) {
        byte[] b = new byte[12 + 8 + 40];
        b[0] = (byte) 0x90; // V=2, X=1
        b[1] = (byte) payloadType;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, 1000L * seq);
        Bytes.put32(b, 8, ssrc);
        Bytes.put16(b, 12, RtpPacket.ONE_BYTE_PROFILE);
        Bytes.put16(b, 14, 1);
        b[16] = (byte) ((TRANSPORT_CC_ID << 4) | 1);
        Bytes.put16(b, 17, transportSeq);
        for (int i = 20; i < b.length; i++) {
            b[i] = (byte) (i * 7 + seq);
        }
        return b;
    }

    private static List<Integer> types(byte[] compound) {
        List<Integer> types = new ArrayList<>();
        RtcpIterator it = new RtcpIterator().reset(compound, 0, compound.length);
        while (it.next()) {
            types.add(it.packetType());
        }
        assertThat(it.malformed()).isFalse();
        return types;
    }

    private static void awaitDropped(WebRtcTransport transport, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT;
        while (transport.droppedPackets() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    /** The sender report reached the producer's statistics (it arrives on the receive thread). */
    private static void awaitLsr(Producer producer, long ntp) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT;
        byte[] probe = new byte[64];
        while (System.currentTimeMillis() < deadline) {
            ReceiverReport.write(probe, 0, 1);
            producer.receiveStatistics().appendReportBlock(probe, 0, probe.length, System.currentTimeMillis() * 1000);
            if (ReportBlock.lastSr(probe, ReceiverReport.FIXED_LENGTH) == NtpTime.middle32(ntp)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the sender report did not reach the producer's statistics");
    }
}
