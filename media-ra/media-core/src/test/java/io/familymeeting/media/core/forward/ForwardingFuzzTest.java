package io.familymeeting.media.core.forward;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.rtp.Keyframes;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.rtp.Rtx;
import io.familymeeting.media.core.rtp.VideoCodec;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.testutil.Hex;
import io.familymeeting.media.core.testutil.RtpPackets;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the forwarding path with what a presenter's browser may
 * send once SRTP has let it through: decrypted RTP packets of any content into a video {@link
 * Producer} (VP8 and H.264, each with RTX, three header extensions), fanned out to viewers'
 * {@link Consumer}s; the first viewer is bound from the start, the second joins where the
 * input says (through the GOP cache when the input enables it), NACK timers and viewers'
 * retransmission requests come where the input says.
 *
 * <p>Input: a flags byte (bit 0: GOP cache), then records of {@code flags(1) length(2) bytes}:
 * the bytes are one packet; record flags bit 0 advances the clock 40 ms, bit 1 runs the
 * producer's NACK timer, bit 2 has the second viewer join, bit 3 has the first viewer ask for
 * its last three sequence numbers again (a NACK).
 *
 * <p>Invariants: nothing is thrown; every packet a viewer gets is valid RTP of at most the
 * engine's packet size, under that viewer's SSRC and payload types (RTX with its RTX SSRC and
 * type, carrying an original sequence number), with no header extension but the ones the viewer
 * negotiated that survive forwarding (abs-send-time; transport-cc, 2 bytes, for its transport to stamp); a viewer's first media packet starts a key frame.
 */
class ForwardingFuzzTest {
    static final long MEDIA_SSRC = 0x11111111L;
    static final long RTX_SSRC = 0x22222222L;
    private static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    private static final String H264_FMTP = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";
    /** The extension ids a viewer may see: its abs-send-time, and its transport-cc (2 bytes, its transport stamps it). */
    private static final int VIEWER_ABS_SEND_TIME = 7;
    private static final int VIEWER_TRANSPORT_CC = 10;

    static Stream<byte[]> streams() {
        byte[] vp8Key = packet(MEDIA_SSRC, 96, 1000, 3000, "10 00 00 00 9d 01 2a 80 02");
        byte[] vp8Delta = packet(MEDIA_SSRC, 96, 1001, 6000, "10 01 00 00 9d 01 2a");
        byte[] rtx = packet(RTX_SSRC, 97, 50, 3000, "03 e8 10 00 00 00 9d 01 2a");
        byte[] h264Idr = packet(MEDIA_SSRC, 102, 1002, 9000, "78 00 04 67 42 e0 1f 00 02 68 ce");
        byte[] h264Fu = packet(MEDIA_SSRC, 102, 1003, 9000, "7c 85 88 84 00 11");
        return Stream.of(
                records(0, new int[] {0, 1, 8, 3}, vp8Delta, vp8Key, vp8Delta, rtx),
                records(1, new int[] {0, 4, 1, 2}, vp8Key, vp8Delta, h264Idr, h264Fu),
                records(1, new int[] {0, 0, 4, 9}, h264Idr, h264Fu, vp8Key, rtx));
    }

