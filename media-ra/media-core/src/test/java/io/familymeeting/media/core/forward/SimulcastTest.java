package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Vp8Descriptor;
import io.familymeeting.media.core.sdp.answer.HeaderExtensions;
import io.familymeeting.media.core.testutil.RtpPackets;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulcast through {@link Producer} and {@link Consumer} without a network: rid encodings
 * learn their SSRCs from the rid header extension, a viewer gets one layer and switches at the
 * target layer's keyframe with continuous sequence numbers and VP8 picture ids, keyframe
 * requests go to the one layer that needs them, and {@link LayerAllocator} picks layers from
 * the estimate and probes with padding. The viewer side is {@link ForwardingTest.RecordingSender}
 * (a test double standing in for the SRTP transport).
 */
class SimulcastTest {
    static final int PT = 96, RTX_PT = 97;
    static final int RID_ID = 10, REPAIRED_ID = 11, TWCC_ID = 5;
    static final long[] SSRC = {1001, 1002, 1003};

    /** Counts keyframe requests per SSRC. */
    static final class PliRecorder implements FeedbackSender {
        final List<Long> plis = new ArrayList<>();
        final int[] scratch = new int[64];

        @Override
        public void sendPli(long mediaSsrc) {
            plis.add(mediaSsrc);
        }

        @Override
        public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        }

