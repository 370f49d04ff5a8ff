package io.familymeeting.media.core.rtsp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits the bytes of an RTSP control connection into messages and interleaved binary frames
 * (RFC 2326 §10.12: {@code '$'}, channel, 16-bit length, data). Bytes are read into its one
 * buffer ({@link #writable()} / {@link #written}, or {@link #feed} in tests); {@link #next}
 * hands out one complete item at a time and says when more bytes are needed. Interleaved
 * data is handed out as a view into the buffer, valid during the callback only: no copy,
 * no allocation per frame.
 *
 * <p>Limits: a message head (status line and headers) of at most {@link #MAX_HEAD_BYTES},
 * a body of at most {@link #MAX_BODY_BYTES}; an interleaved frame is at most 65535 bytes by
 * its format. Anything that is neither a frame nor a message, or over a limit, is an {@link
 * RtspProtocolException}: the connection is beyond repair. Empty lines between messages
 * are skipped (RFC 2326 §4 allows them as in HTTP). Not thread-safe.
 */
public final class RtspStreamParser {
    /** Status line plus headers. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    /** A DESCRIBE body (SDP): the SDP parser's own limit. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** RFC 2326 §10.12: 1 + 1 + 2 bytes of header, then up to 65535 of data. */
    static final int MAX_FRAME_BYTES = 4 + 0xFFFF;

    /** What the stream contained. */
    public interface Handler {
        void onFrame(int channel, byte[] buf, int off, int len);

        void onMessage(RtspResponse message);
    }

    private final byte[] buf = new byte[MAX_HEAD_BYTES + MAX_BODY_BYTES + MAX_FRAME_BYTES];
    private int start;
    private int end;

    /** Free space to read into (the buffer is compacted first). Call {@link #written} after. */
    public ByteBuffer writable() {
        compact();
        return ByteBuffer.wrap(buf, end, buf.length - end);
    }

    public void written(int n) {
        end += n;
    }

    /** Appends bytes (tests, or a caller that reads elsewhere); false when they do not fit. */
    public boolean feed(byte[] b, int off, int len) {
        compact();
        if (len > buf.length - end) {
            return false;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
        return true;
    }

    public int buffered() {
        return end - start;
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    /**
     * Handles one complete item. Returns false when the buffer holds only part of one (read
     * more and call again).
     */
    public boolean next(Handler handler) throws RtspProtocolException {
        while (start < end && (buf[start] == '\r' || buf[start] == '\n')) {
            start++;
        }
        if (start == end) {
            return false;
        }
        if (buf[start] == '$') {
            return nextFrame(handler);
        }
        if (!isTokenChar(buf[start])) {
            throw new RtspProtocolException(String.format("not RTSP: byte 0x%02x where a message or '$' frame begins",
                    buf[start] & 0xFF));
        }
        return nextMessage(handler);
    }

    /** RFC 2326 §10.12: {@code '$'}, channel, 16-bit length, data; handed out in place. */
    private boolean nextFrame(Handler handler) {
        if (end - start < 4) {
            return false;
        }
        int channel = buf[start + 1] & 0xFF;
        int len = ((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF);
        if (end - start < 4 + len) {
            return false;
        }
        int off = start + 4;
        start += 4 + len;
        handler.onFrame(channel, buf, off, len);
        return true;
    }

    /** A message head, then as many body bytes as its Content-Length says. */
    private boolean nextMessage(Handler handler) throws RtspProtocolException {
        int headEnd = findHeadEnd();
        if (headEnd < 0) {
            if (end - start > MAX_HEAD_BYTES) {
                throw new RtspProtocolException("message head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            return false;
        }
        if (headEnd - start > MAX_HEAD_BYTES) {
            throw new RtspProtocolException("message head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        String head = new String(buf, start, headEnd - start, StandardCharsets.ISO_8859_1);
        int bodyStart = headEnd + (buf[headEnd] == '\r' ? 4 : 2);
        RtspResponse parsed = parseHead(head, null);
        int length = parsed.headers().getInt("Content-Length", 0);
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new RtspProtocolException("body of " + parsed.headers().get("Content-Length")
                    + " bytes is over the limit of " + MAX_BODY_BYTES);
        }
        if (end - bodyStart < length) {
            return false;
        }
        byte[] body = new byte[length];
        System.arraycopy(buf, bodyStart, body, 0, length);
        start = bodyStart + length;
        handler.onMessage(new RtspResponse(parsed.status(), parsed.reason(), parsed.headers(), body,
                parsed.requestMethod()));
        return true;
    }

    /** Index of the blank line that ends the head ("\r\n\r\n" or a bare "\n\n"), or -1. */
    private int findHeadEnd() {
        int limit = Math.min(end, start + MAX_HEAD_BYTES + 4);
        for (int i = start; i + 1 < limit; i++) {
            if (buf[i] == '\n' && buf[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < limit && buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTokenChar(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_' || b == '-';
    }

    /** RFC 2326 §7.1 status line (or §6.1 request line), then §4.2 header fields. */
    static RtspResponse parseHead(String head, byte[] body) throws RtspProtocolException {
        String[] lines = head.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            // RFC 9110 §5.5 (HTTP, whose header rules RFC 2326 §4.2 takes): a bare CR or a NUL in a
            // field is replaced with SP, so no value the client echoes (Session, Content-Base, a
            // digest challenge's realm or nonce) can break a request line it writes.
            lines[i] = lines[i].replace('\r', ' ').replace('\0', ' ');
        }
        StartLine first = parseStartLine(lines[0]);
        return new RtspResponse(first.status(), first.reason(), parseHeaders(lines),
                body == null ? new byte[0] : body, first.method());
    }

    /** A status line (method null) or a request line (status 0, reason empty). */
    private record StartLine(int status, String reason, String method) {
    }

    private static StartLine parseStartLine(String first) throws RtspProtocolException {
        if (!first.startsWith("RTSP/")) {
            // "GET_PARAMETER rtsp://... RTSP/1.0"
            String[] parts = first.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("RTSP/")) {
                throw new RtspProtocolException("neither a status line nor a request line: " + shorten(first));
            }
            return new StartLine(0, "", parts[0]);
        }
        // "RTSP/1.0 200 OK"
        String[] parts = first.split(" ", 3);
        if (parts.length < 2 || !parts[0].matches("RTSP/\\d\\.\\d") || parts[1].length() != 3) {
            throw new RtspProtocolException("malformed status line: " + shorten(first));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new RtspProtocolException("malformed status code: " + shorten(first));
        }
        if (status < 100 || status > 599) {
            throw new RtspProtocolException("status code out of range: " + status);
        }
        return new StartLine(status, parts.length > 2 ? parts[2] : "", null);
    }

    /** The header fields after the start line; a line starting with space or tab continues the previous one. */
    private static RtspHeaders parseHeaders(String[] lines) throws RtspProtocolException {
        RtspHeaders headers = new RtspHeaders();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name == null) {
                    throw new RtspProtocolException("continuation line before any header");
                }
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                headers.add(name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new RtspProtocolException("malformed header line: " + shorten(line));
            }
            name = line.substring(0, colon).trim();
            value.setLength(0);
            value.append(line.substring(colon + 1).trim());
        }
        if (name != null) {
            headers.add(name, value.toString());
        }
        return headers;
    }

    /**
     * A short, printable excerpt of what the camera (or a camera document) sent, for an error
     * message that ends up in the camera's status and the logs: at most 80 characters, control
     * characters as '?'.
     */
    static String shorten(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 80) + 3);
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? sb.append("...").toString() : sb.toString();
    }
}
