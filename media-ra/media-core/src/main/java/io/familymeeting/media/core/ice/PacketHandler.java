package io.familymeeting.media.core.ice;

/**
 * Receives every non-STUN datagram (DTLS, SRTP, SRTCP: RFC 7983 demultiplexing is the
 * caller's job) of one participant. The bytes are only valid during the call: the buffer is
 * reused for the next packet, so copy what must be kept.
 */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(byte[] buf, int off, int len);
}
