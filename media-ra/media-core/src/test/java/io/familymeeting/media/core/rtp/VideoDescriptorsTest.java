package io.familymeeting.media.core.rtp;

import io.familymeeting.media.core.testutil.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoDescriptorsTest {

    @Test
    void vp8AllOptionalFields() {
        byte[] b = Hex.bytes("""
                90            # X=1 N=0 S=1 PID=0
                f0            # I L T K
                81 23         # M=1, PictureID 0x123
                05            # TL0PICIDX 5
                a0            # TID=2 Y=1 KEYIDX=0
                50 02 00      # VP8 payload header
                """);
        Vp8Descriptor d = new Vp8Descriptor();
        assertThat(d.wrap(b, 0, b.length)).isTrue();
        assertThat(d.length()).isEqualTo(6);
        assertThat(d.isStartOfPartition()).isTrue();
        assertThat(d.partitionIndex()).isZero();
        assertThat(d.isNonReference()).isFalse();
        assertThat(d.pictureId()).isEqualTo(0x123);
        assertThat(d.pictureIdBits()).isEqualTo(15);
        assertThat(d.tl0PicIdx()).isEqualTo(5);
        assertThat(d.temporalLayerId()).isEqualTo(2);
        assertThat(d.isLayerSync()).isTrue();

        assertThat(d.setPictureId(0x7FFF + 2)).isTrue();      // wraps to 1 in 15 bits
        assertThat(d.setTl0PicIdx(256 + 9)).isTrue();
        assertThat(Hex.hex(b, 0, 9)).isEqualTo("90f0800109a0500200");
    }

    @Test
    void vp8ShortAndAbsentFields() {
        Vp8Descriptor d = new Vp8Descriptor();
        byte[] b = Hex.bytes("90 80 7f 50");   // I only, 7-bit PictureID 127
        assertThat(d.wrap(b, 0, b.length)).isTrue();
        assertThat(d.pictureIdBits()).isEqualTo(7);
        assertThat(d.pictureId()).isEqualTo(127);
        assertThat(d.setPictureId(130)).isTrue();           // 130 & 0x7F = 2
        assertThat(b[2]).isEqualTo((byte) 2);
        assertThat(d.tl0PicIdx()).isEqualTo(-1);
        assertThat(d.setTl0PicIdx(1)).isFalse();
        assertThat(d.temporalLayerId()).isEqualTo(-1);

        byte[] k = Hex.bytes("90 10 1f");                  // K only: KEYIDX byte, no TID
        assertThat(d.wrap(k, 0, k.length)).isTrue();
        assertThat(d.length()).isEqualTo(3);
        assertThat(d.temporalLayerId()).isEqualTo(-1);

        byte[] plain = Hex.bytes("30 50");                 // N=1 S=1, no X
        assertThat(d.wrap(plain, 0, plain.length)).isTrue();
        assertThat(d.isNonReference()).isTrue();
        assertThat(d.pictureId()).isEqualTo(-1);
        assertThat(d.setPictureId(1)).isFalse();
        assertThat(d.length()).isEqualTo(1);

        assertThat(d.wrap(Hex.bytes("90 c0 81"), 0, 3)).isFalse();   // 15-bit PictureID cut
        assertThat(d.wrap(Hex.bytes("90"), 0, 1)).isFalse();
    }

    @Test
    void vp9NonFlexibleWithLayers() {
        byte[] b = Hex.bytes("""
                ae            # I=1 P=0 L=1 F=0 B=1 E=1 V=1 Z=0
                85 67         # M=1, PictureID 0x567
                53            # TID=2 U=1 SID=1 D=1
                0c            # TL0PICIDX 12
                """);
        Vp9Descriptor d = new Vp9Descriptor();
        assertThat(d.wrap(b, 0, b.length)).isTrue();
        assertThat(d.isInterPicturePredicted()).isFalse();
        assertThat(d.isFlexibleMode()).isFalse();
        assertThat(d.isStartOfFrame()).isTrue();
        assertThat(d.isEndOfFrame()).isTrue();
        assertThat(d.hasScalabilityStructure()).isTrue();
        assertThat(d.pictureId()).isEqualTo(0x567);
        assertThat(d.temporalLayerId()).isEqualTo(2);
        assertThat(d.isSwitchingUpPoint()).isTrue();
        assertThat(d.spatialLayerId()).isEqualTo(1);
        assertThat(d.isInterLayerDependent()).isTrue();
        assertThat(d.tl0PicIdx()).isEqualTo(12);
        d.setPictureId(0x0001);
        d.setTl0PicIdx(13);
        assertThat(Hex.hex(b, 0, 5)).isEqualTo("ae8001530d");
    }

    @Test
    void vp9FlexibleModeHasNoTl0PicIdx() {
        byte[] b = Hex.bytes("""
                f8            # I=1 P=1 L=1 F=1 B=1
                12            # M=0, PictureID 18
                20            # TID=1 U=0 SID=0 D=0
                03            # P_DIFF (not parsed)
                """);
        Vp9Descriptor d = new Vp9Descriptor();
        assertThat(d.wrap(b, 0, b.length)).isTrue();
        assertThat(d.isFlexibleMode()).isTrue();
        assertThat(d.isInterPicturePredicted()).isTrue();
        assertThat(d.pictureIdBits()).isEqualTo(7);
        assertThat(d.pictureId()).isEqualTo(18);
        assertThat(d.temporalLayerId()).isEqualTo(1);
        assertThat(d.spatialLayerId()).isZero();
        assertThat(d.tl0PicIdx()).isEqualTo(-1);
        assertThat(d.setTl0PicIdx(1)).isFalse();
        assertThat(d.wrap(Hex.bytes("a8 05"), 0, 2)).isFalse();   // L and F=0 need 2 more bytes
    }

    @Test
    void fuzzNeverThrows() {
        Random r = new Random(7741);
        Vp8Descriptor v8 = new Vp8Descriptor();
        Vp9Descriptor v9 = new Vp9Descriptor();
        byte[] b = new byte[8];
        for (int i = 0; i < 200_000; i++) {
            r.nextBytes(b);
            int len = r.nextInt(9);
            if (v8.wrap(b, 0, len)) {
                assertThat(v8.length()).isLessThanOrEqualTo(len);
                v8.pictureId();
                v8.setPictureId(v8.pictureId());
                v8.tl0PicIdx();
                v8.temporalLayerId();
            }
            if (v9.wrap(b, 0, len)) {
                v9.pictureId();
                v9.setPictureId(v9.pictureId());
                v9.tl0PicIdx();
                v9.spatialLayerId();
            }
        }
    }
}
