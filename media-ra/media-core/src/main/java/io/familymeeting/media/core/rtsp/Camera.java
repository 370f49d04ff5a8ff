package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.h264.H264Profile;
import io.familymeeting.media.core.room.EngineContext;
import io.familymeeting.media.core.room.Room;
import io.familymeeting.media.core.room.StageSource;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.answer.CodecPreferences;
import io.familymeeting.media.core.sdp.answer.SupportedCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * An IP camera as a room's presenter: what the room and the engine's owner see of it. It
 * attaches to the room, puts its producers on stage when the first media arrives (and again
 * when they change), passes the room's viewer count on as demand, shapes viewers' answers to
 * the camera's codecs, and reports its state ({@link MediaEvent.Type#CAMERA_STATE} events)
 * and a snapshot.
 *
 * <p>The work is done by the parts it wires together: {@link CameraLoop} keeps the RTSP
 * session up (a {@link CameraSession} at a time, on the owner's executor: it owns no thread),
 * {@link CameraIngest} turns the session's RTP into the producers' packets and {@link
 * CameraStats} measures them, {@link CameraStatus} holds the state. It does not transcode,
 * and does not send RTCP receiver reports to the camera (keep-alive requests keep the
 * session).
 */
public final class Camera implements StageSource {
    private static final Logger LOG = Logger.getLogger(Camera.class.getName());

    private final String roomId;
    private final String cameraId;
    private final CameraConfig config;
    private final Room room;
    private final EngineContext context;
    private final Executor executor;
    private final CameraStatus status;
    private final CameraIngest ingest;
    private final CameraLoop loop;
    /** Whether the room has this camera's producers on stage (the first media has arrived). */
    private volatile boolean onStage;

    public Camera(String roomId, String cameraId, CameraConfig config, Room room, EngineContext context, Executor executor,
                  CameraTargets targets) {
        this.roomId = roomId;
        this.cameraId = cameraId;
        this.config = config;
        this.room = room;
        this.context = context;
        this.executor = executor;
        this.status = new CameraStatus(roomId, cameraId, context);
        this.ingest = new CameraIngest(cameraId, context::nowMillis, new CameraIngest.Listener() {
            @Override
            public void producersChanged(long nowMillis) {
                if (onStage) {
                    room.sourceLive(Camera.this, nowMillis);
                }
            }

            @Override
            public void firstMedia(long nowMillis) {
                playing(nowMillis);
            }
        });
        this.loop = new CameraLoop(roomId + "/" + cameraId, config, targets, context::nowMillis, status, ingest);
    }

    /** Attaches to the room and starts the loop on the executor. */
    public void start() {
        room.attach(this);
        status.set(CameraState.CONNECTING, "starting");
        executor.execute(loop::run);
    }

    /** Stops the loop (TEARDOWN if playing) and detaches from the room; waits at most {@code waitMillis}. */
    public void stop(long waitMillis) {
        loop.stop(waitMillis);
        room.detach(this, context.nowMillis());
        status.set(CameraState.STOPPED, "removed");
    }

    /** The session's first media: PLAYING, and on stage if it was not yet. */
    private void playing(long nowMillis) {
        CameraDescription d = loop.description();
        status.set(CameraState.PLAYING, d.summary()
                + (d.audio() != null && !d.audio().supported() ? " (audio not forwarded)" : ""));
        if (!onStage) {
            onStage = true;
            room.sourceLive(this, nowMillis);
        }
    }

    @Override
    public String id() {
        return cameraId;
    }

    public String roomId() {
        return roomId;
    }

    public CameraState state() {
        return status.state();
    }

    public String message() {
        return status.message();
    }

    /** Camera capture (RTCP SR clock) to SFU arrival, averaged; -1 before the camera's first SR. */
    public double ingestDelayMillis() {
        return ingest.stats().ingestDelayMillis();
    }

    /**
     * When the camera captured the picture its video producer sends with this RTP timestamp,
     * in wall-clock milliseconds by the camera's RTCP sender reports (RFC 3550 §6.4.1), or -1
     * before the first one. For delay measurements.
     */
    public long captureWallMillis(long producerTimestamp) {
        return ingest.captureWallMillis(producerTimestamp);
    }

    public int gopCacheSize() {
        return ingest.gopCacheSize();
    }

    @Override
    public List<Producer> producers(TrackKind kind) {
        return ingest.producers(kind);
    }

    @Override
    public void onViewerCount(int n) {
        loop.onViewerCount(n);
    }

    /**
     * Viewers of a camera room answer with the camera's codecs first: the H.264 payload format
     * of their offer whose profile decodes the camera's (RFC 6184 §8.1 profile-level-id,
     * compared as {@link H264Profile}), and the camera's audio codec; then the defaults.
     */
    @Override
    public CodecPreferences viewerCodecs(SessionDescription offer) {
        CameraDescription d = loop.description();
        if (d == null) {
            return null;
        }
        List<SupportedCodec> out = new ArrayList<>();
        if (d.video() != null && d.video().supported()) {
            H264Profile wanted = H264Profile.of(d.video().h264ProfileLevelId());
            String match = offeredH264(offer, wanted);
            if (match != null) {
                out.add(SupportedCodec.h264(match));
            } else {
                LOG.info(() -> "camera " + roomId + "/" + cameraId + ": the viewer offers no H.264 " + wanted);
            }
        }
        if (d.audio() != null && d.audio().supported()) {
            CameraTrack a = d.audio();
            if (a.encoding().equals("OPUS")) {
                out.add(SupportedCodec.opus());
            } else {
                out.add(new SupportedCodec(MediaKind.AUDIO, a.encoding(), a.clockRate(), 1, null));
            }
        }
        for (SupportedCodec c : CodecPreferences.DEFAULT.codecs()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return new CodecPreferences(out);
    }

    /** The profile-level-id of the offer's first H.264 format in packetization-mode 1 with this profile, or null. */
    private static String offeredH264(SessionDescription offer, H264Profile wanted) {
        for (MediaDescription m : offer.media()) {
            if (!MediaDescription.VIDEO.equals(m.media())) {
                continue;
            }
            for (PayloadFormat f : m.payloadFormats()) {
                Map<String, String> p = f.fmtpParameters();
                if (f.encodingName().equals("H264") && "1".equals(p.get("packetization-mode"))
                        && H264Profile.of(p.get("profile-level-id")) == wanted) {
                    return p.getOrDefault("profile-level-id", "42000a");
                }
            }
        }
        return null;
    }

    public CameraSnapshot snapshot() {
        CameraDescription d = loop.description();
        long now = context.nowMillis();
        CameraState state = status.state();
        CameraStats stats = ingest.stats();
        return new CameraSnapshot(roomId, cameraId, config.redactedUrl(), state, status.message(),
                trackSummary(d == null ? null : d.video()), trackSummary(d == null ? null : d.audio()),
                state == CameraState.PLAYING ? stats.fps() : 0, stats.bitsPerSecond(now), loop.viewers(),
                stats.ingestDelayMillis(), status.since());
    }

    /** "H264 42c00d", "unsupported: MPEG4-GENERIC/...", or "" when the camera has no such track. */
    private static String trackSummary(CameraTrack t) {
        if (t == null) {
            return "";
        }
        return (t.supported() ? "" : "unsupported: ") + t.describe();
    }
}
