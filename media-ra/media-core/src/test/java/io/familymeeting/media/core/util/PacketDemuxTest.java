package io.familymeeting.media.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PacketDemuxTest {

    /** RFC 7983 §7 ranges, RFC 5761 §4 for RTCP; length 100 so only the first bytes decide. */
    @ParameterizedTest(name = "first={0} second={1} -> {2}")
    @CsvSource({
            // first, second, expected class
            "0,   1,   STUN",   // Binding request 0x0001
            "1,   1,   STUN",   // Binding success 0x0101
            "3,   0,   STUN",
            "4,   0,   NONE",   // 4..19 reserved (ZRTP is 16..19)
            "19,  0,   NONE",
            "20,  254, DTLS",   // ChangeCipherSpec
            "22,  254, DTLS",   // Handshake, DTLS 1.2 0xFEFD
            "23,  254, DTLS",   // ApplicationData
            "63,  0,   DTLS",
            "64,  0,   NONE",   // 64..79 TURN channel
            "127, 0,   NONE",
            "128, 111, RTP",    // V=2, PT 111 (Opus)
            "144, 96,  RTP",    // V=2, X=1, PT 96
            "128, 224, RTP",    // marker + PT 96
            "128, 191, RTP",    // marker + PT 63
            "128, 192, RTCP",   // FIR (RFC 2032) lower edge
            "128, 200, RTCP",   // SR
            "129, 201, RTCP",   // RR, RC=1
            "129, 205, RTCP",   // RTPFB NACK
            "143, 206, RTCP",   // PSFB fmt 15 (REMB)
            "128, 223, RTCP",   // upper edge of RFC 5761 range
            "191, 0,   RTP",
            "192, 0,   NONE",
            "255, 0,   NONE",
    })
    void classifiesByFirstBytes(int first, int second, String expected) {
        byte[] buf = new byte[100];
        buf[10] = (byte) first;
        buf[11] = (byte) second;
        assertThat(PacketDemux.isStun(buf, 10, 90)).isEqualTo(expected.equals("STUN"));
        assertThat(PacketDemux.isDtls(buf, 10, 90)).isEqualTo(expected.equals("DTLS"));
        assertThat(PacketDemux.isRtpOrRtcp(buf, 10, 90)).isEqualTo(expected.startsWith("RTP") || expected.equals("RTCP"));
        assertThat(PacketDemux.isRtcp(buf, 10, 90)).isEqualTo(expected.equals("RTCP"));
        assertThat(PacketDemux.isRtp(buf, 10, 90)).isEqualTo(expected.equals("RTP"));
    }

    @Test
    void minimumLengths() {
        byte[] buf = new byte[64];
        buf[0] = 0;
        assertThat(PacketDemux.isStun(buf, 0, 20)).isTrue();
        assertThat(PacketDemux.isStun(buf, 0, 19)).isFalse();
        buf[0] = 22;
        assertThat(PacketDemux.isDtls(buf, 0, 13)).isTrue();
        assertThat(PacketDemux.isDtls(buf, 0, 12)).isFalse();
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 201;
        assertThat(PacketDemux.isRtcp(buf, 0, 8)).isTrue();
        assertThat(PacketDemux.isRtcp(buf, 0, 7)).isFalse();
        buf[1] = 96;
        assertThat(PacketDemux.isRtp(buf, 0, 12)).isTrue();
        assertThat(PacketDemux.isRtp(buf, 0, 11)).isFalse();
        // length beyond the array
        assertThat(PacketDemux.isRtp(buf, 60, 12)).isFalse();
        assertThat(PacketDemux.isStun(buf, -1, 20)).isFalse();
        assertThat(PacketDemux.isStun(null, 0, 20)).isFalse();
    }

    @Test
    void fuzzNeverThrowsAndClassesAreDisjoint() {
        Random r = new Random(7983);
        byte[] buf = new byte[40];
        for (int i = 0; i < 100_000; i++) {
            r.nextBytes(buf);
            int off = r.nextInt(50) - 5;
            int len = r.nextInt(50) - 5;
            int hits = (PacketDemux.isStun(buf, off, len) ? 1 : 0)
                    + (PacketDemux.isDtls(buf, off, len) ? 1 : 0)
                    + (PacketDemux.isRtpOrRtcp(buf, off, len) ? 1 : 0);
            assertThat(hits).isLessThanOrEqualTo(1);
            if (PacketDemux.isRtcp(buf, off, len) || PacketDemux.isRtp(buf, off, len)) {
                assertThat(PacketDemux.isRtpOrRtcp(buf, off, len)).isTrue();
            }
        }
    }
}
