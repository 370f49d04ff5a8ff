package io.familymeeting.media.core.rtsp;

import java.nio.charset.StandardCharsets;

/**
 * One RTSP request (RFC 2326 §6) as the client sends it: method, request URI, CSeq and
 * headers, serialized with CRLF line ends. The client sends no bodies.
 */
public record RtspRequest(String method, String uri, int cseq, RtspHeaders headers) {
    public static final String OPTIONS = "OPTIONS";
    public static final String DESCRIBE = "DESCRIBE";
    public static final String SETUP = "SETUP";
    public static final String PLAY = "PLAY";
    public static final String GET_PARAMETER = "GET_PARAMETER";
    public static final String TEARDOWN = "TEARDOWN";
    /** Sent as User-Agent (RFC 2326 §12.41). */
    public static final String USER_AGENT = "family-meeting-sfu";

    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(cseq).append("\r\n");
        headers.appendTo(sb);
        sb.append("User-Agent: ").append(USER_AGENT).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
