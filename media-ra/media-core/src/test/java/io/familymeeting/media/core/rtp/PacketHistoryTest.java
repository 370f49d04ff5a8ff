package io.familymeeting.media.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketHistoryTest {

    private static byte[] packet(int seq, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    @Test
    void storesAndCopiesOut() {
        PacketHistory h = new PacketHistory(8, 100);
        byte[] src = new byte[120];
        System.arraycopy(packet(1, 50), 0, src, 10, 50);
        assertThat(h.store(src, 10, 50, 1, 1000)).isTrue();
        byte[] dst = new byte[60];
        assertThat(h.copyOut(1, dst, 5)).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(dst[5 + i]).isEqualTo(packet(1, 50)[i]);
        }
        assertThat(h.sentTimeMillis(1)).isEqualTo(1000);
        assertThat(h.updateSentTime(1, 1200)).isTrue();
        assertThat(h.sentTimeMillis(1)).isEqualTo(1200);
        assertThat(h.copyOut(2, dst, 0)).isEqualTo(-1);
        assertThat(h.sentTimeMillis(2)).isEqualTo(-1);
        assertThat(h.updateSentTime(2, 1)).isFalse();
    }

    @Test
    void ringOverwritesOldestAcrossSequenceWrap() {
        PacketHistory h = new PacketHistory(8, 64);
        for (int i = 0; i < 20; i++) {
            int seq = (65530 + i) & 0xFFFF;
            h.store(packet(seq, 10 + i), 0, 10 + i, seq);
        }
        byte[] dst = new byte[64];
        // last 8 stored: i = 12..19 -> seq 65542..65549 & 0xFFFF = 6..13
        for (int i = 0; i < 20; i++) {
            int seq = (65530 + i) & 0xFFFF;
            int n = h.copyOut(seq, dst, 0);
            if (i >= 12) {
                assertThat(n).as("seq %d", seq).isEqualTo(10 + i);
                assertThat(dst[0]).isEqualTo(packet(seq, 1)[0]);
                assertThat(h.contains(seq)).isTrue();
            } else {
                assertThat(n).as("seq %d", seq).isEqualTo(-1);
                assertThat(h.contains(seq)).isFalse();
            }
        }
    }

    @Test
    void tooLongPacketClearsItsSlot() {
        PacketHistory h = new PacketHistory(4, 16);
        assertThat(h.store(new byte[16], 0, 16, 3)).isTrue();
        assertThat(h.store(new byte[17], 0, 17, 7)).isFalse();   // same slot as 3
        assertThat(h.contains(3)).isFalse();
        assertThat(h.contains(7)).isFalse();
    }

    @Test
    void destinationTooSmallAndClear() {
        PacketHistory h = new PacketHistory(4, 16);
        h.store(new byte[16], 0, 16, 1);
        assertThatThrownBy(() -> h.copyOut(1, new byte[20], 5)).isInstanceOf(IndexOutOfBoundsException.class);
        h.clear();
        assertThat(h.copyOut(1, new byte[20], 0)).isEqualTo(-1);
    }

    @Test
    void rejectsBadGeometry() {
        assertThatThrownBy(() -> new PacketHistory(100, 1500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketHistory(0, 1500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketHistory(8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PacketHistory().capacity()).isEqualTo(512);
    }
}
