package io.familymeeting.media.core.rtp;

import io.familymeeting.media.core.testutil.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    /** Opus packet with an RFC 8285 one-byte extension block. */
    static final String ONE_BYTE = """
            90 6f 1a 2b   # V=2 P=0 X=1 CC=0 | M=0 PT=111 | seq=6699
            00 00 3a 98   # timestamp 15000
            11 22 33 44   # SSRC 0x11223344
            be de 00 02   # RFC 8285 §4.2 one-byte form, 2 words follow
            10 ff         # id=1 L=0 -> 1 byte: ff
            22 01 02 03   # id=2 L=2 -> 3 bytes: 01 02 03
            00 00         # padding to the word boundary
            de ad be ef   # payload
            """;

    /** VP8-ish packet: marker, two CSRCs, two-byte extension form, RTP padding. */
    static final String TWO_BYTE = """
            b2 e0 ff ff   # V=2 P=1 X=1 CC=2 | M=1 PT=96 | seq=65535
            ff ff ff ff   # timestamp 2^32-1
            ca fe ba be   # SSRC
            00 00 00 01   # CSRC 1
            00 00 00 02   # CSRC 2
            10 07 00 02   # RFC 8285 §4.3 two-byte form (0x100, appbits 7), 2 words
            05 02 aa bb   # id=5 len=2: aa bb
            10 00 00 00   # id=16 len=0, then 2 padding bytes
            01 02 03      # payload
            00 00 03      # RFC 3550 padding, count 3
            """;

    private final RtpPacket p = new RtpPacket();

    @Test
    void parsesOneByteExtensionPacket() {
        byte[] b = Hex.bytes(ONE_BYTE);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.hasPadding()).isFalse();
        assertThat(p.hasExtension()).isTrue();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.sequenceNumber()).isEqualTo(6699);
        assertThat(p.timestamp()).isEqualTo(15000);
        assertThat(p.ssrc()).isEqualTo(0x11223344L);
        assertThat(p.headerLength()).isEqualTo(24);
        assertThat(p.payloadOffset()).isEqualTo(24);
        assertThat(p.payloadLength()).isEqualTo(4);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.findExtension(1)).isEqualTo(17);
        assertThat(p.extensionLength(1)).isEqualTo(1);
        assertThat(p.findExtension(2)).isEqualTo(19);
        assertThat(p.extensionLength(2)).isEqualTo(3);
        assertThat(p.findExtension(3)).isEqualTo(-1);
        assertThat(p.extensionLength(3)).isEqualTo(-1);
        assertThat(p.findExtension(0)).isEqualTo(-1);
    }

    @Test
    void parsesTwoByteExtensionCsrcsAndPadding() {
        byte[] b = Hex.bytes(TWO_BYTE);
        // at an offset inside a larger buffer
        byte[] big = new byte[b.length + 10];
        System.arraycopy(b, 0, big, 5, b.length);
        assertThat(p.wrap(big, 5, b.length)).isTrue();
        assertThat(p.hasPadding()).isTrue();
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(1);
        assertThat(p.csrc(1)).isEqualTo(2);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequenceNumber()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(p.headerLength()).isEqualTo(32);
        assertThat(p.payloadOffset()).isEqualTo(5 + 32);
        assertThat(p.payloadLength()).isEqualTo(3);
        assertThat(p.extensionProfile()).isEqualTo(0x1007);
        assertThat(p.findExtension(5)).isEqualTo(5 + 26);
        assertThat(p.extensionLength(5)).isEqualTo(2);
        assertThat(p.findExtension(16)).isEqualTo(5 + 30);
        assertThat(p.extensionLength(16)).isEqualTo(0);
    }

    @Test
    void settersWriteInPlace() {
        byte[] b = Hex.bytes(ONE_BYTE);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        p.setMarker(true);
        p.setPayloadType(100);
        p.setSequenceNumber(0xBEEF);
        p.setTimestamp(0x89ABCDEFL);
        p.setSsrc(0xFEDCBA98L);
        assertThat(Hex.hex(b, 0, 12)).isEqualTo("90e4beef89abcdeffedcba98");
        p.setMarker(false);
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isEqualTo(100);
        // rest untouched
        assertThat(Arrays.copyOfRange(b, 12, b.length)).isEqualTo(Arrays.copyOfRange(Hex.bytes(ONE_BYTE), 12, b.length));
    }

    @Test
    void remapOneByteIdsAndRemoveWithPadding() {
        byte[] b = Hex.bytes(ONE_BYTE);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        byte[] map = new byte[16];
        map[1] = 3;   // 1 -> 3
        map[2] = 0;   // 2 removed
        assertThat(p.remapExtensionIds(map)).isEqualTo(1);
        assertThat(Hex.hex(b, 12, 16)).isEqualTo("bede0002" + "30ff" + "00000000" + "0000" + "deadbeef");
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.findExtension(3)).isEqualTo(17);
        assertThat(p.findExtension(1)).isEqualTo(-1);
        assertThat(p.findExtension(2)).isEqualTo(-1);
        // an id above 14 cannot be written in the one-byte form: removed
        map[3] = 15;
        assertThat(p.remapExtensionIds(map)).isEqualTo(1);
        assertThat(Hex.hex(b, 16, 8)).isEqualTo("0000000000000000");
    }

    @Test
    void remapTwoByteIds() {
        byte[] b = Hex.bytes(TWO_BYTE);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        byte[] map = new byte[17];
        map[5] = (byte) 200;
        map[16] = 0;
        assertThat(p.remapExtensionIds(map)).isEqualTo(1);
        assertThat(Hex.hex(b, 20, 12)).isEqualTo("10070002" + "c802aabb" + "00000000");
        assertThat(p.findExtension(200)).isEqualTo(26);
        assertThat(p.findExtension(16)).isEqualTo(-1);
    }

    @Test
    void reservedOneByteIdStopsTheWalk() {
        byte[] b = Hex.bytes("""
                90 60 00 01 00 00 00 01 00 00 00 01   # X=1
                be de 00 01                           # one word
                f0 21 aa bb                           # id=15: stop; id 2 after it is not seen
                """);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.findExtension(2)).isEqualTo(-1);
    }

    /** Fuzzing finding (RtpPacketFuzzTest): a one-byte-form byte with id 0 and a length is one padding byte. */
    @Test
    void oneByteIdZeroIsOnePaddingByteWhateverItsLength() {
        byte[] b = Hex.bytes("""
                90 6f 1a 2b 00 00 3a 98 11 22 33 44   # X=1
                be de 00 02                           # two words
                10 bf                                 # id=1 L=0: bf
                02 01 03 02                           # id 0, length nibbles 2 1 3 2: four padding bytes
                e4 01                                 # id=14 L=4 would run past the block: the walk ends
                00 de db ff ad be ef                  # payload
                """);
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.findExtension(1)).isEqualTo(17);
        byte[] identity = new byte[256];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = (byte) i;
        }
        byte[] before = b.clone();
        assertThat(p.remapExtensionIds(identity)).isZero();
        assertThat(b).isEqualTo(before);

        byte[] c = Hex.bytes("""
                90 6f 00 01 00 00 00 01 00 00 00 01   # X=1
                be de 00 01                           # one word
                02 30 aa 00                           # padding byte 02; id=3 L=0: aa; padding
                """);
        assertThat(p.wrap(c, 0, c.length)).isTrue();
        assertThat(p.findExtension(3)).isEqualTo(18);
        assertThat(p.extensionLength(3)).isEqualTo(1);
    }

    @Test
    void rejectsMalformed() {
        byte[] ok = Hex.bytes(TWO_BYTE);
        assertThat(p.wrap(ok, 0, 11)).isFalse();                   // shorter than fixed header
        assertThat(p.wrap(ok, 0, 30)).isFalse();                   // extension block cut
        byte[] v1 = ok.clone();
        v1[0] = (byte) 0x72;                                      // version 1
        assertThat(p.wrap(v1, 0, v1.length)).isFalse();
        byte[] pad0 = ok.clone();
        pad0[pad0.length - 1] = 0;                                 // padding count 0
        assertThat(p.wrap(pad0, 0, pad0.length)).isFalse();
        byte[] padBig = ok.clone();
        padBig[padBig.length - 1] = 7;                             // padding eats into the header
        assertThat(p.wrap(padBig, 0, padBig.length)).isFalse();
        byte[] cc = Hex.bytes("8f 60 00 01 00 00 00 01 00 00 00 01 00 00 00 00"); // CC=15, 1 CSRC
        assertThat(p.wrap(cc, 0, cc.length)).isFalse();
        assertThat(p.wrap(ok, 10, ok.length)).isFalse();           // past the array
        assertThat(p.wrap(null, 0, 12)).isFalse();
    }

    @Test
    void paddingOnlyPacketHasEmptyPayload() {
        byte[] b = Hex.bytes("a0 60 00 01 00 00 00 01 00 00 00 01  00 00 00 04");
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.payloadLength()).isZero();
        assertThat(p.paddingLength()).isEqualTo(4);
    }

    @Test
    void fuzzRandomAndTruncatedInput() {
        Random r = new Random(3550);
        byte[] map = new byte[256];
        byte[][] seeds = {Hex.bytes(ONE_BYTE), Hex.bytes(TWO_BYTE)};
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            int len;
            if (i % 2 == 0) {
                b = seeds[r.nextInt(seeds.length)].clone();
                len = r.nextInt(b.length + 1);
                if (r.nextBoolean()) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            } else {
                b = new byte[r.nextInt(80)];
                r.nextBytes(b);
                if (b.length > 0) {
                    b[0] = (byte) (0x80 | (b[0] & 0x3F));
                }
                len = b.length;
            }
            if (p.wrap(b, 0, len)) {
                assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(len);
                assertThat(p.payloadLength()).isNotNegative();
                for (int id = 0; id < 256; id += 1 + r.nextInt(20)) {
                    int at = p.findExtension(id);
                    if (at >= 0) {
                        assertThat(at + p.extensionLength(id)).isLessThanOrEqualTo(p.headerLength());
                    }
                }
                r.nextBytes(map);
                p.remapExtensionIds(map);
                assertThat(p.wrap(b, 0, len)).isTrue();
            }
        }
    }
}
