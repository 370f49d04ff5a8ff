package io.familymeeting.media.core.rtsp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * An {@code rtsp://} URL (RFC 2326 §3.2), split into where to connect and what to ask for.
 * Credentials written into the URL ({@code rtsp://user:pass@host/...}, common in camera
 * manuals) are taken out: they go into Authorization headers, never onto the wire in a URL.
 *
 * @param host     host name or address
 * @param port     TCP port, 554 by default (RFC 2326 §3.2)
 * @param uri      the request URI, without credentials
 * @param user     user from the URL, or null
 * @param password password from the URL, or null
 */
public record RtspUrl(String host, int port, String uri, String user, String password) {
    /** RFC 2326 §3.2: the default port of rtsp URLs. */
    public static final int DEFAULT_PORT = 554;

    public static RtspUrl parse(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The exception's own message quotes the whole input, control characters and all.
            throw new IllegalArgumentException("not a URL (" + e.getReason() + " at index " + e.getIndex() + "): "
                    + RtspStreamParser.shorten(url));
        }
        if (u.getScheme() == null || !u.getScheme().equalsIgnoreCase("rtsp")) {
            throw new IllegalArgumentException("not an rtsp:// URL: " + RtspStreamParser.shorten(url));
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("rtsp URL without a host: " + RtspStreamParser.shorten(url));
        }
        int port = u.getPort() < 0 ? DEFAULT_PORT : u.getPort();
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
        String hostPart = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        String uri = "rtsp://" + hostPart + (u.getPort() < 0 ? "" : ":" + port) + path + query;
        return new RtspUrl(u.getHost().replace("[", "").replace("]", ""), port, uri, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * RFC 2326 §C.1.1: a media-level {@code a=control} resolved against the base (the
     * Content-Base of the DESCRIBE response, else the request URL). "*" means the base.
     */
    public static String resolveControl(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7)) {
            return control;
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }
}
