package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.sdp.SdpParseException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One RTSP session with a camera (RFC 2326) over one control connection: a probe (OPTIONS,
 * DESCRIBE) or a play: OPTIONS, DESCRIBE, SETUP per track (interleaved channels or a UDP
 * port pair), PLAY, keep-alive requests while its {@link Control} wants it, TEARDOWN. What
 * goes wrong is thrown as a {@link CameraFailure} with the message users see.
 *
 * <p>Before it connects, the {@link CameraTargets} resolve and check the host, and the
 * connection goes to the address they checked. A redirect of OPTIONS or DESCRIBE (RFC 2326
 * §11.3, Location §12.25) starts over at the new URL, checked the same way, at most {@link
 * #MAX_REDIRECTS} times. The camera's credentials are answered to challenges only on a
 * connection to the host and port of the configured URL they were given for, never to
 * another one a redirect names.
 *
 * <p>It owns its {@link RtspClient} (the sockets) from {@link #probe} or {@link #play} until
 * they return, and runs on the caller's thread; {@link #wakeup} may come from any thread.
 * Media go from the client straight to the {@link CameraIngest}, which it prepares for the
 * session and watches for a media timeout. It does not retry, wait for demand or report
 * states: {@link CameraLoop} does.
 */
final class CameraSession {
    private static final Logger LOG = Logger.getLogger(CameraSession.class.getName());
    /** How often the session wakes while playing: stop, demand, keep-alive and stats checks. */
    static final long TICK_MILLIS = 100;
    /** Keep-alive requests come at half the session timeout (RFC 2326 §12.37), at least this often apart. */
    static final long MIN_KEEP_ALIVE_MILLIS = 1000;
    /** Redirects followed in one session before it fails. */
    static final int MAX_REDIRECTS = 3;

    /** What the session asks of the loop that runs it. */
    interface Control {
        /** The camera is being removed: end the session (with TEARDOWN when playing). */
        boolean stopped();

        /** Someone wants the camera's media (checked every tick while playing). */
        boolean wanted();

        /** DESCRIBE answered with a usable description (before SETUP). */
        void described(CameraDescription description);
    }

    private final CameraConfig config;
    /** The configured URL: where the session starts and the only place its credentials go. */
    private final RtspUrl url;
    private final CameraTargets targets;
    /** The URL of the connection of the moment: {@link #url}, or where a redirect pointed. */
    private RtspUrl target;
    /** The engine's monotonic clock in milliseconds. */
    private final LongSupplier clock;
    private final CameraIngest ingest;
    private final Control control;
    private volatile RtspClient client;
    /** The session timeout SETUP's Session header gave (RFC 2326 §12.37): sets the keep-alive interval. */
    private int sessionTimeoutSeconds = SessionHeader.DEFAULT_TIMEOUT_SECONDS;

    CameraSession(CameraConfig config, RtspUrl url, CameraTargets targets, LongSupplier clock, CameraIngest ingest,
                  Control control) {
        this.config = config;
        this.url = url;
        this.target = url;
        this.targets = targets;
        this.clock = clock;
        this.ingest = ingest;
        this.control = control;
    }

    /** Cuts a wait of the session short (any thread). */
    void wakeup() {
        RtspClient c = client;
        if (c != null) {
            c.wakeup();
        }
    }

    /** OPTIONS and DESCRIBE only. */
    void probe() throws CameraFailure {
        withClient(c -> {
            options(c);
            describe(c);
        });
    }

    /** Sets up and plays the camera's tracks into the ingest until stopped or no longer wanted, then TEARDOWN. */
    void play() throws CameraFailure {
        withClient(this::playOn);
    }

    /** An exchange on an open control connection. */
    private interface Exchange {
        void run(RtspClient c) throws IOException, RtspProtocolException, CameraFailure, Redirect;
    }

    /** The camera answered with a redirect: the exchange starts over at {@code location}. */
    private static final class Redirect extends Exception {
        final RtspUrl location;

        Redirect(RtspUrl location) {
            super(null, null, false, false);
            this.location = location;
        }
    }

    /**
     * Checks the target, opens the control connection, runs the exchange and closes it;
     * after a redirect the same at the new URL. Network and protocol errors become failures.
     */
    private void withClient(Exchange exchange) throws CameraFailure {
        target = url;
        for (int redirects = 0; ; redirects++) {
            RtspClient c = null;
            try {
                c = open();
                client = c;
                exchange.run(c);
                return;
            } catch (Redirect r) {
                if (redirects == MAX_REDIRECTS) {
                    throw new CameraFailure("the camera redirected more than " + MAX_REDIRECTS + " times (last to "
                            + r.location.uri() + ")", true);
                }
                LOG.fine(() -> "camera " + url.uri() + " redirected to " + r.location.uri());
                target = r.location;
            } catch (IOException e) {
                throw CameraFailure.network(e, target);
            } catch (RtspProtocolException e) {
                throw CameraFailure.protocol(e);
            } finally {
                client = null;
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    private void playOn(RtspClient c) throws IOException, RtspProtocolException, CameraFailure, Redirect {
        if (control.stopped()) {
            return;
        }
        boolean getParameter = options(c);
        CameraDescription d = describe(c);
        ingest.prepare(d);
        c.setMediaHandler(ingest);
        String aggregate = setup(c, d);
        check(c.request(RtspRequest.PLAY, aggregate, new RtspHeaders().add("Range", "npt=0.000-")), "PLAY");
        ingest.playStarted();
        boolean ended = false;
        try {
            keepAlive(c, aggregate, getParameter);
            ended = true;
        } finally {
            // A failure while playing ends without TEARDOWN (the connection is likely gone), unless the camera is removed.
            if (ended || control.stopped()) {
                teardown(c, aggregate);
            }
        }
    }

    /** Connects to the checked address of the target, with the credentials only when it is their origin. */
    private RtspClient open() throws IOException, CameraFailure {
        InetSocketAddress address = targets.check(target.host(), target.port());
        Authenticator auth = atOrigin()
                ? new Authenticator(config.username() != null ? config.username() : url.user(),
                        config.password() != null ? config.password() : url.password())
                : new Authenticator(null, null);
        return RtspClient.connect(address, auth, config.connectTimeoutMillis(), config.responseTimeoutMillis());
    }

    /** True when the connection of the moment goes to the host and port of the configured URL. */
    private boolean atOrigin() {
        return target.host().equalsIgnoreCase(url.host()) && target.port() == url.port();
    }

    /** RFC 2326 §11.3: a redirect with a Location (§12.25) to an rtsp:// URL restarts the exchange there. */
    private void followRedirect(RtspResponse r, String what) throws Redirect, CameraFailure {
        if (!r.isRedirect()) {
            return;
        }
        String location = r.headers().get("Location");
        if (location == null || location.isBlank()) {
            throw new CameraFailure(what + " answered " + r.status() + " " + r.reason() + " without a Location", true);
        }
        RtspUrl next;
        try {
            // RFC 2326 §12.25 asks for an absolute URL; a relative one is resolved as HTTP does (RFC 3986 §5).
            next = RtspUrl.parse(URI.create(target.uri()).resolve(location.trim()).toString());
        } catch (IllegalArgumentException e) {
            throw new CameraFailure(what + " redirected to an unusable URL: " + e.getMessage(), true);
        }
        // Credentials a camera writes into its redirect are not taken: they come only from the configuration.
        throw new Redirect(new RtspUrl(next.host(), next.port(), next.uri(), null, null));
    }

    /** OPTIONS (RFC 2326 §10.1); returns whether the camera lists GET_PARAMETER. */
    private boolean options(RtspClient c) throws IOException, RtspProtocolException, Redirect, CameraFailure {
        RtspResponse r = c.request(RtspRequest.OPTIONS, target.uri(), new RtspHeaders());
        followRedirect(r, "OPTIONS");
        if (r.status() == RtspResponse.UNAUTHORIZED) {
            // Some cameras protect OPTIONS too; DESCRIBE will say it clearly.
            return false;
        }
        String methods = r.headers().get("Public");
        return methods != null && methods.toUpperCase(Locale.ROOT).contains(RtspRequest.GET_PARAMETER);
    }

    /** DESCRIBE (RFC 2326 §10.2): what the camera offers; fails when nothing of it can be forwarded. */
    private CameraDescription describe(RtspClient c) throws IOException, RtspProtocolException, CameraFailure, Redirect {
        RtspResponse r = c.request(RtspRequest.DESCRIBE, target.uri(), new RtspHeaders().add("Accept", "application/sdp"));
        followRedirect(r, "DESCRIBE");
        check(r, "DESCRIBE");
        String base = r.headers().get("Content-Base");
        if (base == null) {
            base = r.headers().get("Content-Location");
        }
        if (base == null) {
            base = target.uri();
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
        control.described(d);
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
        for (CameraTrack t : tracks) {
            setupTrack(c, t, t.kind() == TrackKind.VIDEO ? CameraIngest.VIDEO_TRACK : CameraIngest.AUDIO_TRACK);
        }
        return target.uri();
    }

    /** SETUP one track as the ingest's track {@code index}: interleaved channels or a UDP port pair. */
    private void setupTrack(RtspClient c, CameraTrack t, int index)
            throws IOException, RtspProtocolException, CameraFailure {
        boolean tcp = config.transport() == CameraConfig.Transport.TCP;
        TransportHeader want;
        if (tcp) {
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
        if (tcp) {
            if (got == null || !got.tcp()) {
                throw new CameraFailure("the camera did not accept RTP over TCP: " + r.headers().get("Transport"), true);
            }
            c.mapInterleaved(got.rtpChannel(), got.rtcpChannel(), index);
        }
    }

    /**
     * Pumps media while the camera is wanted, with a keep-alive request at half the session
     * timeout; fails when no media arrives for the media timeout.
     */
    private void keepAlive(RtspClient c, String aggregate, boolean getParameter)
            throws IOException, RtspProtocolException, CameraFailure {
        long keepAliveMillis = Math.max(MIN_KEEP_ALIVE_MILLIS, sessionTimeoutSeconds * 500L);
        long nextKeepAlive = clock.getAsLong() + keepAliveMillis;
        while (!control.stopped() && control.wanted()) {
            c.pump(TICK_MILLIS);
            long now = clock.getAsLong();
            if (now - ingest.lastMediaMillis() > config.mediaTimeoutMillis()) {
                throw new CameraFailure((ingest.mediaThisSession() ? "no media for " : "no media after PLAY for ")
                        + config.mediaTimeoutMillis() + " ms", false);
            }
            if (now >= nextKeepAlive) {
                // RFC 2326 §10.8: GET_PARAMETER without a body is a keep-alive; OPTIONS when not offered.
                c.sendWithoutWaiting(getParameter ? RtspRequest.GET_PARAMETER : RtspRequest.OPTIONS, aggregate);
                nextKeepAlive = now + keepAliveMillis;
            }
            ingest.tick(now);
        }
    }

    private void check(RtspResponse r, String what) throws CameraFailure {
        if (r.isSuccess()) {
            return;
        }
        boolean hasCredentials = config.username() != null || url.user() != null;
        if (r.status() == RtspResponse.UNAUTHORIZED && hasCredentials && !atOrigin()) {
            throw new CameraFailure("the camera redirected to " + target.host() + ":" + target.port()
                    + ", which asks for credentials; they are only sent to " + url.host() + ":" + url.port()
                    + " (" + r.status() + " " + r.reason() + ")", true);
        }
        throw CameraFailure.refused(r, what, hasCredentials, atOrigin() ? config.redactedUrl() : target.uri());
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
}
