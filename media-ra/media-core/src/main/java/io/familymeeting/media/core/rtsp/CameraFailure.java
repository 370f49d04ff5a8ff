package io.familymeeting.media.core.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * Why a camera session ended, with the message users see. {@code permanent} failures (wrong
 * URL, credentials refused, no supported codec) put the camera in ERROR and are retried only
 * at the longest backoff; the others in RETRYING. The factories turn what the RTSP client
 * reports (a refusal, a network error, a protocol violation) into that message.
 */
final class CameraFailure extends Exception {
    final boolean permanent;

    CameraFailure(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    /**
     * A response that is not a success (RFC 2326 §7.1.1): 401 says whether credentials were
     * missing or refused, 404 names the stream, other 4xx are permanent and 5xx retried.
     *
     * @param what           the request, for the message
     * @param hasCredentials whether the camera was configured with credentials
     * @param redactedUrl    the camera URL without its password
     */
    static CameraFailure refused(RtspResponse r, String what, boolean hasCredentials, String redactedUrl) {
        String status = r.status() + " " + r.reason();
        if (r.status() == RtspResponse.UNAUTHORIZED) {
            return new CameraFailure(hasCredentials ? "the camera refused the credentials (" + status + ")"
                    : "the camera needs credentials (" + status + ")", true);
        }
        if (r.status() == RtspResponse.NOT_FOUND) {
            return new CameraFailure("no stream at " + redactedUrl + " (" + what + ": " + status + ")", true);
        }
        // 4xx: the request is wrong and will stay wrong; 5xx: the camera may recover.
        return new CameraFailure(what + " refused: " + status, r.status() < 500);
    }

    /** A network error with the camera at {@code url}: retried. */
    static CameraFailure network(IOException e, RtspUrl url) {
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

    /** The camera sent something that is not RTSP: retried. */
    static CameraFailure protocol(RtspProtocolException e) {
        return new CameraFailure("the camera broke the RTSP protocol: " + e.getMessage(), false);
    }
}
