package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.testutil.Hex;
import io.familymeeting.media.core.testutil.RtpPackets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producer → Consumer forwarding without a network: payload type and SSRC mapping, sequence
 * and timestamp continuity across a presenter switch, keyframe gating, NACK retransmission
 * (plain and RTX). The viewer side is a recording {@link MediaSender} (test double standing in
 * for the SRTP transport, which has its own tests).
 */
class ForwardingTest {
    static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /** Records what a consumer sends, as copies. */
    static final class RecordingSender implements MediaSender {
        final List<byte[]> rtp = new ArrayList<>();

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            rtp.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }

    /** Counts keyframe requests the producers make. */
    static final class CountingFeedback implements FeedbackSender {
        int plis;
        final int[] scratch = new int[64];

        @Override
        public void sendPli(long mediaSsrc) {
            plis++;
        }

        @Override
        public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        }

        @Override
        public int[] nackScratch() {
            return scratch;
        }
    }

    static TrackDescription video(long ssrc, long rtxSsrc, int pt, int rtxPt, Map<String, Integer> ext) {
        return new TrackDescription(TrackKind.VIDEO, "1",
                List.of(new CodecInfo(pt, "VP8", 90000, 1, null, rtxPt)), ext, ssrc, rtxSsrc);
    }

    /** A VP8 RTP packet with a one-byte extension block (abs-send-time id 3, mid id 4). */
    static byte[] vp8(long ssrc, int pt, int seq, long ts, boolean keyframe) {
        byte[] ext = Hex.bytes("be de 00 02  32 01 02 03  40 31 00 00"); // id 3 (3 bytes), id 4 (mid) "1", padding
        byte[] payload = new byte[20];
        payload[0] = 0x10; // VP8 descriptor: S=1, PID=0
        payload[1] = (byte) (keyframe ? 0x00 : 0x01); // P bit
        payload[4] = (byte) 0x9D;
        payload[5] = 0x01;
        payload[6] = 0x2A;
        return RtpPackets.packet(ssrc, pt, seq, ts, ext, payload);
    }

    private static RtpPacket view(byte[] b) {
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        return p;
    }

    @Test
    void rewritesIdentityAndContinuesAcrossAPresenterSwitch() {
        CountingFeedback feedback = new CountingFeedback();
        Producer a = new Producer("a", video(1111, -1, 96, -1, Map.of(ABS_SEND_TIME, 3, MID, 4)), feedback);
        Producer b = new Producer("b", video(2222, -1, 98, -1, Map.of(ABS_SEND_TIME, 3, MID, 4)), feedback);
        RecordingSender viewer = new RecordingSender();
        Consumer c = new Consumer("v", video(5555, -1, 100, -1, Map.of(ABS_SEND_TIME, 7, MID, 9)), viewer);

        c.bind(a, 0);
        assertThat(feedback.plis).as("binding asks for a keyframe").isEqualTo(1);
        a.onRtp(vp8(1111, 96, 500, 9000, false), 0, 44, 10);
        assertThat(viewer.rtp).as("no delta frame before a keyframe").isEmpty();
        for (int i = 0; i < 5; i++) {
            byte[] pkt = vp8(1111, 96, 501 + i, 9000 + 3000L * i, i == 0);
            a.onRtp(pkt, 0, pkt.length, 20 + 33L * i);
        }
        assertThat(viewer.rtp).hasSize(5);
        RtpPacket first = view(viewer.rtp.get(0));
        assertThat(first.ssrc()).isEqualTo(5555);
        assertThat(first.payloadType()).isEqualTo(100);
        assertThat(first.findExtension(7)).as("abs-send-time mapped to the viewer's id").isPositive();
        assertThat(first.findExtension(3)).isNegative();
        assertThat(first.findExtension(9)).as("mid is not forwarded").isNegative();
        int lastSeq = view(viewer.rtp.get(4)).sequenceNumber();
        long lastTs = view(viewer.rtp.get(4)).timestamp();

        c.bind(b, 1000);
        byte[] key = vp8(2222, 98, 60000, 777_000, true);
        b.onRtp(key, 0, key.length, 1100);
        byte[] next = vp8(2222, 98, 60001, 780_000, false);
        b.onRtp(next, 0, next.length, 1133);
        RtpPacket switched = view(viewer.rtp.get(5));
        assertThat(switched.ssrc()).isEqualTo(5555);
        assertThat(switched.sequenceNumber()).isEqualTo((lastSeq + 1) & 0xFFFF);
        assertThat(switched.timestamp()).as("timestamp advances by wall-clock time").isGreaterThan(lastTs);
        assertThat(view(viewer.rtp.get(6)).sequenceNumber()).isEqualTo((lastSeq + 2) & 0xFFFF);
        assertThat(view(viewer.rtp.get(6)).timestamp() - switched.timestamp()).isEqualTo(3000);

        // Packets of the previous presenter no longer reach the viewer.
        byte[] stale = vp8(1111, 96, 506, 30_000, false);
        a.onRtp(stale, 0, stale.length, 1200);
        assertThat(viewer.rtp).hasSize(7);
        assertThat(a.consumerCount()).isZero();
        assertThat(b.consumerCount()).isEqualTo(1);
    }

    @Test
    void nackedPacketsAreResentPlainOrAsRtx() {
        CountingFeedback feedback = new CountingFeedback();
        Producer a = new Producer("a", video(1111, -1, 96, -1, Map.of()), feedback);
        RecordingSender plainViewer = new RecordingSender();
        RecordingSender rtxViewer = new RecordingSender();
        Consumer plain = new Consumer("p", video(10, -1, 96, -1, Map.of()), plainViewer);
        Consumer rtx = new Consumer("r", video(20, 21, 96, 97, Map.of()), rtxViewer);
        plain.bind(a, 0);
        rtx.bind(a, 0);
        for (int i = 0; i < 10; i++) {
            byte[] pkt = vp8(1111, 96, 100 + i, 3000L * i, i == 0);
            a.onRtp(pkt, 0, pkt.length, 33L * i);
        }
        RtpPacket lostPlain = view(plainViewer.rtp.get(3));
        RtpPacket lostRtx = view(rtxViewer.rtp.get(3));

        plain.retransmit(new int[] {lostPlain.sequenceNumber(), 12345}, 2);
        assertThat(plainViewer.rtp).hasSize(11);
        assertThat(plainViewer.rtp.get(10)).isEqualTo(plainViewer.rtp.get(3));
        assertThat(plain.retransmitted()).isEqualTo(1);
        assertThat(plain.nacksReceived()).isEqualTo(2);

        rtx.retransmit(new int[] {lostRtx.sequenceNumber()}, 1);
        RtpPacket resent = view(rtxViewer.rtp.get(10));
        assertThat(resent.ssrc()).isEqualTo(21);
        assertThat(resent.payloadType()).isEqualTo(97);
        byte[] b = resent.buffer();
        int osn = ((b[resent.payloadOffset()] & 0xFF) << 8) | (b[resent.payloadOffset() + 1] & 0xFF);
        assertThat(osn).as("RFC 4588 original sequence number").isEqualTo(lostRtx.sequenceNumber());
    }

    @Test
    void viewerWithoutTheCodecGetsNothing() {
        CountingFeedback feedback = new CountingFeedback();
        Producer a = new Producer("a", video(1111, -1, 96, -1, Map.of()), feedback);
        RecordingSender viewer = new RecordingSender();
        Consumer c = new Consumer("v", new TrackDescription(TrackKind.VIDEO, "1",
                List.of(new CodecInfo(102, "H264", 90000, 1, "profile-level-id=42e01f;packetization-mode=1", -1)),
                Map.of(), 5, -1), viewer);
        c.bind(a, 0);
        byte[] pkt = vp8(1111, 96, 1, 0, true);
        a.onRtp(pkt, 0, pkt.length, 0);
        assertThat(viewer.rtp).isEmpty();
    }

    @Test
    void buffersAreMadeWithTheFirstForwardedPacketAndANackBeforeItIsAnswered() {
        CountingFeedback feedback = new CountingFeedback();
        Producer a = new Producer("a", video(1111, -1, 96, -1, Map.of()), feedback);
        RecordingSender viewer = new RecordingSender();
        Consumer c = new Consumer("v", video(10, 11, 96, 97, Map.of()), viewer);
        assertThat(c.hasBuffers()).as("a slot that was never bound").isFalse();
        c.retransmit(new int[] {1, 2}, 2);
        assertThat(c.nacksReceived()).isEqualTo(2);
        assertThat(c.retransmitted()).as("nothing to resend yet").isZero();

        c.bind(a, 0);
        byte[] delta = vp8(1111, 96, 7, 0, false);
        a.onRtp(delta, 0, delta.length, 0);
        assertThat(c.hasBuffers()).as("waiting for a keyframe: nothing forwarded yet").isFalse();
        byte[] key = vp8(1111, 96, 8, 3000, true);
        a.onRtp(key, 0, key.length, 33);
        assertThat(c.hasBuffers()).isTrue();
        int sent = view(viewer.rtp.get(0)).sequenceNumber();
        c.retransmit(new int[] {sent}, 1);
        assertThat(c.retransmitted()).isEqualTo(1);
    }
}
