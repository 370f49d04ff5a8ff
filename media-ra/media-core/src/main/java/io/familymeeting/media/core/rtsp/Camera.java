package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraSnapshot;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.core.forward.BitrateMeter;
import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.FeedbackSender;
import io.familymeeting.media.core.forward.GopCache;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.h264.H264Packetizer;
import io.familymeeting.media.core.h264.H264Profile;
import io.familymeeting.media.core.h264.H264Repacketizer;
import io.familymeeting.media.core.h264.SpropParameterSets;
import io.familymeeting.media.core.room.EngineContext;
import io.familymeeting.media.core.room.Room;
import io.familymeeting.media.core.room.StageSource;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.sdp.CodecPreferences;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.SupportedCodec;
import io.familymeeting.media.core.util.StreamRewriter;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An IP camera as a room's presenter. One loop, run on the owner's executor, keeps an RTSP
 * session (RFC 2326: OPTIONS, DESCRIBE, SETUP per track, PLAY, keep-alive, TEARDOWN) up while
 * it is wanted (always, or while the room has viewers), reconnects with exponential backoff,
 * and feeds two producers the room binds its viewers to: video repacketized for WebRTC
 * ({@link H264Repacketizer}) with a GOP cache for instant start, audio forwarded as it is.
 * Sequence numbers and timestamps are rewritten so viewers see one continuous stream across
 * reconnects: no new offer is needed when the camera comes back.
 *
 * <p>State changes go to the engine's owner as {@link MediaEvent.Type#CAMERA_STATE} events.
 * It owns its sockets (through {@link RtspClient}) but no thread. It does not transcode, and
 * does not send RTCP receiver reports to the camera (keep-alive requests keep the session).
 */
public final class Camera implements StageSource {
    private static final Logger LOG = Logger.getLogger(Camera.class.getName());
    /** First reconnect delay; doubles up to {@link CameraConfig#maxBackoffMillis()}. */
    static final long FIRST_BACKOFF_MILLIS = 500;
    /** How often the loop wakes while playing: stop, demand, keep-alive and stats checks. */
    static final long TICK_MILLIS = 100;
    /** Payload type of the repacketized H.264 the producer carries (dynamic, RFC 3551 §3). */
    static final int VIDEO_PAYLOAD_TYPE = 96;
    /** GOP cache bounds: 10 s of 30 fps at 4 Mbit/s fits. */
    static final int GOP_PACKETS = 8192;
    static final int GOP_BYTES = 8 * 1024 * 1024;

    private final String roomId;
    private final String cameraId;
    private final CameraConfig config;
    private final RtspUrl url;
    private final Room room;
    private final EngineContext context;
    private final Executor executor;
    private final Object lock = new Object();
    private final SecureRandom random = new SecureRandom();

    private volatile boolean stopped;
    private volatile boolean done;
    private volatile RtspClient client;
    /** The session timeout of the current session (SETUP's Session header), which sets the keep-alive interval. */
    private int sessionTimeoutSeconds = SessionHeader.DEFAULT_TIMEOUT_SECONDS;
    private volatile int viewers;
    private volatile long lastViewerMillis = Long.MIN_VALUE / 2;
    private volatile CameraState state = CameraState.CONNECTING;
    private volatile String message = "";
    private volatile Instant since = Instant.now();
    private volatile CameraDescription description;
    private volatile List<Producer> videoProducers = List.of();
    private volatile List<Producer> audioProducers = List.of();
    private volatile boolean onStage;

    // Session-scoped media state (camera loop thread only).
    private final RtpPacket view = new RtpPacket();
    private final StreamRewriter videoClock = new StreamRewriter();
    private final StreamRewriter audioClock = new StreamRewriter();
    private final byte[] audioScratch = new byte[1500 + 64];
    private H264Repacketizer repacketizer;
    private H264Packetizer packetizer;
    private int audioPayloadType = -1;
    private long audioSsrc;
    private volatile long lastMediaMillis;
    private boolean mediaThisSession;

