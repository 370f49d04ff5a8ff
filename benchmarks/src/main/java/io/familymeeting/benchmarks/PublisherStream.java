package io.familymeeting.benchmarks;

import io.familymeeting.media.core.srtp.SrtpMasterKeys;
import io.familymeeting.media.core.srtp.SrtpProfile;
import io.familymeeting.media.core.srtp.SrtpSession;

import java.util.Random;

/**
 * What a browser presenter puts on the wire, for the benchmarks: one VP8 camera stream as
 * SRTP, packet after packet, with Chromium's header extensions (abs-send-time,
 * transport-wide sequence number, mid) and about 1.1 kB of payload. The first packet starts
 * a keyframe; the others are delta-frame packets, a new frame (timestamp + 3000) every
 * {@link #PACKETS_PER_FRAME} packets.
 *
 * <p>It is the browser's side of the transport, not the engine's: the benchmarks subtract
 * its cost (see {@code PublisherStreamBenchmark}). Not thread-safe.
 */
final class PublisherStream {
    static final long SSRC = 0x11223344L;
    static final int PAYLOAD_TYPE = 96;
    static final int RTX_PAYLOAD_TYPE = 97;
    /** RFC 8285 ids as Chromium offers them. */
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int PAYLOAD_BYTES = 1100;
    static final int PACKETS_PER_FRAME = 8;

    /** RFC 3550 §5.1 header (12) + RFC 8285 one-byte extension block (4 + 12). */
    private static final int HEADER_BYTES = 12 + 16;

    private final SrtpSession browser;
    private final byte[] template;
    private int seq = 1000;
    private long timestamp = 90000;
    private int transportSeq;
    private long packets;

    /**
     * @param browserKeys the browser's keys (its local = what it sends with); the engine
     *                    receives with {@link SrtpMasterKeys#mirrored()}
     */
    PublisherStream(SrtpMasterKeys browserKeys) {
        this.browser = new SrtpSession(browserKeys);
        this.template = new byte[HEADER_BYTES + PAYLOAD_BYTES];
        new Random(42).nextBytes(template);
        template[0] = (byte) 0x90; // V=2, X=1
        template[1] = (byte) PAYLOAD_TYPE;
        writeInt(template, 8, SSRC);
        template[12] = (byte) 0xBE; // one-byte header extensions (RFC 8285 §4.2)
        template[13] = (byte) 0xDE;
        template[14] = 0;
        template[15] = 3; // three 32-bit words
        template[16] = (byte) (ABS_SEND_TIME_ID << 4 | 2);
        template[20] = (byte) (TRANSPORT_CC_ID << 4 | 1);
        template[23] = (byte) (MID_ID << 4);
        template[24] = '1';
        template[25] = 0;
        template[26] = 0;
        template[27] = 0;
        // VP8 payload descriptor (RFC 7741 §4.2): S=1, partition 0.
        template[HEADER_BYTES] = 0x10;
    }

    /** Random keys for one transport of this profile, seen from the side that is DTLS client. */
    static SrtpMasterKeys randomKeys(SrtpProfile profile, Random random) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        random.nextBytes(material);
        return SrtpMasterKeys.fromKeyingMaterial(profile, material, true);
    }

    /** Writes the next SRTP packet into {@code out} (which needs room for the tag) and returns its length. */
    int next(byte[] out) {
        int len = nextPlain(out);
        int n = browser.protectRtp(out, 0, len);
        if (n <= 0) {
            throw new IllegalStateException("SRTP protect failed: " + n);
        }
        return n;
    }

    /** Writes the next packet unencrypted (what the engine has after decrypting it); returns its length. */
    int nextPlain(byte[] out) {
        int len = template.length;
        System.arraycopy(template, 0, out, 0, len);
        boolean keyframe = packets == 0;
        out[2] = (byte) (seq >> 8);
        out[3] = (byte) seq;
        writeInt(out, 4, timestamp);
        out[21] = (byte) (transportSeq >> 8);
        out[22] = (byte) transportSeq;
        // VP8 payload header (RFC 7741 §4.3): P=0 and the start code for a keyframe.
        out[HEADER_BYTES + 1] = (byte) (keyframe ? 0x00 : 0x01);
        out[HEADER_BYTES + 4] = (byte) 0x9D;
        out[HEADER_BYTES + 5] = 0x01;
        out[HEADER_BYTES + 6] = 0x2A;
        packets++;
        seq = (seq + 1) & 0xFFFF;
        transportSeq = (transportSeq + 1) & 0xFFFF;
        if (packets % PACKETS_PER_FRAME == 0) {
            timestamp = (timestamp + 3000) & 0xFFFFFFFFL;
        }
        return len;
    }

    /** Packets made so far. */
    long packets() {
        return packets;
    }

    private static void writeInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
