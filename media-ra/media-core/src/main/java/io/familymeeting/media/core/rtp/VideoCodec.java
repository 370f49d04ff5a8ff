package io.familymeeting.media.core.rtp;

/** Video codecs whose RTP payload formats {@link Keyframes} understands. */
public enum VideoCodec {
    /** RFC 7741. */
    VP8,
    /** RFC 9628. */
    VP9,
    /** RFC 6184. */
    H264,
    /** AOMedia "RTP Payload Format For AV1" v1.0. */
    AV1
}