    @MethodSource("streams")
    @FuzzTest
    void forward(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Producer producer = new Producer("presenter", track(MEDIA_SSRC, RTX_SSRC, 96, 102, 3, 4, 5), FeedbackSender.NONE);
        if ((input[0] & 1) != 0) {
            producer.enableGopCache(new GopCache(64, 64 * 1024));
        }
        CheckingViewer first = new CheckingViewer(0xAAAA0001L, 0xAAAA0002L, 100, 104);
        Consumer a = first.consumer();
        Consumer b = null; // made when it joins: a consumer's retransmission history is large
        long now = 1000;
        a.bind(producer, now);
        int at = 1;
        while (at + 3 <= input.length) {
            int flags = input[at] & 0xFF;
            int len = Math.min(((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF), input.length - at - 3);
            int off = at + 3;
            at = off + len;
            if ((flags & 1) != 0) {
                now += 40;
            }
            // As the transport hands it on: a packet in a buffer of its own, with room behind it.
            byte[] buf = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
            int n = Math.min(len, Packets.MAX_PACKET_SIZE);
            System.arraycopy(input, off, buf, 0, n);
            producer.onRtp(buf, 0, n, now);
            if ((flags & 2) != 0) {
                producer.onTimer(now);
            }
            if ((flags & 4) != 0 && b == null) {
                b = new CheckingViewer(0xBBBB0001L, 0xBBBB0002L, 110, 114).consumer();
                b.bind(producer, now);
            }
            if ((flags & 8) != 0) {
                int last = first.lastSeq;
                a.retransmit(new int[] {last, (last - 1) & 0xFFFF, (last - 2) & 0xFFFF}, 3);
            }
        }
    }

    /** A viewer's transport (test double): checks every packet its consumer sends. */
    private static final class CheckingViewer implements MediaSender {
        private final long ssrc;
        private final long rtxSsrc;
        private final int vp8Pt;
        private final int h264Pt;
        private final RtpPacket view = new RtpPacket();
        private boolean sentMedia;
        int lastSeq;

        CheckingViewer(long ssrc, long rtxSsrc, int vp8Pt, int h264Pt) {
            this.ssrc = ssrc;
            this.rtxSsrc = rtxSsrc;
            this.vp8Pt = vp8Pt;
            this.h264Pt = h264Pt;
        }

        Consumer consumer() {
            return new Consumer("viewer", track(ssrc, rtxSsrc, vp8Pt, h264Pt, VIEWER_ABS_SEND_TIME, 9, 10), this);
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            FuzzChecks.check(len <= Packets.MAX_PACKET_SIZE + Rtx.OSN_LENGTH, "a packet of " + len + " bytes");
            FuzzChecks.check(view.wrap(buf, off, len), "a viewer got invalid RTP");
            int pt = view.payloadType();
            if (view.ssrc() == rtxSsrc) {
                FuzzChecks.check(pt == vp8Pt + 1 || pt == h264Pt + 1, "RTX payload type " + pt);
                FuzzChecks.check(Rtx.originalSequenceNumber(view) >= 0, "RTX without an original sequence number");
            } else {
                FuzzChecks.same("viewer SSRC", ssrc, view.ssrc());
                FuzzChecks.check(pt == vp8Pt || pt == h264Pt, "payload type " + pt);
                lastSeq = view.sequenceNumber();
                if (!sentMedia) {
                    VideoCodec codec = pt == vp8Pt ? VideoCodec.VP8 : VideoCodec.H264;
                    FuzzChecks.check(Keyframes.isKeyframe(codec, view), "a viewer's first packet is not a key frame");
                    sentMedia = true;
                }
            }
            for (int id = 1; id < 256; id++) {
                FuzzChecks.check(id == VIEWER_ABS_SEND_TIME || id == VIEWER_TRANSPORT_CC || view.findExtension(id) < 0,
                        "extension id " + id + " reached a viewer");
            }
            int twcc = view.extensionLength(VIEWER_TRANSPORT_CC);
            FuzzChecks.check(twcc == -1 || twcc == 2, "a transport-cc element of " + twcc + " bytes reached a viewer");
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }

    private static TrackDescription track(long ssrc, long rtxSsrc, int vp8Pt, int h264Pt, int absSendTime, int mid,
                                          int transportCc) {
        return new TrackDescription(TrackKind.VIDEO, "1", List.of(
                new CodecInfo(vp8Pt, "VP8", 90000, 1, null, vp8Pt + 1),
                new CodecInfo(h264Pt, "H264", 90000, 1, H264_FMTP, h264Pt + 1)),
                Map.of(ABS_SEND_TIME, absSendTime, MID, mid, TRANSPORT_CC, transportCc), ssrc, rtxSsrc);
    }

    /** An RTP packet with a one-byte extension block: abs-send-time (id 3), mid (id 4), transport-cc (id 5). */
    private static byte[] packet(long ssrc, int pt, int seq, long ts, String payloadHex) {
        return RtpPackets.packet(ssrc, pt, seq, ts, Hex.bytes("be de 00 03  32 01 02 03  40 31  51 00 07  00 00 00"),
                Hex.bytes(payloadHex));
    }

    private static byte[] records(int flags, int[] recordFlags, byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        for (int i = 0; i < packets.length; i++) {
            out.write(recordFlags[i]);
            out.write(packets[i].length >> 8);
            out.write(packets[i].length);
            out.writeBytes(packets[i]);
        }
        return out.toByteArray();
    }
}
