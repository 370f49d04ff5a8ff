package io.familymeeting.loadtest.media;

/**
 * One RTP payload of the looped fixture, ready to send: when in the loop (nanoseconds from its
 * start), which stream, the RTP timestamp within the loop, the marker bit, and its bytes
 * (for VP8 without the RFC 7741 payload descriptor, which the presenter writes per send because
 * its picture id counts on across loops). {@code hash} identifies the bytes
 * ({@link PayloadHash}), so a viewer can find which packet it got.
 */
public record MediaPacket(long atNanos, boolean video, long rtpTimestamp, boolean marker, boolean startOfFrame,
                          int frameIndex, byte[] data, int offset, int length, long hash) {
}
