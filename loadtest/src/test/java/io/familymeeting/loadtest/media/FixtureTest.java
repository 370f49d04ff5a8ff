package io.familymeeting.loadtest.media;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FixtureTest {
    private final Fixture fixture = Fixture.load();

    @Test
    void theRecordedStreamIsFiveSecondsOf720pVp8AtAboutOneAndAHalfMegabitsAndOpus() {
        assertThat(fixture.loopNanos()).isEqualTo(5_000_000_000L);
        assertThat(fixture.videoFrames()).isEqualTo(150);
        assertThat(fixture.videoBitsPerSecond()).isBetween(1_200_000L, 1_800_000L);
        assertThat(fixture.packets(false)).hasSize(250);
        assertThat(fixture.loopTicks(true)).isEqualTo(450_000L);
        assertThat(fixture.loopTicks(false)).isEqualTo(240_000L);
    }

    @Test
    void framesAreCutIntoPayloadsThatStartAndEndTheirFrame() {
        List<MediaPacket> video = fixture.packets(true);
        assertThat(video).allMatch(p -> p.length() > 0 && p.length() <= Fixture.MAX_VIDEO_PAYLOAD);
        for (int i = 0; i < video.size(); i++) {
            MediaPacket p = video.get(i);
            boolean firstOfFrame = i == 0 || video.get(i - 1).frameIndex() != p.frameIndex();
            boolean lastOfFrame = i == video.size() - 1 || video.get(i + 1).frameIndex() != p.frameIndex();
            assertThat(p.startOfFrame()).as("packet %d starts frame %d", i, p.frameIndex()).isEqualTo(firstOfFrame);
            assertThat(p.marker()).as("packet %d ends frame %d", i, p.frameIndex()).isEqualTo(lastOfFrame);
            assertThat(p.rtpTimestamp()).isEqualTo(p.frameIndex() * 3000L);
        }
        // RFC 6386 §9.1: the first frame is a keyframe (bit 0 of the frame tag is 0).
        assertThat(video.get(0).data()[video.get(0).offset()] & 1).isZero();
    }

    @Test
    void opusPacketsAreTwentyMillisecondsApartWithoutTheOggHeaders() {
        List<MediaPacket> audio = fixture.packets(false);
        for (int i = 0; i < audio.size(); i++) {
            assertThat(audio.get(i).atNanos()).isEqualTo(i * 20_000_000L);
            assertThat(audio.get(i).rtpTimestamp()).isEqualTo(i * 960L);
            assertThat(new String(audio.get(i).data(), 0, Math.min(8, audio.get(i).length()))).doesNotStartWith("Opus");
        }
    }

    @Test
    void payloadHashesTellTheLoopsPacketsApart() {
        long distinct = fixture.packets().stream().mapToLong(MediaPacket::hash).distinct().count();
        assertThat(distinct).isGreaterThan(fixture.packets().size() * 95L / 100);
    }
}
