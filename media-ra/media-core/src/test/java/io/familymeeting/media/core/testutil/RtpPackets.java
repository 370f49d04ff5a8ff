package io.familymeeting.media.core.testutil;

/** Test helper: RTP packets (RFC 3550 §5.1 fixed header, no CSRC) for the forwarding tests and fuzz seeds. */
public final class RtpPackets {
    private RtpPackets() {
    }

    /**
     * @param extensionBlock a whole RFC 8285 block (profile, length, elements), or null for none (X=0)
     */
    public static byte[] packet(long ssrc, int payloadType, int seq, long timestamp, byte[] extensionBlock,
                                byte[] payload) {
        int ext = extensionBlock == null ? 0 : extensionBlock.length;
        byte[] p = new byte[12 + ext + payload.length];
        p[0] = (byte) (extensionBlock == null ? 0x80 : 0x90);
        p[1] = (byte) payloadType;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        if (extensionBlock != null) {
            System.arraycopy(extensionBlock, 0, p, 12, ext);
        }
        System.arraycopy(payload, 0, p, 12 + ext, payload.length);
        return p;
    }
}
