package io.familymeeting.media.api;

import java.util.Objects;

/**
 * How to pull one IP camera into a room (the {@code rooms/{roomId}/cameras/{cameraId}}
 * document of docs/operations.md).
 * Every timing has a default that works for cameras on a LAN ({@link #of(String)}).
 *
 * @param url                 the camera's {@code rtsp://} URL; credentials in it are used and never logged
 * @param transport           RTP over the RTSP connection (TCP, the default: works through NAT and firewalls) or UDP
 * @param username            user for Basic / Digest authentication, or null (then the URL's, if any)
 * @param password            password, or null
 * @param mode                pull only while the room has viewers, or always
 * @param connectTimeoutMillis TCP connect bound
 * @param responseTimeoutMillis bound on every RTSP response
 * @param mediaTimeoutMillis  a playing session that delivers no RTP for this long is restarted
 * @param maxBackoffMillis    longest wait between reconnect attempts (they start at 500 ms and double)
 * @param idleLingerMillis    on demand: how long the stream stays up after the last viewer left
 */
public record CameraConfig(String url, Transport transport, String username, String password, Mode mode,
                           long connectTimeoutMillis, long responseTimeoutMillis, long mediaTimeoutMillis,
                           long maxBackoffMillis, long idleLingerMillis) implements java.io.Serializable {

    /** RFC 2326 §10.12 interleaved TCP, or RTP/AVP over UDP. */
    public enum Transport { TCP, UDP }

    /** When the stream is pulled from the camera. */
    public enum Mode {
        /** Only while the room has at least one connected viewer (plus {@code idleLingerMillis}). */
        ON_DEMAND,
        /** Always, so a viewer's first picture never waits for the camera. */
        ALWAYS_ON
    }

    public CameraConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(mode, "mode");
        if (connectTimeoutMillis <= 0 || responseTimeoutMillis <= 0 || mediaTimeoutMillis <= 0
                || maxBackoffMillis <= 0 || idleLingerMillis < 0) {
            throw new IllegalArgumentException("camera timeouts must be positive");
        }
    }

    /** TCP, always on, 5 s connect and response bounds, 10 s media timeout, backoff up to 30 s. */
    public static CameraConfig of(String url) {
        return new CameraConfig(url, Transport.TCP, null, null, Mode.ALWAYS_ON, 5_000, 5_000, 10_000, 30_000, 10_000);
    }

    public CameraConfig withTransport(Transport t) {
        return new CameraConfig(url, t, username, password, mode, connectTimeoutMillis, responseTimeoutMillis,
                mediaTimeoutMillis, maxBackoffMillis, idleLingerMillis);
    }

    public CameraConfig withCredentials(String user, String pass) {
        return new CameraConfig(url, transport, user, pass, mode, connectTimeoutMillis, responseTimeoutMillis,
                mediaTimeoutMillis, maxBackoffMillis, idleLingerMillis);
    }

    public CameraConfig withMode(Mode m) {
        return new CameraConfig(url, transport, username, password, m, connectTimeoutMillis, responseTimeoutMillis,
                mediaTimeoutMillis, maxBackoffMillis, idleLingerMillis);
    }

    public CameraConfig withTimeouts(long connectMillis, long responseMillis, long mediaMillis, long maxBackoff) {
        return new CameraConfig(url, transport, username, password, mode, connectMillis, responseMillis,
                mediaMillis, maxBackoff, idleLingerMillis);
    }

    public CameraConfig withIdleLinger(long millis) {
        return new CameraConfig(url, transport, username, password, mode, connectTimeoutMillis, responseTimeoutMillis,
                mediaTimeoutMillis, maxBackoffMillis, millis);
    }

    /** The URL without user information, for logs, snapshots and events. */
    public String redactedUrl() {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return url.substring(0, scheme + 3) + url.substring(at + 1);
        }
        return url;
    }

    @Override
    public String toString() {
        return "CameraConfig[" + redactedUrl() + ", " + transport + ", " + mode + "]";
    }
}
