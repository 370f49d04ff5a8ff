package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera session's RTP into the room's producers, without a camera: producers made from the
 * DESCRIBE and kept while the codecs stay, the first media reported once per session, packets
 * of other payload types dropped, H.264 repacketized with the parameter sets, and the camera
 * clock mapping through the rewritten timestamps.
 */
class CameraIngestTest {
    private static final String H264_PCMU = """
            v=0\r
            o=- 1 1 IN IP4 127.0.0.1\r
            s=camera\r
            t=0 0\r
            a=control:*\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAH9oB,aM48gA==\r
            a=control:stream=0\r
            m=audio 0 RTP/AVP 0\r
            a=control:stream=1\r
            """;

    private long now = 5_000;
    private final List<String> events = new ArrayList<>();
    private final CameraIngest ingest = new CameraIngest("cam", () -> now, new CameraIngest.Listener() {
        @Override
        public void producersChanged(long nowMillis) {
            events.add("changed@" + nowMillis);
        }

        @Override
        public void firstMedia(long nowMillis) {
            events.add("first@" + nowMillis);
        }
    });

    private static CameraDescription describe(String sdp) throws Exception {
        return CameraDescription.parse(sdp, "rtsp://127.0.0.1/cam");
    }

    /** An RTP packet (RFC 3550 §5.1) with this payload. */
    private static byte[] rtp(int payloadType, boolean marker, int seq, long timestamp, long ssrc, String payloadHex) {
        byte[] payload = Hex.bytes(payloadHex);
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private void feed(int track, byte[] packet) {
        ingest.onRtp(track, packet, 0, packet.length);
    }

    @Test
    void producersFollowTheDescriptionAndAreKeptWhileItsCodecsStay() throws Exception {
        assertThat(ingest.producers(TrackKind.VIDEO)).isEmpty();
        ingest.prepare(describe(H264_PCMU));
        Producer video = ingest.producers(TrackKind.VIDEO).get(0);
        Producer audio = ingest.producers(TrackKind.AUDIO).get(0);
        assertThat(video.track().codecs().get(0).fmtp())
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42c01f");
        assertThat(audio.track().codecs().get(0).name()).isEqualTo("PCMU");
        assertThat(events).containsExactly("changed@5000");

        now = 6_000;
        ingest.prepare(describe(H264_PCMU));
        assertThat(ingest.producers(TrackKind.VIDEO)).containsExactly(video);
        assertThat(ingest.producers(TrackKind.AUDIO)).containsExactly(audio);
        assertThat(events).containsExactly("changed@5000");

        ingest.prepare(describe(H264_PCMU.replace("m=audio 0 RTP/AVP 0", "m=audio 0 RTP/AVP 8")));
        assertThat(ingest.producers(TrackKind.VIDEO)).containsExactly(video);
        assertThat(ingest.producers(TrackKind.AUDIO).get(0)).isNotSameAs(audio);
        assertThat(ingest.producers(TrackKind.AUDIO).get(0).track().codecs().get(0).name()).isEqualTo("PCMA");
        assertThat(events).containsExactly("changed@5000", "changed@6000");

        ingest.prepare(describe(H264_PCMU.substring(0, H264_PCMU.indexOf("m=audio"))));
        assertThat(ingest.producers(TrackKind.AUDIO)).isEmpty();
        assertThat(events).hasSize(3);
    }

    @Test
    void audioIsForwardedUnderTheProducersSsrcAndTheFirstPacketIsReportedOnce() throws Exception {
        ingest.prepare(describe(H264_PCMU));
        Producer audio = ingest.producers(TrackKind.AUDIO).get(0);
        ingest.playStarted();
        assertThat(ingest.mediaThisSession()).isFalse();
        assertThat(ingest.lastMediaMillis()).isEqualTo(5_000);

        now = 5_020;
        feed(CameraIngest.AUDIO_TRACK, rtp(8, false, 1, 160, 0xCAFE, "d5 d5 d5 d5   # PCMA: not what was described"));
        assertThat(audio.packets()).isZero();
        assertThat(ingest.mediaThisSession()).isFalse();
        for (int i = 0; i < 3; i++) {
            now = 5_040 + 20 * i;
            feed(CameraIngest.AUDIO_TRACK, rtp(0, false, 100 + i, 1_000 + 160L * i, 0xCAFE, "ff ff ff ff"));
        }
        assertThat(audio.packets()).isEqualTo(3);
        assertThat(audio.owns(0xCAFE)).isFalse();
        assertThat(ingest.lastMediaMillis()).isEqualTo(5_080);
        assertThat(ingest.mediaThisSession()).isTrue();
        assertThat(events).containsExactly("changed@5000", "first@5040");

        ingest.playStarted();
        feed(CameraIngest.AUDIO_TRACK, rtp(0, false, 103, 1_480, 0xCAFE, "ff ff ff ff"));
        assertThat(events).containsExactly("changed@5000", "first@5040", "first@5080");
    }

    @Test
    void videoIsRepacketizedWithTheParameterSetsAndCachedFromTheKeyFrame() throws Exception {
        ingest.prepare(describe(H264_PCMU));
        Producer video = ingest.producers(TrackKind.VIDEO).get(0);
        ingest.playStarted();
        feed(CameraIngest.VIDEO_TRACK, rtp(96, true, 7, 90_000, 0xBEEF, "41 9a   # P slice before any IDR: dropped"));
        assertThat(video.packets()).isZero();
        feed(CameraIngest.VIDEO_TRACK, rtp(96, true, 8, 93_600, 0xBEEF, "65 88   # IDR"));
        assertThat(video.packets()).as("STAP-A with SPS and PPS, then the IDR").isEqualTo(2);
        assertThat(ingest.gopCacheSize()).isEqualTo(2);
        feed(CameraIngest.VIDEO_TRACK, rtp(97, true, 9, 97_200, 0xBEEF, "41 9b   # another payload type"));
        assertThat(video.packets()).isEqualTo(2);
        assertThat(ingest.stats().fps()).isZero();
    }

    @Test
    void producerTimestampsMapBackToTheCamerasCaptureTime() throws Exception {
        ingest.prepare(describe(H264_PCMU));
        ingest.playStarted();
        feed(CameraIngest.VIDEO_TRACK, rtp(96, true, 8, 93_600, 0xBEEF, "65 88"));
        long wall = 1_700_000_000_250L;
        byte[] sr = Hex.bytes("80 c8 00 06  00 00 be ef  00 00 00 00 00 00 00 00  00 01 6d a0  00 00 00 01  00 00 00 02");
        long ntp = NtpTime.fromMillis(wall);
        for (int i = 0; i < 8; i++) {
            sr[8 + i] = (byte) (ntp >>> (56 - 8 * i));
        }
        ingest.onRtcp(CameraIngest.AUDIO_TRACK, sr, 0, sr.length);
        assertThat(ingest.captureWallMillis(93_600)).as("audio sender reports are not the video clock").isEqualTo(-1);
        ingest.onRtcp(CameraIngest.VIDEO_TRACK, sr, 0, sr.length);
        // The first session's timestamps pass through unchanged (StreamRewriter: offset 0); 0x16da0 = 93600.
        assertThat(ingest.captureWallMillis(93_600)).isEqualTo(wall);
        assertThat(ingest.captureWallMillis(93_600 + 9_000)).isEqualTo(wall + 100);
    }
}
