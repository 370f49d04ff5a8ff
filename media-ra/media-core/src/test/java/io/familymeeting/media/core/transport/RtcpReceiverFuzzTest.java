package io.familymeeting.media.core.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.bwe.SendSideEstimator;
import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.MediaSender;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.rtcp.Fir;
import io.familymeeting.media.core.rtcp.GenericNack;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.rtcp.Pli;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import io.familymeeting.media.core.rtcp.ReportBlock;
import io.familymeeting.media.core.rtcp.SenderReport;
import io.familymeeting.media.core.rtcp.Sdes;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.testutil.RtpPackets;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the engine's RTCP receive path, {@link RtcpReceiver}, on a
 * decrypted compound packet from a participant that is both a publisher (a video producer whose
 * sender reports feed its statistics) and a viewer (a video consumer with RTX and ten packets in
 * its retransmission history, and an audio consumer), as a real participant's transport is: SR,
 * RR, Generic NACK, PLI and FIR reach the real {@link Consumer} and {@link Producer}. Fresh
 * objects each run. Invariants: nothing is thrown; every packet a NACK makes the consumer send is
 * valid RTP with the consumer's SSRC, or RTX with its RTX SSRC carrying a sequence number it sent.
 */
class RtcpReceiverFuzzTest {
    private static final long PUBLISHER_SSRC = 0x12345678L;
    private static final long VIDEO_SSRC = 0xCAFEBABEL;
    private static final long VIDEO_RTX_SSRC = 0xCAFEBABFL;
    private static final long AUDIO_SSRC = 0x0BADF00DL;
    private static final int FIRST_SEQ = 65530;
    private static final int SENT = 10;
    private static final long NOW = 100_000;

    /** Compounds as browsers send them, made with the package's writers. */
    static Stream<byte[]> compounds() {
        byte[] sr = new byte[SenderReport.FIXED_LENGTH + 2 * ReportBlock.LENGTH];
        SenderReport.write(sr, 0, PUBLISHER_SSRC, NtpTime.fromMillis(1_700_000_000_000L), 90000, 10, 1000);
        block(sr, VIDEO_SSRC, 0x4A7F3C80L);
        block(sr, AUDIO_SSRC, 0);
        byte[] rr = new byte[ReceiverReport.FIXED_LENGTH + ReportBlock.LENGTH];
        ReceiverReport.write(rr, 0, 1);
        block(rr, VIDEO_SSRC, NtpTime.middle32(NtpTime.now()));
        byte[] sdes = new byte[64];
        sdes = Arrays.copyOf(sdes, Sdes.write(sdes, 0, 1, "browser".getBytes(StandardCharsets.UTF_8)));
        int[] lost = {FIRST_SEQ, FIRST_SEQ + 2, (FIRST_SEQ + 9) & 0xFFFF};
        byte[] nack = new byte[GenericNack.length(lost, 0, lost.length)];
        GenericNack.write(nack, 0, 1, VIDEO_SSRC, lost, 0, lost.length);
        byte[] pli = new byte[Pli.LENGTH];
        Pli.write(pli, 0, 1, VIDEO_SSRC);
        byte[] fir = new byte[Fir.MIN_LENGTH];
        Fir.write(fir, 0, 1, VIDEO_SSRC, 3);
        return Stream.of(sr, rr, nack, pli, fir, concat(sr, sdes, nack), concat(rr, sdes, nack, pli, fir));
    }

    @MethodSource("compounds")
    @FuzzTest
    void receive(byte[] compound) {
        CheckingViewer viewer = new CheckingViewer();
        Producer publisher = new Producer("p", vp8(PUBLISHER_SSRC, -1, 96, -1), FeedbackSender.NONE);
        Consumer video = new Consumer("p", vp8(VIDEO_SSRC, VIDEO_RTX_SSRC, 100, 101), viewer);
        Consumer audio = new Consumer("p", new TrackDescription(TrackKind.AUDIO, "0",
                List.of(new CodecInfo(111, "opus", 48000, 2, null, -1)), Map.of(), AUDIO_SSRC, -1), viewer);
        Producer source = new Producer("q", vp8(0x5555L, -1, 96, -1), FeedbackSender.NONE);
        video.bind(source, NOW);
        for (int i = 0; i < SENT; i++) {
            byte[] p = vp8Packet(0x5555L, (FIRST_SEQ + i) & 0xFFFF, i == 0);
            source.onRtp(p, 0, p.length, NOW + i);
            p = vp8Packet(PUBLISHER_SSRC, i, false);
            publisher.onRtp(p, 0, p.length, NOW + i);
        }
        FuzzChecks.same("packets forwarded to the viewer", SENT, viewer.media);
        viewer.sent.clear();
        viewer.media = 0;

        RecordingOwner owner = new RecordingOwner();
        owner.producers = List.of(publisher);
        owner.consumers = List.of(video, audio);
        // The transport-cc sequence numbers 0..SENT-1 went out 1 ms apart: feedback about them feeds the estimate.
        SendSideEstimator bwe = new SendSideEstimator();
        for (int i = 0; i < SENT; i++) {
            bwe.onPacketSent(1200, (NOW + i) * 1000);
        }
        RtcpReceiver receiver = new RtcpReceiver(owner, bwe);
        receiver.onRtcp(compound, 0, compound.length, NOW + SENT);
        long estimate = bwe.estimateBps();
        FuzzChecks.check(estimate == -1 || (estimate >= 30_000 && estimate <= 1_000_000_000L), "estimate " + estimate);
        double rtt = receiver.rttMillis();
        FuzzChecks.check(rtt == -1 || (rtt >= 0 && rtt < 10_000), "round-trip time " + rtt);
        for (int seq : viewer.sent) {
            FuzzChecks.check(((seq - FIRST_SEQ) & 0xFFFF) < SENT, "retransmitted a sequence number never sent: " + seq);
        }
    }

    /** The viewer's transport (test double): checks every packet a consumer sends. */
    private static final class CheckingViewer implements MediaSender {
        final List<Integer> sent = new ArrayList<>();
        int media;
        private final RtpPacket view = new RtpPacket();

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            FuzzChecks.check(view.wrap(buf, off, len), "a consumer sent invalid RTP");
            if (view.ssrc() == VIDEO_RTX_SSRC) {
                FuzzChecks.same("RTX payload type", 101, view.payloadType());
                sent.add(Rtx.originalSequenceNumber(view));
            } else {
                FuzzChecks.same("video SSRC", VIDEO_SSRC, view.ssrc());
                FuzzChecks.same("video payload type", 100, view.payloadType());
                sent.add(view.sequenceNumber());
                media++;
            }
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }

    private static TrackDescription vp8(long ssrc, long rtxSsrc, int pt, int rtxPt) {
        return new TrackDescription(TrackKind.VIDEO, "1", List.of(new CodecInfo(pt, "VP8", 90000, 1, null, rtxPt)),
                Map.of(), ssrc, rtxSsrc);
    }

    /** A VP8 packet (RFC 7741): descriptor S=1, then a key frame's or a delta frame's payload header. */
    private static byte[] vp8Packet(long ssrc, int seq, boolean keyframe) {
        byte[] payload = {0x10, (byte) (keyframe ? 0x00 : 0x01), 0, 0, (byte) 0x9D, 0x01, 0x2A, 0, 0, 0};
        return RtpPackets.packet(ssrc, 96, seq, 3000L * seq, null, payload);
    }

    private static void block(byte[] report, long ssrc, long lastSr) {
        int at = ReportBlock.append(report, 0, report.length);
        ReportBlock.write(report, at, ssrc, 12, -3, 65545, 40, lastSr, 65536);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
