package io.familymeeting.loadtest.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recorded stream the presenters loop (resources fixture/, see its README.md): VP8 frames
 * from an IVF file and Opus packets from an Ogg file (RFC 7845), cut into RTP payloads once and
 * shared, read-only, by every presenter. VP8 frames (timed by their IVF presentation timestamps) are split into payloads of at most
 * {@link #MAX_VIDEO_PAYLOAD} bytes (RFC 7741 §4.4: the presenter adds the descriptor); each Opus
 * packet is one payload (RFC 7587 §4.2), 20 ms apart. The loop lasts as long as the video;
 * Opus packets beyond it are left out.
 */
public final class Fixture {
    /** Keeps a packet with RTP header, extensions, descriptor and SRTP tag under 1,250 bytes. */
    static final int MAX_VIDEO_PAYLOAD = 1150;
    private static final int VIDEO_CLOCK = 90_000;
    /** RFC 7587 §4.1: Opus RTP clock. */
    private static final int AUDIO_CLOCK = 48_000;
    private static final long OPUS_FRAME_NANOS = 20_000_000L;

    private final List<MediaPacket> packets;
    private final List<MediaPacket> videoPackets;
    private final List<MediaPacket> audioPackets;
    private final long loopNanos;
    private final long videoLoopTicks;
    private final long audioLoopTicks;
    private final int videoFrames;
    private final long videoBytes;

    private Fixture(List<MediaPacket> packets, long loopNanos, long videoLoopTicks, long audioLoopTicks, int videoFrames,
                    long videoBytes) {
        this.packets = packets;
        this.videoPackets = packets.stream().filter(MediaPacket::video).toList();
        this.audioPackets = packets.stream().filter(p -> !p.video()).toList();
        this.loopNanos = loopNanos;
        this.videoLoopTicks = videoLoopTicks;
        this.audioLoopTicks = audioLoopTicks;
        this.videoFrames = videoFrames;
        this.videoBytes = videoBytes;
    }

    /** Loads the fixture from the class path. */
    public static Fixture load() {
        return load(resource("fixture/video.ivf"), resource("fixture/audio.opus"));
    }

    static Fixture load(byte[] ivf, byte[] ogg) {
        List<MediaPacket> out = new ArrayList<>();
        // IVF: 32-byte header (frame rate at 16, time scale at 20, frame count at 24), then frames of
        // a 12-byte header (size, 64-bit pts) and the frame.
        ByteBuffer v = ByteBuffer.wrap(ivf).order(ByteOrder.LITTLE_ENDIAN);
        if (ivf.length < 32 || v.getInt(0) != 0x46494B44) {
            throw new IllegalArgumentException("not an IVF file");
        }
        int rate = v.getInt(16);
        int scale = v.getInt(20);
        if (rate <= 0 || scale <= 0) {
            throw new IllegalArgumentException("IVF header without a frame rate");
        }
        int pos = v.getShort(6);
        int frame = 0;
        long bytes = 0;
        long firstPts = -1;
        long lastPts = 0;
        while (pos + 12 <= ivf.length) {
            int size = v.getInt(pos);
            long pts = v.getLong(pos + 4); // in units of scale / rate seconds
            int start = pos + 12;
            if (size <= 0 || start + size > ivf.length) {
                break;
            }
            if (firstPts < 0) {
                firstPts = pts;
            }
            lastPts = pts;
            long at = (pts - firstPts) * 1_000_000_000L * scale / rate;
            long ts = (pts - firstPts) * VIDEO_CLOCK * scale / rate;
            for (int off = 0; off < size; off += MAX_VIDEO_PAYLOAD) {
                int len = Math.min(MAX_VIDEO_PAYLOAD, size - off);
                out.add(new MediaPacket(at, true, ts, off + len == size, off == 0, frame, ivf, start + off, len,
                        PayloadHash.of(ivf, start + off, len)));
            }
            bytes += size;
            pos = start + size;
            frame++;
        }
        if (frame < 2) {
            throw new IllegalArgumentException("the IVF file has " + frame + " frames; at least 2 are needed");
        }
        // The loop lasts the frames' span plus one frame interval.
        long span = (lastPts - firstPts) * (frame) / (frame - 1);
        long videoLoop = span * 1_000_000_000L * scale / rate;

        List<byte[]> opus = OggPackets.read(ogg);
        int n = 0;
        for (byte[] p : opus) {
            if (startsWith(p, "OpusHead") || startsWith(p, "OpusTags")) {
                continue;
            }
            if (n * OPUS_FRAME_NANOS >= videoLoop) {
                break; // the encoder's last packet (its look-ahead) would make the loop longer than the video
            }
            out.add(new MediaPacket(n * OPUS_FRAME_NANOS, false, n * (long) (AUDIO_CLOCK / 50), false, true, n,
                    p, 0, p.length, PayloadHash.of(p, 0, p.length)));
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("the Ogg file has no Opus packets");
        }
        long loop = Math.max(videoLoop, n * OPUS_FRAME_NANOS);
        // The RTP clocks advance by the whole loop each time, so timestamps stay continuous.
        out.sort(Comparator.comparingLong(MediaPacket::atNanos));
        return new Fixture(List.copyOf(out), loop, loop * VIDEO_CLOCK / 1_000_000_000L, loop * AUDIO_CLOCK / 1_000_000_000L,
                frame, bytes);
    }

    private static boolean startsWith(byte[] p, String magic) {
        if (p.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (p[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Fixture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loop's payloads, by time. */
    public List<MediaPacket> packets() {
        return packets;
    }

    /** The loop's payloads of one stream, by time. */
    public List<MediaPacket> packets(boolean video) {
        return video ? videoPackets : audioPackets;
    }

    public long loopNanos() {
        return loopNanos;
    }

    /** RTP timestamp advance of one loop, video (90 kHz) and audio (48 kHz). */
    public long loopTicks(boolean video) {
        return video ? videoLoopTicks : audioLoopTicks;
    }

    public int videoFrames() {
        return videoFrames;
    }

    /** Video bit rate of the fixture. */
    public long videoBitsPerSecond() {
        return videoBytes * 8L * 1_000_000_000L / loopNanos;
    }
}
