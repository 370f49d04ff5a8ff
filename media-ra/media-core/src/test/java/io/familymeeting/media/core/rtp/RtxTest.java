package io.familymeeting.media.core.rtp;

import io.familymeeting.media.core.testutil.Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtxTest {

    private static final String ORIGINAL = """
            90 e0 12 34   # X=1 | M=1 PT=96 | seq 0x1234
            00 01 00 00   # ts 65536
            00 00 aa aa   # SSRC 0xaaaa
            be de 00 01   # one-byte extensions, 1 word
            32 01 02 03   # id=3 L=2: 01 02 03
            c0 ff ee      # payload
            """;

    /** RFC 4588 §4: same header but RTX ssrc/pt/seq, then OSN, then the original payload. */
    private static final String RTX = """
            90 e1 00 07   # X=1 | M=1 PT=97 (rtx) | rtx seq 7
            00 01 00 00   # ts unchanged
            00 00 bb bb   # RTX SSRC
            be de 00 01
            32 01 02 03   # extensions kept
            12 34         # OSN = 0x1234
            c0 ff ee      # original payload
            """;

    private final RtpPacket p = new RtpPacket();

    @Test
    void wrapsAndUnwrapsIntoSeparateBuffers() {
        byte[] orig = Hex.bytes(ORIGINAL);
        assertThat(p.wrap(orig, 0, orig.length)).isTrue();
        byte[] dst = new byte[100];
        int n = Rtx.wrap(p, dst, 3, 97, 0xBBBB, 7);
        assertThat(Hex.hex(dst, 3, n)).isEqualTo(Hex.hex(Hex.bytes(RTX), 0, Hex.bytes(RTX).length));

        assertThat(p.wrap(dst, 3, n)).isTrue();
        assertThat(Rtx.originalSequenceNumber(p)).isEqualTo(0x1234);
        byte[] back = new byte[100];
        int m = Rtx.unwrap(p, back, 0, 96, 0xAAAA);
        assertThat(Hex.hex(back, 0, m)).isEqualTo(Hex.hex(orig, 0, orig.length));
    }

    @Test
    void inPlaceBothWays() {
        byte[] orig = Hex.bytes(ORIGINAL);
        byte[] buf = new byte[orig.length + 2];
        System.arraycopy(orig, 0, buf, 0, orig.length);
        assertThat(p.wrap(buf, 0, orig.length)).isTrue();
        int n = Rtx.wrap(p, buf, 0, 97, 0xBBBB, 7);
        assertThat(Hex.hex(buf, 0, n)).isEqualTo(Hex.hex(Hex.bytes(RTX), 0, n));
        assertThat(p.wrap(buf, 0, n)).isTrue();
        int m = Rtx.unwrap(p, buf, 0, 96, 0xAAAA);
        assertThat(Hex.hex(buf, 0, m)).isEqualTo(Hex.hex(orig, 0, orig.length));
    }

    @Test
    void paddingIsDroppedAndPaddingOnlyRtxHasNoOsn() {
        byte[] padded = Hex.bytes("a0 60 00 05 00 00 00 01 00 00 00 01  77 00 02");
        assertThat(p.wrap(padded, 0, padded.length)).isTrue();
        byte[] dst = new byte[64];
        int n = Rtx.wrap(p, dst, 0, 97, 2, 9);
        assertThat(Hex.hex(dst, 0, n)).isEqualTo("80610009" + "00000001" + "00000002" + "0005" + "77");

        byte[] probe = Hex.bytes("a0 61 00 05 00 00 00 01 00 00 00 02  00 00 00 04");
        assertThat(p.wrap(probe, 0, probe.length)).isTrue();
        assertThat(Rtx.originalSequenceNumber(p)).isEqualTo(-1);
        assertThat(Rtx.unwrap(p, dst, 0, 96, 1)).isEqualTo(-1);
    }

    @Test
    void refusesSmallOrOverlappingDestination() {
        byte[] orig = Hex.bytes(ORIGINAL);
        assertThat(p.wrap(orig, 0, orig.length)).isTrue();
        assertThat(Rtx.wrap(p, new byte[orig.length + 1], 0, 97, 1, 1)).isEqualTo(-1);
        assertThat(Rtx.wrap(p, orig, 0, 97, 1, 1)).isEqualTo(-1); // in place without 2 spare bytes
        byte[] big = new byte[64];
        System.arraycopy(orig, 0, big, 0, orig.length);
        assertThat(p.wrap(big, 0, orig.length)).isTrue();
        assertThatThrownBy(() -> Rtx.wrap(p, big, 4, 97, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
