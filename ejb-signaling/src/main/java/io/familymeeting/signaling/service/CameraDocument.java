package io.familymeeting.signaling.service;

import io.familymeeting.media.api.CameraConfig;
import io.familymeeting.media.api.CameraState;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Values;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a {@code rooms/{roomId}/cameras/{cameraId}} document (docs/signaling.md):
 * its field names, the rules its client-written fields follow, the conversion of those
 * fields into the engine's {@link CameraConfig}, and whether two URLs name the same server
 * (a stored password belongs to one). Used by the REST API (to refuse a bad
 * request) and by {@link CameraSignaling} (to refuse a bad document written some other way).
 * It neither reads nor writes the store.
 *
 * <p>Client-written: {@code url} ({@code rtsp://}), {@code transport} ({@code "tcp"} the
 * default | {@code "udp"}), {@code user}, {@code password} (both optional; credentials in the
 * URL work too), {@code mode} ({@code "always-on"} the default | {@code "on-demand"}).
 * Server-written: {@code state} (connecting, playing, retrying, error, idle), {@code error},
 * {@code fps}, {@code bitrateBps}, {@code videoCodec}, {@code audioCodec}, {@code updatedAt}.
 */
public final class CameraDocument {
    private static final int MAX_URL = 1024;
    private static final int MAX_CREDENTIAL = 256;
    /** RFC 2326 §3.2: the port of an rtsp URL without one. */
    private static final int DEFAULT_PORT = 554;

    private CameraDocument() {
    }

    /**
     * The camera configuration a document's fields ask for.
     *
     * @throws IllegalArgumentException with a message for the person who wrote the document
     */
    public static CameraConfig config(Map<String, Object> data) {
        String url = url(data.get(Fields.URL));
        CameraConfig.Transport transport = switch (text(data, Fields.TRANSPORT, 8, Values.TRANSPORT_TCP).toLowerCase(Locale.ROOT)) {
            case Values.TRANSPORT_TCP -> CameraConfig.Transport.TCP;
            case Values.TRANSPORT_UDP -> CameraConfig.Transport.UDP;
            default -> throw new IllegalArgumentException("transport must be \"tcp\" or \"udp\"");
        };
        CameraConfig.Mode mode = switch (text(data, Fields.MODE, 16, Values.MODE_ALWAYS_ON).toLowerCase(Locale.ROOT)) {
            case Values.MODE_ALWAYS_ON -> CameraConfig.Mode.ALWAYS_ON;
            case Values.MODE_ON_DEMAND -> CameraConfig.Mode.ON_DEMAND;
            default -> throw new IllegalArgumentException("mode must be \"always-on\" or \"on-demand\"");
        };
        String user = text(data, Fields.USER, MAX_CREDENTIAL, "");
        String password = text(data, Fields.PASSWORD, MAX_CREDENTIAL, "");
        return CameraConfig.of(url).withTransport(transport).withMode(mode)
                .withCredentials(user.isEmpty() ? null : user, password.isEmpty() ? null : password);
    }

    /** The client-written fields of a valid request, normalized (lower-case words, no empty credentials). */
    public static Map<String, Object> clientFields(Map<String, Object> data) {
        CameraConfig c = config(data);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(Fields.URL, c.url());
        out.put(Fields.TRANSPORT, c.transport() == CameraConfig.Transport.UDP ? Values.TRANSPORT_UDP : Values.TRANSPORT_TCP);
        out.put(Fields.MODE, c.mode() == CameraConfig.Mode.ON_DEMAND ? Values.MODE_ON_DEMAND : Values.MODE_ALWAYS_ON);
        out.put(Fields.USER, c.username() == null ? "" : c.username());
        if (c.password() != null) {
            out.put(Fields.PASSWORD, c.password());
        }
        return out;
    }

    /** A document's fields as the REST API shows them: no password, no credentials in the URL. */
    public static Map<String, Object> publicView(String cameraId, Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", cameraId);
        out.putAll(data);
        out.remove(Fields.PASSWORD);
        if (data.get(Fields.URL) instanceof String url) {
            out.put(Fields.URL, redact(url));
        }
        out.put("hasPassword", data.get(Fields.PASSWORD) instanceof String p && !p.isEmpty() || hasUserInfo(data.get(Fields.URL)));
        return out;
    }

    /**
     * True when two camera URLs name the same server: host (without case) and port, 554 when
     * not given (RFC 2326 §3.2). False when either is not a URL with a host.
     */
    public static boolean sameServer(Object url, Object otherUrl) {
        String a = server(url);
        return a != null && a.equals(server(otherUrl));
    }

    /** "host:port" of an rtsp:// URL, host in lower case; null when it has none. */
    private static String server(Object url) {
        if (!(url instanceof String s)) {
            return null;
        }
        try {
            URI u = new URI(s.trim());
            if (u.getHost() == null || u.getHost().isEmpty()) {
                return null;
            }
            return u.getHost().toLowerCase(Locale.ROOT) + ":" + (u.getPort() < 0 ? DEFAULT_PORT : u.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The document's {@code state} word for an engine state ("playing"). */
    public static String stateName(CameraState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String url(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("url must be an rtsp:// URL, e.g. rtsp://192.168.1.20:554/stream1");
        }
        String url = s.trim();
        if (url.length() > MAX_URL) {
            throw new IllegalArgumentException("url is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + e.getReason());
        }
        if (!"rtsp".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("url must start with rtsp:// (got " + (uri.getScheme() == null
                    ? "no scheme" : uri.getScheme() + "://") + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url has no host");
        }
        return url;
    }

    private static String text(Map<String, Object> data, String field, int max, String fallback) {
        Object v = data.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        if (s.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        String t = Fields.PASSWORD.equals(field) ? s : s.trim();
        return t.isEmpty() ? fallback : t;
    }

    private static boolean hasUserInfo(Object url) {
        return url instanceof String s && !redact(s).equals(s);
    }

    private static String redact(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return url.substring(0, scheme + 3) + url.substring(at + 1);
        }
        return url;
    }
}