    // Stats.
    private final BitrateMeter bitrate = new BitrateMeter();
    private volatile long pictures;
    private volatile double fps;
    private long fpsWindowStart;
    private long fpsWindowPictures;
    /** RTCP SR mapping of the video track (RFC 3550 §6.4.1): NTP millis and RTP timestamp. */
    private volatile long srNtpMillis = -1;
    private volatile long srRtpTs;
    private volatile double ingestDelayMillis = -1;

    public Camera(String roomId, String cameraId, CameraConfig config, Room room, EngineContext context, Executor executor) {
        this.roomId = roomId;
        this.cameraId = cameraId;
        this.config = config;
        this.url = RtspUrl.parse(config.url());
        this.room = room;
        this.context = context;
        this.executor = executor;
    }

    /** Attaches to the room and starts the loop on the executor. */
    public void start() {
        room.attach(this);
        setState(CameraState.CONNECTING, "starting");
        executor.execute(this::run);
    }

    /** Stops the loop (TEARDOWN if playing) and detaches from the room; waits at most {@code waitMillis}. */
    public void stop(long waitMillis) {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        RtspClient c = client;
        if (c != null) {
            c.wakeup();
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        synchronized (lock) {
            while (!done && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        room.detach(this, context.nowMillis());
        setState(CameraState.STOPPED, "removed");
    }

    @Override
    public String id() {
        return cameraId;
    }

    public String roomId() {
        return roomId;
    }

    public CameraState state() {
        return state;
    }

    public String message() {
        return message;
    }

    /** Camera capture (RTCP SR clock) to SFU arrival, averaged; -1 before the camera's first SR. */
    public double ingestDelayMillis() {
        return ingestDelayMillis;
    }

    /**
     * When the camera captured the picture its video producer sends with this RTP timestamp,
     * in wall-clock milliseconds by the camera's RTCP sender reports (RFC 3550 §6.4.1), or -1
     * before the first one. For delay measurements.
     */
    public long captureWallMillis(long producerTimestamp) {
        long ntp = srNtpMillis;
        if (ntp < 0) {
            return -1;
        }
        long cameraTs = (producerTimestamp - videoClock.timestampOffset()) & 0xFFFFFFFFL;
        return ntp + (int) (cameraTs - srRtpTs) / 90;
    }

    public int gopCacheSize() {
        List<Producer> v = videoProducers;
        return v.isEmpty() ? 0 : v.get(0).gopCacheSize();
    }

    @Override
    public List<Producer> producers(TrackKind kind) {
        return kind == TrackKind.VIDEO ? videoProducers : audioProducers;
    }

    @Override
    public void onViewerCount(int n) {
        int before = viewers;
        viewers = n;
        if (n > 0 || before > 0) {
            lastViewerMillis = context.nowMillis();
        }
        if ((n > 0) != (before > 0)) {
            synchronized (lock) {
                lock.notifyAll();
            }
            RtspClient c = client;
            if (c != null) {
                c.wakeup();
            }
        }
    }

    /**
     * Viewers of a camera room answer with the camera's codecs first: the H.264 payload format
     * of their offer whose profile decodes the camera's (RFC 6184 §8.1 profile-level-id,
     * compared as {@link H264Profile}), and the camera's audio codec; then the defaults.
     */
    @Override
    public CodecPreferences viewerCodecs(SessionDescription offer) {
        CameraDescription d = description;
        if (d == null) {
            return null;
        }
        List<SupportedCodec> out = new ArrayList<>();
        if (d.video() != null && d.video().supported()) {
            H264Profile wanted = H264Profile.of(profileLevelId(d.video()));
            String match = null;
            for (MediaDescription m : offer.media()) {
                if (!MediaDescription.VIDEO.equals(m.media())) {
                    continue;
                }
                for (PayloadFormat f : m.payloadFormats()) {
                    Map<String, String> p = f.fmtpParameters();
                    if (f.encodingName().equals("H264") && "1".equals(p.get("packetization-mode"))
                            && H264Profile.of(p.get("profile-level-id")) == wanted && match == null) {
                        match = p.getOrDefault("profile-level-id", "42000a");
                    }
                }
            }
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

    public CameraSnapshot snapshot() {
        CameraDescription d = description;
        long now = context.nowMillis();
        return new CameraSnapshot(roomId, cameraId, config.redactedUrl(), state, message,
                d == null || d.video() == null ? "" : (d.video().supported() ? "" : "unsupported: ") + d.video().describe(),
                d == null || d.audio() == null ? "" : (d.audio().supported() ? "" : "unsupported: ") + d.audio().describe(),
                state == CameraState.PLAYING ? fps : 0, bitrate.bitsPerSecond(now), viewers, ingestDelayMillis, since);
    }

    // --- the loop ---------------------------------------------------------------------------

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        try {
            while (!stopped) {
                boolean wanted = wanted();
                try {
                    if (wanted) {
                        session();
                        backoff = FIRST_BACKOFF_MILLIS;
                        if (!stopped) {
                            setState(CameraState.IDLE, "no viewers");
                        }
                        continue;
                    }
                    if (description == null || state == CameraState.ERROR || state == CameraState.RETRYING) {
                        probe();
                        backoff = FIRST_BACKOFF_MILLIS;
                        setState(CameraState.IDLE, "ready: " + description.summary());
                    }
                    waitFor(() -> wanted() || stopped, Long.MAX_VALUE);
                } catch (CameraFailure f) {
                    if (stopped) {
                        break;
                    }
                    long wait = f.permanent ? config.maxBackoffMillis() : backoff;
                    setState(f.permanent ? CameraState.ERROR : CameraState.RETRYING, f.getMessage());
                    LOG.info(() -> "camera " + roomId + "/" + cameraId + " (" + config.redactedUrl() + "): "
                            + f.getMessage() + "; next attempt in " + wait + " ms");
                    waitFor(() -> stopped, wait);
                    backoff = Math.min(config.maxBackoffMillis(), backoff * 2);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "camera " + roomId + "/" + cameraId + " failed", e);
                    setState(CameraState.RETRYING, "internal error: " + e);
                    waitFor(() -> stopped, config.maxBackoffMillis());
                }
            }
        } finally {
            synchronized (lock) {
                done = true;
                lock.notifyAll();
            }
        }
    }

    private boolean wanted() {
        if (config.mode() == CameraConfig.Mode.ALWAYS_ON) {
            return true;
        }
        return viewers > 0 || context.nowMillis() - lastViewerMillis < config.idleLingerMillis();
    }

    private void waitFor(java.util.function.BooleanSupplier condition, long maxMillis) {
        long deadline = maxMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = deadline == Long.MAX_VALUE ? 1000 : (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                try {
                    // Bounded so that the linger time of on-demand cameras is re-checked.
                    lock.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                }
            }
        }
    }

    /** OPTIONS and DESCRIBE only: checks the URL, credentials and codecs of an on-demand camera. */
    private void probe() throws CameraFailure {
        if (state != CameraState.ERROR && state != CameraState.RETRYING) {
            setState(CameraState.CONNECTING, "checking " + config.redactedUrl());
        }
        try (RtspClient c = open()) {
            client = c;
            options(c);
            describe(c);
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (RtspProtocolException e) {
            throw new CameraFailure("the camera broke the RTSP protocol: " + e.getMessage(), false);
        } finally {
            client = null;
        }
    }

    private RtspClient open() throws IOException {
        String user = config.username() != null ? config.username() : url.user();
        String pass = config.password() != null ? config.password() : url.password();
        return RtspClient.connect(url, new Authenticator(user, pass), config.connectTimeoutMillis(),
                config.responseTimeoutMillis());
    }

    private void session() throws CameraFailure {
        if (state != CameraState.ERROR && state != CameraState.RETRYING) {
            setState(CameraState.CONNECTING, "connecting to " + config.redactedUrl());
        }
        RtspClient c = null;
        boolean playing = false;
        try {
            c = open();
            client = c;
            if (stopped) {
                return;
            }
            boolean getParameter = options(c);
            CameraDescription d = describe(c);
            prepareTracks(d);
            c.setMediaHandler(mediaHandler);
            String aggregate = setup(c, d);
            RtspResponse play = c.request(RtspRequest.PLAY, aggregate, new RtspHeaders().add("Range", "npt=0.000-"));
            check(play, "PLAY");
            playing = true;
            lastMediaMillis = context.nowMillis();
            mediaThisSession = false;
            long keepAliveMillis = Math.max(1000, sessionTimeoutSeconds * 500L);
            long nextKeepAlive = context.nowMillis() + keepAliveMillis;
            while (!stopped && wanted()) {
                c.pump(TICK_MILLIS);
                long now = context.nowMillis();
                if (now - lastMediaMillis > config.mediaTimeoutMillis()) {
                    throw new CameraFailure((mediaThisSession ? "no media for " : "no media after PLAY for ")
                            + config.mediaTimeoutMillis() + " ms", false);
                }
                if (now >= nextKeepAlive) {
                    // RFC 2326 §10.8: GET_PARAMETER without a body is a keep-alive; OPTIONS when not offered.
                    c.sendWithoutWaiting(getParameter ? RtspRequest.GET_PARAMETER : RtspRequest.OPTIONS, aggregate);
                    nextKeepAlive = now + keepAliveMillis;
                }
                updateStats(now);
            }
            teardown(c, aggregate);
            playing = false;
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (RtspProtocolException e) {
            throw new CameraFailure("the camera broke the RTSP protocol: " + e.getMessage(), false);
        } finally {
            client = null;
            if (c != null) {
                if (playing && stopped) {
                    teardownQuietly(c);
                }
                c.close();
            }
        }
    }

    /** OPTIONS (RFC 2326 §10.1); returns whether the camera lists GET_PARAMETER. */
    private boolean options(RtspClient c) throws IOException, RtspProtocolException, CameraFailure {
        RtspResponse r = c.request(RtspRequest.OPTIONS, url.uri(), new RtspHeaders());
        if (r.status() == RtspResponse.UNAUTHORIZED) {
            // Some cameras protect OPTIONS too; DESCRIBE will say it clearly.
            return false;
        }
        String methods = r.headers().get("Public");
        return methods != null && methods.toUpperCase(java.util.Locale.ROOT).contains(RtspRequest.GET_PARAMETER);
    }

    private CameraDescription describe(RtspClient c) throws IOException, RtspProtocolException, CameraFailure {
        RtspResponse r = c.request(RtspRequest.DESCRIBE, url.uri(), new RtspHeaders().add("Accept", "application/sdp"));
        check(r, "DESCRIBE");
        String base = r.headers().get("Content-Base");
        if (base == null) {
            base = r.headers().get("Content-Location");
        }
        if (base == null) {
            base = url.uri();
        }
        CameraDescription d;
        try {
            d = CameraDescription.parse(r.bodyText(), base);
        } catch (SdpParseException | RuntimeException e) {
            throw new CameraFailure("the camera's SDP could not be read: " + e.getMessage(), true);
        }
        if (d.video() != null && !d.video().supported()) {
            throw new CameraFailure("unsupported codec: video is " + d.video().describe()
                    + " (only H.264 is forwarded, without transcoding)", true);
        }
        if (d.video() == null && (d.audio() == null || !d.audio().supported())) {
            throw new CameraFailure("unsupported codec: no H.264 video and no PCMU, PCMA or Opus audio ("
                    + d.summary() + ")", true);
        }
        description = d;
        return d;
    }

    /** SETUP each forwarded track (RFC 2326 §10.4); returns the aggregate control URL for PLAY. */
    private String setup(RtspClient c, CameraDescription d) throws IOException, RtspProtocolException, CameraFailure {
        List<CameraTrack> tracks = new ArrayList<>();
        if (d.video() != null && d.video().supported()) {
            tracks.add(d.video());
        }
        if (d.audio() != null && d.audio().supported()) {
            tracks.add(d.audio());
        }
        for (int i = 0; i < tracks.size(); i++) {
            CameraTrack t = tracks.get(i);
            int index = t.kind() == TrackKind.VIDEO ? 0 : 1;
            TransportHeader want;
            if (config.transport() == CameraConfig.Transport.TCP) {
                want = TransportHeader.interleaved(2 * index);
            } else {
                int[] ports = c.openUdpPair(index);
                want = TransportHeader.udp(ports[0], ports[1]);
            }
            RtspResponse r = c.request(RtspRequest.SETUP, t.control(), new RtspHeaders().add("Transport", want.requestValue()));
            if (r.status() == RtspResponse.UNSUPPORTED_TRANSPORT) {
                throw new CameraFailure("the camera does not offer RTP over " + config.transport()
                        + " (461 Unsupported Transport)", true);
            }
            check(r, "SETUP");
            SessionHeader sh = SessionHeader.parse(r.headers().get("Session"));
            if (sh == null) {
                throw new CameraFailure("SETUP answered without a Session header", false);
            }
            c.setSession(sh.id());
            sessionTimeoutSeconds = sh.timeoutSeconds();
            TransportHeader got = TransportHeader.parseReply(r.headers().get("Transport"));
            if (config.transport() == CameraConfig.Transport.TCP) {
                if (got == null || !got.tcp()) {
                    throw new CameraFailure("the camera did not accept RTP over TCP: " + r.headers().get("Transport"), true);
                }
                c.mapInterleaved(got.rtpChannel(), got.rtcpChannel(), index);
            }
        }
        String aggregate = url.uri();
        return aggregate;
    }

    private void check(RtspResponse r, String what) throws CameraFailure {
        if (r.isSuccess()) {
            return;
        }
        String status = r.status() + " " + r.reason();
        if (r.status() == RtspResponse.UNAUTHORIZED) {
            boolean hasCredentials = config.username() != null || url.user() != null;
            throw new CameraFailure(hasCredentials ? "the camera refused the credentials (" + status + ")"
                    : "the camera needs credentials (" + status + ")", true);
        }
        if (r.status() == RtspResponse.NOT_FOUND) {
            throw new CameraFailure("no stream at " + config.redactedUrl() + " (" + what + ": " + status + ")", true);
        }
        // 4xx: the request is wrong and will stay wrong; 5xx: the camera may recover.
        throw new CameraFailure(what + " refused: " + status, r.status() < 500);
    }

    private CameraFailure transportFailure(IOException e) {
        String where = url.host() + ":" + url.port();
        if (e instanceof ConnectException) {
            return new CameraFailure("connection refused by " + where, false);
        }
        if (e instanceof SocketTimeoutException) {
            return new CameraFailure(e.getMessage() + " (" + where + ")", false);
        }
        if (e instanceof EOFException) {
            return new CameraFailure("the camera closed the connection (" + where + ")", false);
        }
        return new CameraFailure("network error with " + where + ": " + e.getMessage(), false);
    }

    private void teardown(RtspClient c, String aggregate) {
        try {
            c.sendWithoutWaiting(RtspRequest.TEARDOWN, aggregate);
            // A short wait lets the camera read it before the connection closes.
            c.pump(50);
        } catch (IOException | RtspProtocolException e) {
            LOG.log(Level.FINE, "TEARDOWN", e);
        }
    }

    private void teardownQuietly(RtspClient c) {
        teardown(c, url.uri());
    }

    // --- media ------------------------------------------------------------------------------

    /** Makes (or keeps) the producers for what the camera describes; resets per-session state. */
    private void prepareTracks(CameraDescription d) {
        boolean changed = false;
        if (d.video() != null && d.video().supported()) {
            String profile = profileLevelId(d.video());
            String fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + profile;
            Producer current = videoProducers.isEmpty() ? null : videoProducers.get(0);
            if (current == null || !current.track().codecs().get(0).fmtp().equals(fmtp)) {
                long ssrc = random.nextInt() & 0xFFFFFFFFL;
                TrackDescription t = new TrackDescription(TrackKind.VIDEO, "camera-video",
                        List.of(new CodecInfo(VIDEO_PAYLOAD_TYPE, "H264", 90000, 1, fmtp, -1)), Map.of(), ssrc, -1);
                Producer p = new Producer(cameraId, t, NO_FEEDBACK);
                p.enableGopCache(new GopCache(GOP_PACKETS, GOP_BYTES));
                packetizer = new H264Packetizer(VIDEO_PAYLOAD_TYPE, ssrc, H264Packetizer.DEFAULT_MAX_PAYLOAD,
                        random.nextInt(0x8000));
                videoProducers = List.of(p);
                changed = true;
            }
            repacketizer = new H264Repacketizer(packetizer,
                    SpropParameterSets.parse(d.video().fmtp().get("sprop-parameter-sets")));
        } else if (!videoProducers.isEmpty()) {
            videoProducers = List.of();
            changed = true;
        }
        if (d.audio() != null && d.audio().supported()) {
            CameraTrack a = d.audio();
            Producer current = audioProducers.isEmpty() ? null : audioProducers.get(0);
            CodecInfo want = new CodecInfo(a.payloadType(), a.encoding().equals("OPUS") ? "opus" : a.encoding(),
                    a.clockRate(), a.channels(), "", -1);
            if (current == null || !current.track().codecs().get(0).equals(want)) {
                audioSsrc = random.nextInt() & 0xFFFFFFFFL;
                TrackDescription t = new TrackDescription(TrackKind.AUDIO, "camera-audio", List.of(want), Map.of(),
                        audioSsrc, -1);
                audioProducers = List.of(new Producer(cameraId, t, NO_FEEDBACK));
                changed = true;
            }
            audioPayloadType = a.payloadType();
        } else {
            audioPayloadType = -1;
            if (!audioProducers.isEmpty()) {
                audioProducers = List.of();
                changed = true;
            }
        }
        videoClock.switchSource();
        audioClock.switchSource();
        srNtpMillis = -1;
        if (changed && onStage) {
            room.sourceLive(this, context.nowMillis());
        }
    }

    private static String profileLevelId(CameraTrack video) {
        String p = video.fmtp().get("profile-level-id");
        if (p == null) {
            byte[] sps = null;
            for (byte[] nal : SpropParameterSets.parse(video.fmtp().get("sprop-parameter-sets"))) {
                if ((nal[0] & 0x1F) == 7) {
                    sps = nal;
                }
            }
            p = SpropParameterSets.profileLevelId(sps);
        }
        return p == null ? "42e01f" : p.toLowerCase(java.util.Locale.ROOT);
    }

    private final RtspClient.MediaHandler mediaHandler = new RtspClient.MediaHandler() {
        @Override
        public void onRtp(int track, byte[] buf, int off, int len) {
            try {
                onMedia(track, buf, off, len);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "camera packet dropped", e);
            }
        }

        @Override
        public void onRtcp(int track, byte[] buf, int off, int len) {
            // RFC 3550 §6.4.1 sender report: NTP timestamp (bytes 8-15) and RTP timestamp (16-19).
            if (track == 0 && len >= 20 && (buf[off + 1] & 0xFF) == 200) {
                long sec = u32(buf, off + 8);
                long frac = u32(buf, off + 12);
                srNtpMillis = (sec - 2_208_988_800L) * 1000 + (frac * 1000 >>> 32);
                srRtpTs = u32(buf, off + 16);
            }
        }
    };

    private static long u32(byte[] b, int p) {
        return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
    }

    private void onMedia(int track, byte[] buf, int off, int len) {
        if (!view.wrap(buf, off, len)) {
            return;
        }
        long now = context.nowMillis();
        if (track == 0) {
            List<Producer> v = videoProducers;
            if (v.isEmpty() || repacketizer == null || view.payloadType() != description.video().payloadType()) {
                return;
            }
            if (!videoClock.accept(view.ssrc(), view.sequenceNumber(), view.timestamp(), now, 90000)) {
                return;
            }
            mediaArrived(now, len);
            long ts = videoClock.rewriteTimestamp(view.timestamp());
            if (view.marker()) {
                pictures++;
                measureIngestDelay(view.timestamp());
            }
            sinkProducer = v.get(0);
            sinkNow = now;
            repacketizer.onPayload(view.sequenceNumber(), ts, view.marker(), buf, view.payloadOffset(),
                    view.payloadLength(), videoSink);
        } else {
            List<Producer> a = audioProducers;
            if (a.isEmpty() || view.payloadType() != audioPayloadType || len > audioScratch.length - 64) {
                return;
            }
            int clock = description.audio().clockRate();
            if (!audioClock.accept(view.ssrc(), view.sequenceNumber(), view.timestamp(), now, clock)) {
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
    }

    private final RtpPacket audioOut = new RtpPacket();
    private Producer sinkProducer;
    private long sinkNow;
    private final io.familymeeting.media.core.h264.RtpSink videoSink = (b, o, l) -> sinkProducer.onRtp(b, o, l, sinkNow);

    private void measureIngestDelay(long rtpTs) {
        if (srNtpMillis < 0) {
            return;
        }
        long captured = srNtpMillis + (int) (rtpTs - srRtpTs) / 90;
        double delay = System.currentTimeMillis() - captured;
        ingestDelayMillis = ingestDelayMillis < 0 ? delay : ingestDelayMillis * 0.95 + delay * 0.05;
    }

    private void mediaArrived(long now, int len) {
        lastMediaMillis = now;
        bitrate.add(now, len);
        if (!mediaThisSession) {
            mediaThisSession = true;
            setState(CameraState.PLAYING, description.summary()
                    + (description.audio() != null && !description.audio().supported() ? " (audio not forwarded)" : ""));
            if (!onStage) {
                onStage = true;
                room.sourceLive(this, now);
            }
        }
    }

    private void updateStats(long now) {
        if (fpsWindowStart == 0) {
            fpsWindowStart = now;
            fpsWindowPictures = pictures;
            return;
        }
        long elapsed = now - fpsWindowStart;
        if (elapsed >= 1000) {
            fps = (pictures - fpsWindowPictures) * 1000.0 / elapsed;
            fpsWindowStart = now;
            fpsWindowPictures = pictures;
        }
    }

    private void setState(CameraState next, String why) {
        String msg = why == null ? "" : why;
        if (next == state && msg.equals(message)) {
            return;
        }
        boolean changed = next != state;
        state = next;
        message = msg;
        if (changed) {
            since = Instant.now();
        }
        LOG.fine(() -> "camera " + roomId + "/" + cameraId + ": " + next + " " + msg);
        context.emit(MediaEvent.Type.CAMERA_STATE, roomId, cameraId, next.name() + ": " + msg);
    }

    /** Cameras do not take RTCP feedback from the SFU: the GOP cache answers keyframe needs. */
    private static final FeedbackSender NO_FEEDBACK = new FeedbackSender() {
        private final int[] scratch = new int[64];

        @Override
        public void sendPli(long mediaSsrc) {
        }

        @Override
        public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        }

        @Override
        public int[] nackScratch() {
            return scratch;
        }
    };
}
