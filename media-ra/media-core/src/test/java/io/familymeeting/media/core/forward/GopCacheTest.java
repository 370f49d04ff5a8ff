package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.h264.H264Packetizer;
import io.familymeeting.media.core.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A producer with a GOP cache (RTSP cameras): a viewer bound mid-GOP first gets the pictures
 * since the last keyframe, keyframe first, with timestamps pressed together just before the
 * newest, then the live stream continuing without a gap in sequence numbers.
 */
class GopCacheTest {
    private static final String H264_FMTP = "packetization-mode=1;profile-level-id=42c01f";

    private final H264Packetizer packetizer = new H264Packetizer(96, 0xCAFE, 1200, 100);

    private static TrackDescription h264(long ssrc, String fmtp) {
        return new TrackDescription(TrackKind.VIDEO, "v", List.of(new CodecInfo(96, "H264", 90000, 1, fmtp, -1)),
                Map.of(), ssrc, -1);
    }

    /** One picture: an IDR (type 5) or a P slice (type 1) of {@code size} bytes. */
    private void picture(Producer p, long ts, boolean idr, int size, long now) {
        byte[] nal = new byte[size];
        nal[0] = (byte) (idr ? 0x65 : 0x41);
        packetizer.packetize(nal, 0, size, ts, true, (b, o, l) -> p.onRtp(b, o, l, now));
    }

    @Test
    void joiningViewerGetsTheGopWithPressedTimestampsThenLive() {
        Producer producer = new Producer("cam", h264(0xCAFE, H264_FMTP), new ForwardingTest.CountingFeedback());
        producer.enableGopCache(new GopCache(100, 1_000_000));
        picture(producer, 1000, false, 100, 0); // before any keyframe: not cached
        assertThat(producer.gopCacheSize()).isZero();
        picture(producer, 4000, true, 2000, 33); // IDR in two FU-A packets
        picture(producer, 7000, false, 100, 66);
        picture(producer, 10000, false, 100, 99);
        assertThat(producer.gopCacheSize()).isEqualTo(4);

        ForwardingTest.RecordingSender viewer = new ForwardingTest.RecordingSender();
        // The viewer negotiated 42e01f: another profile-level-id, the same Constrained Baseline profile.
        Consumer c = new Consumer("viewer", h264(0xBEEF, "packetization-mode=1;profile-level-id=42e01f"), viewer);
        c.bind(producer, 120);
        assertThat(viewer.rtp).hasSize(4);
        picture(producer, 13000, false, 100, 132);
        assertThat(viewer.rtp).hasSize(5);

        RtpPacket v = new RtpPacket();
        long[] ts = new long[5];
        int[] seq = new int[5];
        for (int i = 0; i < 5; i++) {
            v.wrap(viewer.rtp.get(i), 0, viewer.rtp.get(i).length);
            ts[i] = v.timestamp();
            seq[i] = v.sequenceNumber();
            assertThat(v.ssrc()).isEqualTo(0xBEEF);
        }
        // Three cached pictures end at 10000; the two before it are 90 ticks (1 ms) apart.
        assertThat(ts).containsExactly(10000 - 180, 10000 - 180, 10000 - 90, 10000, 13000);
        for (int i = 1; i < 5; i++) {
            assertThat(seq[i]).isEqualTo((seq[0] + i) & 0xFFFF);
        }
        // The first packet sent is the keyframe's first fragment (FU-A, S bit, type 5).
        assertThat(viewer.rtp.get(0)[12] & 0x1F).isEqualTo(28);
        assertThat(viewer.rtp.get(0)[13] & 0xFF).isEqualTo(0x85);
    }

    @Test
    void aNewKeyframeEmptiesTheCacheAndOverflowDisablesIt() {
        Producer producer = new Producer("cam", h264(0xCAFE, H264_FMTP), new ForwardingTest.CountingFeedback());
        producer.enableGopCache(new GopCache(3, 1_000_000));
        picture(producer, 1000, true, 100, 0);
        picture(producer, 4000, false, 100, 33);
        picture(producer, 7000, true, 100, 66);
        assertThat(producer.gopCacheSize()).isEqualTo(1);
        picture(producer, 10000, false, 100, 99);
        picture(producer, 13000, false, 100, 132);
        picture(producer, 16000, false, 100, 165); // a fourth packet: over capacity
        assertThat(producer.gopCacheSize()).isZero();
        ForwardingTest.RecordingSender viewer = new ForwardingTest.RecordingSender();
        Consumer c = new Consumer("viewer", h264(0xBEEF, H264_FMTP), viewer);
        c.bind(producer, 170);
        picture(producer, 19000, false, 100, 198);
        assertThat(viewer.rtp).as("without a cache the viewer waits for a keyframe").isEmpty();
        picture(producer, 22000, true, 100, 231);
        assertThat(viewer.rtp).hasSize(1);
    }

    @Test
    void differentH264ProfilesDoNotMatch() {
        assertThat(new CodecInfo(96, "H264", 90000, 1, "packetization-mode=1;profile-level-id=42c00d", -1).matchKey())
                .isEqualTo(new CodecInfo(102, "H264", 90000, 1, "profile-level-id=42e01f;packetization-mode=1", -1).matchKey());
        assertThat(new CodecInfo(96, "H264", 90000, 1, "profile-level-id=4d001f", -1).matchKey())
                .isNotEqualTo(new CodecInfo(96, "H264", 90000, 1, "profile-level-id=42e01f", -1).matchKey());
    }
}
