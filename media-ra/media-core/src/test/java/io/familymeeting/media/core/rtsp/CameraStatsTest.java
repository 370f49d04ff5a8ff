package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.rtcp.NtpTime;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The camera's clock from its sender reports, the ingest delay and the pictures per second. */
class CameraStatsTest {
    /** 2023-11-14T22:13:20.250Z, a quarter second into the NTP second (fraction 0x40000000). */
    private static final long SR_WALL_MILLIS = 1_700_000_000_250L;

    private final CameraStats stats = new CameraStats();

    /** RFC 3550 §6.4.1 sender report from the camera, no report blocks, followed by an SDES as in a compound packet. */
    private static byte[] senderReport(long ntp, long rtpTimestamp) {
        byte[] sr = Hex.bytes("""
                80 c8 00 06            # V=2, RC=0, PT=200 SR, length 6 (28 bytes)
                12 34 56 78            # SSRC of sender
                00 00 00 00 00 00 00 00 # NTP timestamp (set below)
                00 00 00 00            # RTP timestamp (set below)
                00 00 00 64            # sender's packet count 100
                00 00 1f 40            # sender's octet count 8000
                81 ca 00 02            # SDES, one chunk
                12 34 56 78 00 00 00 00
                """);
        for (int i = 0; i < 8; i++) {
            sr[8 + i] = (byte) (ntp >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            sr[16 + i] = (byte) (rtpTimestamp >>> (24 - 8 * i));
        }
        return sr;
    }

    @Test
    void senderReportMapsRtpTimestampsToCaptureTime() {
        long ntp = NtpTime.fromMillis(SR_WALL_MILLIS);
        assertThat(ntp & 0xFFFFFFFFL).isEqualTo(0x40000000L);
        assertThat(stats.captureWallMillis(90_000)).isEqualTo(-1);
        byte[] sr = senderReport(ntp, 90_000);
        stats.onVideoRtcp(sr, 0, sr.length);
        assertThat(stats.captureWallMillis(90_000)).isEqualTo(SR_WALL_MILLIS);
        // 90 kHz: 3600 ticks are 40 ms; earlier pictures, and a timestamp that wrapped past 2^32.
        assertThat(stats.captureWallMillis(90_000 + 3600)).isEqualTo(SR_WALL_MILLIS + 40);
        assertThat(stats.captureWallMillis(90_000 - 9000)).isEqualTo(SR_WALL_MILLIS - 100);
        byte[] nearWrap = senderReport(ntp, 0xFFFFFFFFL - 899);
        stats.onVideoRtcp(nearWrap, 0, nearWrap.length);
        assertThat(stats.captureWallMillis(900)).isEqualTo(SR_WALL_MILLIS + 20);
    }

    @Test
    void whatIsNotASenderReportLeavesTheMappingAlone() {
        byte[] sr = senderReport(NtpTime.fromMillis(SR_WALL_MILLIS), 90_000);
        byte[] receiverReport = sr.clone();
        receiverReport[1] = (byte) 201;
        stats.onVideoRtcp(receiverReport, 0, receiverReport.length);
        stats.onVideoRtcp(sr, 0, 20);
        byte[] version1 = sr.clone();
        version1[0] = 0x40;
        stats.onVideoRtcp(version1, 0, version1.length);
        assertThat(stats.captureWallMillis(90_000)).isEqualTo(-1);

        stats.onVideoRtcp(sr, 0, sr.length);
        stats.onVideoRtcp(receiverReport, 0, receiverReport.length);
        assertThat(stats.captureWallMillis(90_000)).isEqualTo(SR_WALL_MILLIS);
        stats.newSession();
        assertThat(stats.captureWallMillis(90_000)).isEqualTo(-1);
    }

    @Test
    void ingestDelayIsCaptureToArrivalAveraged() {
        assertThat(stats.ingestDelayMillis()).isEqualTo(-1);
        stats.onPicture(90_000);
        assertThat(stats.ingestDelayMillis()).as("no sender report yet").isEqualTo(-1);
        // The picture was captured 1 s before the sender report's wall-clock time, which is now.
        byte[] sr = senderReport(NtpTime.fromMillis(System.currentTimeMillis()), 180_000);
        stats.onVideoRtcp(sr, 0, sr.length);
        stats.onPicture(90_000);
        assertThat(stats.ingestDelayMillis()).isGreaterThanOrEqualTo(999);
        double first = stats.ingestDelayMillis();
        stats.onPicture(180_000);
        assertThat(stats.ingestDelayMillis()).as("moving average: 95 % old, 5 % new").isLessThan(first)
                .isGreaterThan(first * 0.95 - 1);
    }

    @Test
    void picturesPerSecondOverOneSecondWindows() {
        stats.tick(10_000);
        for (int i = 0; i < 25; i++) {
            stats.onPicture(i * 3600L);
        }
        stats.tick(10_500);
        assertThat(stats.fps()).as("window not over yet").isZero();
        stats.tick(11_000);
        assertThat(stats.fps()).isEqualTo(25.0);
        for (int i = 0; i < 15; i++) {
            stats.onPicture(i * 3600L);
        }
        stats.tick(13_000);
        assertThat(stats.fps()).isEqualTo(7.5);
    }

    @Test
    void packetsCountTowardsTheBitrate() {
        assertThat(stats.bitsPerSecond(1_000)).isZero();
        for (int i = 0; i < 10; i++) {
            stats.onPacket(1_000 + i * 100, 1_000);
        }
        assertThat(stats.bitsPerSecond(1_950)).as("ten 1000-byte packets within the last second").isEqualTo(80_000);
    }
}
