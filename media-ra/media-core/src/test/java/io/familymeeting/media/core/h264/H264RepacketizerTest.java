package io.familymeeting.media.core.h264;

import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Camera packets in, WebRTC packets out: SPS/PPS before every IDR, nothing before the first IDR. */
class H264RepacketizerTest {
    private static final byte[] SPS = Hex.bytes("67 42 c0 1f da 01");
    private static final byte[] PPS = Hex.bytes("68 ce 3c 80");

    private final List<byte[]> out = new ArrayList<>();
    private final RtpSink sink = (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len));
    private int seq;

    private void feed(H264Repacketizer r, long ts, boolean marker, String hex) {
        byte[] p = Hex.bytes(hex);
        r.onPayload(seq++, ts, marker, p, 0, p.length, sink);
    }

    private static String payload(byte[] packet) {
        return Hex.hex(packet, 12, packet.length - 12);
    }

    @Test
    void spropParameterSetsGoInFrontOfEveryIdr() {
        H264Repacketizer r = new H264Repacketizer(new H264Packetizer(96, 1, 1200, 0),
                SpropParameterSets.parse("Z0LAH9oB,aM48gA=="));
        feed(r, 100, true, "41 9a   # P slice before any IDR: dropped");
        feed(r, 200, true, "65 88");
        feed(r, 300, true, "41 9b");
        feed(r, 400, true, "65 89");
        assertThat(out).extracting(H264RepacketizerTest::payload).containsExactly(
                "78" + "0006" + Hex.hex(SPS, 0, SPS.length) + "0004" + Hex.hex(PPS, 0, PPS.length), "6588",
                "419b",
                "78" + "0006" + Hex.hex(SPS, 0, SPS.length) + "0004" + Hex.hex(PPS, 0, PPS.length), "6589");
        RtpPacket v = new RtpPacket();
        v.wrap(out.get(0), 0, out.get(0).length);
        assertThat(v.marker()).isFalse();
        assertThat(v.timestamp()).isEqualTo(200);
        v.wrap(out.get(1), 0, out.get(1).length);
        assertThat(v.marker()).isTrue();
        assertThat(v.sequenceNumber()).isEqualTo(1);
    }

    @Test
    void inBandParameterSetsAreLearnedAndNotDuplicated() {
        H264Repacketizer r = new H264Repacketizer(new H264Packetizer(96, 1, 1200, 0), List.of());
        feed(r, 200, false, "67 42 c0 1f da 01");
        feed(r, 200, false, "68 ce 3c 80");
        feed(r, 200, true, "65 88");
        feed(r, 300, true, "65 89   # the next IDR has no parameter sets of its own");
        assertThat(out).extracting(H264RepacketizerTest::payload).containsExactly(
                "6742c01fda01", "68ce3c80", "6588",
                "78" + "0006" + "6742c01fda01" + "0004" + "68ce3c80", "6589");
        assertThat(SpropParameterSets.profileLevelId(r.sps())).isEqualTo("42c01f");
    }

    @Test
    void restartWaitsForTheNextIdr() {
        H264Repacketizer r = new H264Repacketizer(new H264Packetizer(96, 1, 1200, 0),
                SpropParameterSets.parse("Z0LAH9oB,aM48gA=="));
        feed(r, 200, true, "65 88");
        r.restart();
        feed(r, 300, true, "41 9a");
        assertThat(out).hasSize(2);
    }

    @Test
    void badSpropIsIgnored() {
        assertThat(SpropParameterSets.parse("!!!,,aM48gA==,QZo=")).hasSize(1);
        assertThat(SpropParameterSets.parse(null)).isEmpty();
    }

    @Test
    void profilesAreClassifiedLikeDecodersSeeThem() {
        assertThat(H264Profile.of("42e01f")).isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(H264Profile.of("42c01e")).isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(H264Profile.of("4d401f")).isEqualTo(H264Profile.MAIN);
        assertThat(H264Profile.of("4d801f")).isEqualTo(H264Profile.CONSTRAINED_BASELINE);
        assertThat(H264Profile.of("42001f")).isEqualTo(H264Profile.BASELINE);
        assertThat(H264Profile.of("640c1f")).isEqualTo(H264Profile.CONSTRAINED_HIGH);
        assertThat(H264Profile.of("64001f")).isEqualTo(H264Profile.HIGH);
        assertThat(H264Profile.of("f4001f")).isEqualTo(H264Profile.PREDICTIVE_HIGH_444);
        assertThat(H264Profile.of(null)).isEqualTo(H264Profile.BASELINE);
        assertThat(H264Profile.of("zz")).isEqualTo(H264Profile.UNKNOWN);
    }
}
