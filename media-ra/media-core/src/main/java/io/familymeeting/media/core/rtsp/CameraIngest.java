package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.GopCache;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.h264.H264Packetizer;
import io.familymeeting.media.core.h264.H264Repacketizer;
import io.familymeeting.media.core.h264.RtpSink;
import io.familymeeting.media.core.h264.SpropParameterSets;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.util.StreamRewriter;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The media side of a camera: the two producers the room binds its viewers to, and the RTP
 * of an RTSP session (interleaved or UDP, as {@link RtspClient} delivers it) into them. Video
 * is repacketized for WebRTC ({@link H264Repacketizer}: parameter sets before key frames,
 * packets within the SFU's MTU) with a GOP cache for instant start; audio is forwarded as it
 * is under the producer's SSRC. Sequence numbers and timestamps are rewritten so viewers see
 * one continuous stream across sessions: no new offer is needed when the camera comes back.
 * Packets, pictures and video sender reports go to {@link CameraStats}.
 *
 * <p>It keeps producers when a new session describes the same codecs, and says so when they
 * change ({@link Listener}). It does not speak RTSP, decide when to play or what state the
 * camera is in ({@link CameraSession}, {@link Camera}), and sends no RTCP to the camera.
 * Everything but the producer lists and the readings runs on the camera's loop thread; no
 * allocation per packet.
 */
final class CameraIngest implements RtspClient.MediaHandler {
    private static final Logger LOG = Logger.getLogger(CameraIngest.class.getName());
    /** Payload type of the repacketized H.264 the producer carries (dynamic, RFC 3551 §3). */
    static final int VIDEO_PAYLOAD_TYPE = 96;
    /** GOP cache bounds: 10 s of 30 fps at 4 Mbit/s fits. */
    static final int GOP_PACKETS = 8192;
    static final int GOP_BYTES = 8 * 1024 * 1024;
    /** Track indexes of {@link RtspClient.MediaHandler}: the session sets up video as 0, audio as 1. */
    static final int VIDEO_TRACK = 0;
    static final int AUDIO_TRACK = 1;
    /** Largest audio packet forwarded. */
    private static final int MAX_AUDIO_PACKET = 1500;

    /** What the camera learns from its ingest. Called on the camera's loop thread. */
    interface Listener {
        /** The producers changed (a new session describes other codecs): the room must rebind its viewers. */
        void producersChanged(long nowMillis);

        /** The first packet since {@link #playStarted} arrived. */
        void firstMedia(long nowMillis);
    }

    private final String cameraId;
    /** The engine's monotonic clock in milliseconds. */
    private final LongSupplier clock;
    private final Listener listener;
    private final CameraStats stats = new CameraStats();
    private final SecureRandom random = new SecureRandom();

    private volatile List<Producer> videoProducers = List.of();
    private volatile List<Producer> audioProducers = List.of();
    private volatile long lastMediaMillis;
    private boolean mediaThisSession;

    // Session-scoped media state (camera loop thread only).
    private final RtpPacket view = new RtpPacket();
    private final RtpPacket audioOut = new RtpPacket();
    private final StreamRewriter videoClock = new StreamRewriter();
    private final StreamRewriter audioClock = new StreamRewriter();
    private final byte[] audioScratch = new byte[MAX_AUDIO_PACKET + 64];
    private H264Repacketizer repacketizer;
    private H264Packetizer packetizer;
    private int videoPayloadType = -1;
    private int audioPayloadType = -1;
    private int audioClockRate;
    private long audioSsrc;
    /** Where the repacketizer's packets go, and their arrival time: set before each call. */
    private Producer sinkProducer;
    private long sinkNow;
    private final RtpSink videoSink = (b, o, l) -> sinkProducer.onRtp(b, o, l, sinkNow);

    CameraIngest(String cameraId, LongSupplier clock, Listener listener) {
        this.cameraId = cameraId;
        this.clock = clock;
        this.listener = listener;
    }

    List<Producer> producers(TrackKind kind) {
        return kind == TrackKind.VIDEO ? videoProducers : audioProducers;
    }

    int gopCacheSize() {
        List<Producer> v = videoProducers;
        return v.isEmpty() ? 0 : v.get(0).gopCacheSize();
    }

    CameraStats stats() {
        return stats;
    }

    /** The camera's capture time of the picture viewers receive with this RTP timestamp; see {@link CameraStats}. */
    long captureWallMillis(long producerTimestamp) {
        return stats.captureWallMillis((producerTimestamp - videoClock.timestampOffset()) & 0xFFFFFFFFL);
    }

    /**
     * Makes the producers for what a new session describes, or keeps them while the codecs
     * stay (viewers stay bound); resets the per-session state.
     */
    void prepare(CameraDescription d) {
        CameraTrack video = d.video() != null && d.video().supported() ? d.video() : null;
        CameraTrack audio = d.audio() != null && d.audio().supported() ? d.audio() : null;
        CodecInfo videoCodec = video == null ? null : new CodecInfo(VIDEO_PAYLOAD_TYPE, "H264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + video.h264ProfileLevelId(), -1);
        CodecInfo audioCodec = audio == null ? null : new CodecInfo(audio.payloadType(),
                audio.encoding().equals("OPUS") ? "opus" : audio.encoding(), audio.clockRate(), audio.channels(), "", -1);
        boolean changed = false;
        if (!carries(videoProducers, videoCodec)) {
            videoProducers = videoCodec == null ? List.of() : List.of(newVideoProducer(videoCodec));
            changed = true;
        }
        if (!carries(audioProducers, audioCodec)) {
            audioProducers = audioCodec == null ? List.of() : List.of(newAudioProducer(audioCodec));
            changed = true;
        }
        if (video != null) {
            repacketizer = new H264Repacketizer(packetizer,
                    SpropParameterSets.parse(video.fmtp().get("sprop-parameter-sets")));
        }
        videoPayloadType = video == null ? -1 : video.payloadType();
        audioPayloadType = audio == null ? -1 : audio.payloadType();
        audioClockRate = audio == null ? 0 : audio.clockRate();
        videoClock.switchSource();
        audioClock.switchSource();
        stats.newSession();
        if (changed) {
            listener.producersChanged(clock.getAsLong());
        }
    }

    /** Whether the producers carry exactly this codec (none, when it is null). */
    private static boolean carries(List<Producer> producers, CodecInfo codec) {
        return producers.isEmpty() ? codec == null : producers.get(0).track().codecs().get(0).equals(codec);
    }

    /** A new SSRC and sequence space, and a GOP cache for instant start. */
    private Producer newVideoProducer(CodecInfo codec) {
        long ssrc = random.nextInt() & 0xFFFFFFFFL;
        TrackDescription t = new TrackDescription(TrackKind.VIDEO, "camera-video", List.of(codec), Map.of(), ssrc, -1);
        Producer p = new Producer(cameraId, t, FeedbackSender.NONE);
        p.enableGopCache(new GopCache(GOP_PACKETS, GOP_BYTES));
        packetizer = new H264Packetizer(VIDEO_PAYLOAD_TYPE, ssrc, H264Packetizer.DEFAULT_MAX_PAYLOAD,
                random.nextInt(0x8000));
        return p;
    }

    private Producer newAudioProducer(CodecInfo codec) {
        audioSsrc = random.nextInt() & 0xFFFFFFFFL;
        TrackDescription t = new TrackDescription(TrackKind.AUDIO, "camera-audio", List.of(codec), Map.of(), audioSsrc, -1);
        return new Producer(cameraId, t, FeedbackSender.NONE);
    }

    /** PLAY was answered: the media timeout starts now and the next packet is the session's first. */
    void playStarted() {
        lastMediaMillis = clock.getAsLong();
        mediaThisSession = false;
    }

    /** When the last packet arrived (or PLAY was answered, before the first). */
    long lastMediaMillis() {
        return lastMediaMillis;
    }

    /** Whether a packet arrived since PLAY was answered. */
    boolean mediaThisSession() {
        return mediaThisSession;
    }

    /** The loop's tick while playing. */
    void tick(long nowMillis) {
        stats.tick(nowMillis);
    }

    @Override
    public void onRtp(int track, byte[] buf, int off, int len) {
        try {
            if (!view.wrap(buf, off, len)) {
                return;
            }
            long now = clock.getAsLong();
            if (track == VIDEO_TRACK) {
                onVideo(buf, len, now);
            } else {
                onAudio(buf, off, len, now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "camera packet dropped", e);
        }
    }

    @Override
    public void onRtcp(int track, byte[] buf, int off, int len) {
        if (track == VIDEO_TRACK) {
            stats.onVideoRtcp(buf, off, len);
        }
    }

    private void onVideo(byte[] buf, int len, long now) {
        List<Producer> v = videoProducers;
        if (v.isEmpty() || repacketizer == null || view.payloadType() != videoPayloadType) {
            return;
        }
        if (!videoClock.accept(view.ssrc(), view.sequenceNumber(), view.timestamp(), now, 90000)) {
            return;
        }
        mediaArrived(now, len);
        long ts = videoClock.rewriteTimestamp(view.timestamp());
        if (view.marker()) {
            stats.onPicture(view.timestamp());
        }
        sinkProducer = v.get(0);
        sinkNow = now;
        repacketizer.onPayload(view.sequenceNumber(), ts, view.marker(), buf, view.payloadOffset(),
                view.payloadLength(), videoSink);
    }

    private void onAudio(byte[] buf, int off, int len, long now) {
        List<Producer> a = audioProducers;
        if (a.isEmpty() || view.payloadType() != audioPayloadType || len > MAX_AUDIO_PACKET) {
            return;
        }
        if (!audioClock.accept(view.ssrc(), view.sequenceNumber(), view.timestamp(), now, audioClockRate)) {
            return;
        }
        mediaArrived(now, len);
        System.arraycopy(buf, off, audioScratch, 0, len);
        RtpPacket out = audioOut;
        out.wrap(audioScratch, 0, len);
        out.setSsrc(audioSsrc);
        out.setSequenceNumber(audioClock.rewriteSeq(view.sequenceNumber()));
        out.setTimestamp(audioClock.rewriteTimestamp(view.timestamp()));
        a.get(0).onRtp(audioScratch, 0, len, now);
    }

    private void mediaArrived(long now, int len) {
        lastMediaMillis = now;
        stats.onPacket(now, len);
        if (!mediaThisSession) {
            mediaThisSession = true;
            listener.firstMedia(now);
        }
    }
}