        @Override
        public int[] nackScratch() {
            return scratch;
        }
    }

    static TrackDescription presenterTrack() {
        return new TrackDescription(TrackKind.VIDEO, "1",
                List.of(new CodecInfo(PT, "VP8", 90000, 1, null, RTX_PT)),
                Map.of(HeaderExtensions.RTP_STREAM_ID, RID_ID, HeaderExtensions.REPAIRED_RTP_STREAM_ID, REPAIRED_ID,
                        HeaderExtensions.TRANSPORT_WIDE_CC, TWCC_ID),
                -1, -1, List.of(new TrackDescription.Encoding("q", -1, -1), new TrackDescription.Encoding("h", -1, -1),
                        new TrackDescription.Encoding("f", -1, -1)));
    }

    static TrackDescription viewerSlot() {
        return new TrackDescription(TrackKind.VIDEO, "0",
                List.of(new CodecInfo(100, "VP8", 90000, 1, null, 101)),
                Map.of(HeaderExtensions.TRANSPORT_WIDE_CC, 3), 5555, 5556);
    }

    /** One-byte extension block holding element {@code id} with {@code text}, padded to 32 bits. */
    static byte[] ridBlock(int id, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        int words = (1 + t.length + 3) / 4;
        byte[] b = new byte[4 + 4 * words];
        b[0] = (byte) 0xBE;
        b[1] = (byte) 0xDE;
        b[3] = (byte) words;
        b[4] = (byte) (id << 4 | (t.length - 1));
        System.arraycopy(t, 0, b, 5, t.length);
        return b;
    }

    /** A VP8 packet with PictureID (15 bits) and TL0PICIDX; a keyframe announces {@code width}×{@code height}. */
    static byte[] vp8(long ssrc, int seq, long ts, int pictureId, int tl0, boolean keyframe, int width, byte[] ext) {
        byte[] payload = new byte[16];
        payload[0] = (byte) 0x90; // X, S
        payload[1] = (byte) 0xC0; // I, L
        payload[2] = (byte) (0x80 | (pictureId >> 8));
        payload[3] = (byte) pictureId;
        payload[4] = (byte) tl0;
        payload[5] = (byte) (keyframe ? 0x00 : 0x01);
        payload[8] = (byte) 0x9D;
        payload[9] = 0x01;
        payload[10] = 0x2A;
        int height = width * 9 / 16;
        payload[11] = (byte) width;
        payload[12] = (byte) (width >> 8);
        payload[13] = (byte) height;
        payload[14] = (byte) (height >> 8);
        return RtpPackets.packet(ssrc, PT, seq, ts, ext, payload);
    }

    static final int[] WIDTH = {320, 640, 1280};

    /** Sends one frame on every layer (layer {@code l}'s seq = base + n), keyframes where asked. */
    static void frame(Producer p, int n, boolean keyframe, long now) {
        frame(p, n, keyframe, now, 0);
    }

    /** {@link #frame(Producer, int, boolean, long)} on layers {@code from} and up only. */
    static void frame(Producer p, int n, boolean keyframe, long now, int from) {
        for (int l = from; l < 3; l++) {
            byte[] ext = n == 0 ? ridBlock(RID_ID, new String[]{"q", "h", "f"}[l]) : null;
            byte[] pkt = vp8(SSRC[l], 1000 * (l + 1) + n, 3000L * n + 77777L * l, (5000 * (l + 1) + n) & 0x7FFF,
                    (10 * (l + 1) + n) & 0xFF, keyframe, WIDTH[l], ext);
            RtpPacket view = new RtpPacket();
            view.wrap(pkt, 0, pkt.length);
            if (!p.owns(view.ssrc())) {
                assertThat(p.adoptIfUnsignaled(view)).as("rid names layer %d", l).isTrue();
            }
            p.onRtp(pkt, 0, pkt.length, now);
        }
    }

    /**
     * One second of packets from {@code start}: per frame layer 0 gets 10, layer 1 40, layer 2 90
     * (the bitrates differ); {@code round} keeps sequence numbers going. Returns the new time.
     */
    static long feedOneSecond(Producer producer, long start, int round) {
        long now = start;
        int seq = round * 30 * 90;
        for (int n = 0; n < 30; n++, now += 33) {
            for (int rep = 0; rep < 90; rep++, seq++) {
                frame(producer, seq, seq == 0, now, rep < 10 ? 0 : rep < 40 ? 1 : 2);
            }
        }
        return now;
    }

    @Test
    void ridLayersAreLearnedAndTheViewerGetsOneLayerSwitchingAtKeyframes() {
        PliRecorder feedback = new PliRecorder();
        Producer producer = new Producer("presenter", presenterTrack(), feedback);
        ForwardingTest.RecordingSender sent = new ForwardingTest.RecordingSender();
        Consumer viewer = new Consumer("viewer", viewerSlot(), sent);
        viewer.bind(producer, 0);
        assertThat(producer.layerCount()).isEqualTo(3);
        long now = 1_000;
        frame(producer, 0, true, now);
        assertThat(producer.owns(SSRC[1])).isTrue();
        assertThat(producer.layerName(2)).isEqualTo("1280x720");
        for (int n = 1; n < 5; n++) {
            frame(producer, n, false, now += 33);
        }
        assertThat(sent.rtp).as("only the lowest layer").hasSize(5);
        assertThat(viewer.layerSummary()).isEqualTo("320x180");

        viewer.setTargetLayer(2);
        feedback.plis.clear();
        frame(producer, 5, false, now += 33);
        assertThat(sent.rtp).as("layer 0 goes on until layer 2's keyframe").hasSize(6);
        assertThat(feedback.plis).as("a keyframe of the target layer only").containsExactly(SSRC[2]);
        frame(producer, 6, true, now += 33);
        frame(producer, 7, false, now += 33);
        assertThat(sent.rtp).as("frame 6: layer 0's keyframe, then layer 2's").hasSize(9);
        assertThat(viewer.currentLayer()).isEqualTo(2);
        assertThat(viewer.layerSwitches()).isEqualTo(1);

        RtpPacket v = new RtpPacket();
        int prevSeq = -1, prevPid = -1;
        for (byte[] b : sent.rtp) {
            v.wrap(b, 0, b.length);
            assertThat(v.ssrc()).isEqualTo(5555);
            int pid = Vp8Descriptor.pictureId(b, Vp8Descriptor.longPictureIdOffset(b, v.payloadOffset(), v.payloadLength()));
            if (prevSeq >= 0) {
                assertThat(v.sequenceNumber()).isEqualTo((prevSeq + 1) & 0xFFFF);
                assertThat(pid).as("picture ids continue across the switch").isEqualTo((prevPid + 1) & 0x7FFF);
            }
            prevSeq = v.sequenceNumber();
            prevPid = pid;
        }

        viewer.setTargetLayer(Consumer.PAUSED);
        frame(producer, 8, false, now += 33);
        assertThat(sent.rtp).as("paused: nothing").hasSize(9);
        assertThat(viewer.layerSummary()).isEqualTo("paused");
    }

    @Test
    void aViewersKeyframeRequestReachesOnlyItsOwnLayer() {
        PliRecorder feedback = new PliRecorder();
        Producer producer = new Producer("presenter", presenterTrack(), feedback);
        Consumer low = new Consumer("low", viewerSlot(), new ForwardingTest.RecordingSender());
        Consumer high = new Consumer("high", viewerSlot(), new ForwardingTest.RecordingSender());
        high.setTargetLayer(2);
        low.bind(producer, 0);
        high.bind(producer, 0);
        frame(producer, 0, true, 1_000);
        feedback.plis.clear();
        low.onKeyframeRequest(5_000);
        low.onKeyframeRequest(5_010); // aggregated: one per layer per interval
        assertThat(feedback.plis).containsExactly(SSRC[0]);
        high.onKeyframeRequest(5_020);
        assertThat(feedback.plis).containsExactly(SSRC[0], SSRC[2]);
    }

    @Test
    void legacySsrcSimulcastIsOneLayerPerSignaledSsrc() {
        TrackDescription track = new TrackDescription(TrackKind.VIDEO, "1",
                List.of(new CodecInfo(PT, "VP8", 90000, 1, null, RTX_PT)), Map.of(), 11, 21,
                List.of(new TrackDescription.Encoding(null, 11, 21), new TrackDescription.Encoding(null, 12, 22)));
        PliRecorder feedback = new PliRecorder();
        Producer producer = new Producer("presenter", track, feedback);
        ForwardingTest.RecordingSender sent = new ForwardingTest.RecordingSender();
        Consumer viewer = new Consumer("viewer", viewerSlot(), sent);
        viewer.setTargetLayer(1);
        viewer.bind(producer, 0);
        assertThat(producer.owns(12)).isTrue();
        assertThat(producer.owns(22)).as("the layer's RTX").isTrue();
        assertThat(feedback.plis).as("the target layer is asked for a keyframe").containsExactly(12L);
        byte[] low = vp8(11, 1, 0, 1, 1, true, 320, null);
        byte[] high = vp8(12, 1, 0, 1, 1, true, 640, null);
        producer.onRtp(low, 0, low.length, 1_000);
        producer.onRtp(high, 0, high.length, 1_000);
        assertThat(sent.rtp).hasSize(1);
        assertThat(viewer.layerSummary()).isEqualTo("640x360");
    }

    @Test
    void repairedRidNamesTheLayersRtxStream() {
        Producer producer = new Producer("presenter", presenterTrack(), new PliRecorder());
        frame(producer, 0, true, 1_000);
        byte[] rtx = RtpPackets.packet(2002, RTX_PT, 1, 0, ridBlock(REPAIRED_ID, "h"), new byte[]{0x03, (byte) 0xE9, 0x10});
        RtpPacket v = new RtpPacket();
        v.wrap(rtx, 0, rtx.length);
        assertThat(producer.adoptIfUnsignaled(v)).isTrue();
        assertThat(producer.owns(2002)).isTrue();
        byte[] unnamed = RtpPackets.packet(3003, PT, 1, 0, null, new byte[]{0x10});
        v.wrap(unnamed, 0, unnamed.length);
        assertThat(producer.adoptIfUnsignaled(v)).as("a simulcast stream without rid").isFalse();
    }

    @Test
    void theAllocatorPicksWhatFitsPausesBelowTheLowestAndProbesForTheNext() {
        Producer producer = new Producer("presenter", presenterTrack(), new PliRecorder());
        ForwardingTest.RecordingSender sent = new ForwardingTest.RecordingSender();
        Consumer viewer = new Consumer("viewer", viewerSlot(), sent);
        viewer.bind(producer, 0);
        LayerAllocator allocator = new LayerAllocator();
        long now = feedOneSecond(producer, 10_000, 0);
        long[] rate = {producer.layerBitrateBps(0, now), producer.layerBitrateBps(1, now), producer.layerBitrateBps(2, now)};
        assertThat(rate[0]).isPositive();
        assertThat(viewer.currentLayer()).isZero();

        allocator.onTimer(List.of(viewer), -1, 0, now);
        assertThat(viewer.targetLayer()).as("no estimate yet: the lowest").isZero();

        // A new allocator allocates at once: the layers' bitrates stay those measured above.
        new LayerAllocator().onTimer(List.of(viewer), Math.max(rate[0], LayerAllocator.MIN_LAYER_BPS) / 3, 0, now);
        assertThat(viewer.targetLayer()).as("not even the lowest fits").isEqualTo(Consumer.PAUSED);
        assertThat(viewer.mustProbeBeforeUp).as("switched down: up again only after a probe").isTrue();
        LayerAllocator blocked = new LayerAllocator();
        viewer.setTargetLayer(0);
        blocked.onTimer(List.of(viewer), 100_000_000, 0, now);
        now = feedOneSecond(producer, now, 1) + 20;
        blocked.onTimer(List.of(viewer), 100_000_000, 0, now);
        assertThat(viewer.targetLayer()).as("a big estimate alone does not bring it up").isZero();
        viewer.mustProbeBeforeUp = false; // as a successful probe does

        LayerAllocator up = new LayerAllocator();
        viewer.setTargetLayer(0);
        up.onTimer(List.of(viewer), 100_000_000, 0, now);
        assertThat(viewer.targetLayer()).as("a higher layer must fit for a while first").isZero();
        now = feedOneSecond(producer, now, 2) + 20;
        up.onTimer(List.of(viewer), 100_000_000, 0, now);
        assertThat(viewer.targetLayer()).as("everything fits, for a second").isEqualTo(2);

        viewer.setTargetLayer(0);
        LayerAllocator middle = new LayerAllocator();
        middle.onTimer(List.of(viewer), rate[1] + rate[0] / 2, 0, now);
        now = feedOneSecond(producer, now, 3) + 20;
        middle.onTimer(List.of(viewer), rate[1] + rate[0] / 2, 0, now);
        assertThat(viewer.targetLayer()).as("the middle fits").isEqualTo(1);

        // The lowest fits, the next does not: a probe pads for what the next needs.
        viewer.setTargetLayer(0);
        allocator = new LayerAllocator();
        allocator.onTimer(List.of(viewer), Math.max(rate[0], LayerAllocator.MIN_LAYER_BPS) + 1, 0, now);
        assertThat(viewer.targetLayer()).isZero();
        assertThat(allocator.probing()).isTrue();
        int before = sent.rtp.size();
        allocator.onTimer(List.of(viewer), rate[0] + 1, 0, now += 100);
        assertThat(sent.rtp.size()).as("padding packets").isGreaterThan(before);
        byte[] pad = sent.rtp.get(sent.rtp.size() - 1);
        RtpPacket v = new RtpPacket();
        v.wrap(pad, 0, pad.length);
        assertThat(v.ssrc()).as("on the viewer's RTX stream").isEqualTo(5556);
        assertThat(v.payloadType()).isEqualTo(101);
        assertThat(v.payloadLength()).isZero();
        assertThat(v.extensionLength(3)).as("room for the transport-wide sequence number").isEqualTo(2);
        allocator.onTimer(List.of(viewer), rate[0] + 1, 0, now += LayerAllocator.PROBE_MILLIS);
        assertThat(allocator.probing()).as("failed probe ends").isFalse();
        assertThat(allocator.probesSucceeded()).isZero();
    }
}
