package io.familymeeting.media.core.rtsp;

import java.nio.charset.StandardCharsets;

/**
 * One RTSP response (RFC 2326 §7): status code, reason phrase, headers and body (the SDP of
 * a DESCRIBE). A request from the server (RFC 2326 §10: a camera may send OPTIONS,
 * GET_PARAMETER, ANNOUNCE) is carried in the same type with {@link #isRequest()} true.
 */
public record RtspResponse(int status, String reason, RtspHeaders headers, byte[] body, String requestMethod) {
    /** RFC 2326 §11: status classes used by the client. */
    public static final int OK = 200;
    public static final int UNAUTHORIZED = 401;
    public static final int NOT_FOUND = 404;
    public static final int SESSION_NOT_FOUND = 454;
    public static final int UNSUPPORTED_TRANSPORT = 461;

    public boolean isRequest() {
        return requestMethod != null;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * RFC 2326 §11.3.2-11.3.4 (and HTTP's 307, RFC 7231 §6.4.7): the resource is at the
     * Location given. 300 (a choice), 304 (not modified) and 305 (use a proxy) are not.
     */
    public boolean isRedirect() {
        return status == 301 || status == 302 || status == 303 || status == 307;
    }

    /** RFC 2326 §12.17: the CSeq that pairs it with a request, or -1. */
    public int cseq() {
        return headers.getInt("CSeq", -1);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return isRequest() ? requestMethod + " request" : status + " " + reason;
    }
}
