package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.VideoCodec;

import java.util.Locale;

/** Sizes and small lookups shared by the forwarding classes. */
public final class Packets {
    /** Largest RTP packet the SFU forwards (an Ethernet MTU); larger ones are dropped. */
    public static final int MAX_PACKET_SIZE = 1500;
    /** Spare room behind a packet for the SRTP/SRTCP trailer (GCM tag 16, SRTCP index 4, HMAC 10). */
    public static final int SRTP_TRAILER_ROOM = 64;

    private Packets() {
    }

    /** The keyframe-detection codec for an SDP codec name, or null for audio / unknown ones. */
    public static VideoCodec videoCodec(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VideoCodec.VP8;
            case "VP9" -> VideoCodec.VP9;
            case "H264" -> VideoCodec.H264;
            case "AV1", "AV1X" -> VideoCodec.AV1;
            default -> null;
        };
    }
}
