package io.familymeeting.media.core.rtsp;

/** The peer sent bytes that are not RTSP (RFC 2326 §4, §10.12), or more than the limits allow. */
public final class RtspProtocolException extends Exception {
    public RtspProtocolException(String message) {
        super(message);
    }
}
