package io.familymeeting.media.core.rtp;

import io.familymeeting.media.core.testutil.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyframesTest {

    /** Hand-made payloads, one per row; fields annotated in the comment column. */
    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            // RFC 7741 §4.2 descriptor, §4.3 payload header; RFC 6386 §9.1 start code 9d 01 2a
            "VP8 | 90 80 81 23 50 02 00 9d 01 2a 80 02 e0 01 | true  | X S PID0; I; M PictureID 0x123; tag P=0; start code; 640x480",
            "VP8 | 10 50 02 00 9d 01 2a 80 02 e0 01          | true  | no X byte; S=1 PID=0; key tag",
            "VP8 | 90 c0 7f 05 50 02 00 9d 01 2a 80 02       | true  | I+L: 7-bit PictureID, TL0PICIDX 5",
            "VP8 | 90 e0 7f 05 40 50 02 00 9d 01 2a 80 02    | true  | I+L+T: TID byte 0x40",
            "VP8 | 90 80 81 23 51 02 00 47 11 00             | false | tag P=1 (inter frame)",
            "VP8 | 90 80 81 23 50 02 00 11 22 33             | false | P=0 but no start code",
            "VP8 | 80 80 81 23 50 02 00 9d 01 2a             | false | S=0: continuation",
            "VP8 | 91 80 81 23 50 02 00 9d 01 2a             | false | S=1 but PID=1",
            "VP8 | 90 80 81                                  | false | truncated inside PictureID",
            "VP8 | 90                                        | false | truncated descriptor",
            // RFC 9628 §4.2: I P L F B E V Z
            "VP9 | 8a 80 01 aa                               | true  | I B V; P=0; M PictureID 1",
            "VP9 | ae 05 00 07                               | true  | I L B E V; 7-bit pid; TID0 SID0; TL0PICIDX",
            "VP9 | ae 05 02 07                               | false | same but SID=1 (upper spatial layer)",
            "VP9 | ca 80 01                                  | false | I P B: inter-picture predicted",
            "VP9 | 82 80 01                                  | false | P=0 but B=0 (not start of frame)",
            "VP9 | 08                                        | true  | B only: no pid, no layers",
            "VP9 | a8 05                                     | false | L set but layer byte truncated",
            // RFC 6184: NAL header F NRI type
            "H264 | 65 88 84 00                              | true  | single NAL, IDR slice (5)",
            "H264 | 67 42 c0 1f                              | true  | single NAL, SPS (7)",
            "H264 | 68 ce 3c 80                              | false | PPS (8) alone",
            "H264 | 41 9a 02                                 | false | non-IDR slice (1)",
            "H264 | 78 00 04 67 42 c0 1f 00 02 68 ce         | true  | STAP-A: SPS(4 bytes) PPS(2 bytes)",
            "H264 | 78 00 02 06 05 00 03 41 9a 02            | false | STAP-A: SEI, non-IDR",
            "H264 | 78 00 02 06 05 00 09 65 88               | false | STAP-A: IDR size runs past the end",
            "H264 | 7c 85 88 84                              | true  | FU-A, S=1, type 5",
            "H264 | 7c 45 88 84                              | false | FU-A, E=1 (last fragment of IDR)",
            "H264 | 7c 05 88 84                              | false | FU-A, middle fragment",
            "H264 | 5c 81 9a                                 | false | FU-A start of a non-IDR slice",
            "H264 | 7c                                       | false | FU-A without FU header",
            // AV1 RTP spec §4.4 aggregation header Z Y W W N - - -
            "AV1 | 18 0a 0b 00 00 00 24 4f 7e 7f 00 68 83    | true  | W=1 N=1: new coded video sequence",
            "AV1 | 10 32 10 02                               | false | W=1 N=0",
            "AV1 | e0 32                                     | false | Z Y W=2 N=0",
    })
    void detectsKeyframes(VideoCodec codec, String hex, boolean expected, String what) {
        byte[] payload = Hex.bytes(hex);
        byte[] buf = new byte[payload.length + 8];
        System.arraycopy(payload, 0, buf, 4, payload.length);
        assertThat(Keyframes.isKeyframe(codec, buf, 4, payload.length)).as(what).isEqualTo(expected);
    }

    @Test
    void viaPacketView() {
        byte[] b = Hex.bytes("80 60 00 01 00 00 00 01 00 00 00 01  7c 85 88 84");
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(Keyframes.isKeyframe(VideoCodec.H264, p)).isTrue();
        assertThat(Keyframes.isKeyframe(VideoCodec.H264, b, 12, 0)).isFalse();
        assertThat(Keyframes.isKeyframe(VideoCodec.H264, b, 14, 3)).isFalse();
    }

    @Test
    void fuzzNeverThrows() {
        Random r = new Random(6184);
        byte[] b = new byte[32];
        for (int i = 0; i < 200_000; i++) {
            r.nextBytes(b);
            int off = r.nextInt(34) - 1;
            int len = r.nextInt(34) - 1;
            for (VideoCodec c : VideoCodec.values()) {
                Keyframes.isKeyframe(c, b, off, len);
            }
        }
    }
}
