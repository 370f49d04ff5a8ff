package io.familymeeting.media.core.sdp;

import java.util.Objects;

/**
 * The value of {@code a=rtpmap:<pt> <encoding name>/<clock rate>[/<channels>]}
 * (RFC 8866 §6.6), without the payload type (kept by {@link PayloadFormat}).
 *
 * @param channels audio channel count, or null when the line has none (means 1)
 */
public record RtpMap(String encodingName, int clockRate, Integer channels) {
    public RtpMap {
        Objects.requireNonNull(encodingName, "encodingName");
        if (clockRate <= 0) {
            throw new SyntaxError("rtpmap clock rate must be positive");
        }
        if (channels != null && channels <= 0) {
            throw new SyntaxError("rtpmap channel count must be positive");
        }
    }

    static RtpMap parse(String encoding) {
        String[] p = encoding.split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty()) {
            throw new SyntaxError("rtpmap must be '<payload type> <encoding name>/<clock rate>[/<channels>]'");
        }
        int clock = Tokens.parseInt(p[1], 1, Integer.MAX_VALUE, "rtpmap clock rate");
        Integer ch = p.length == 3 ? Tokens.parseInt(p[2], 1, 255, "rtpmap channels") : null;
        return new RtpMap(p[0], clock, ch);
    }

    /** Channel count with the RFC default of 1. */
    public int channelCount() {
        return channels == null ? 1 : channels;
    }

    public String value() {
        return encodingName + "/" + clockRate + (channels == null ? "" : "/" + channels);
    }
}
