package io.familymeeting.media.core.h264;

import io.familymeeting.media.core.rtp.RtpPacket;

/**
 * Turns the RTP payloads of a packetization-mode 0 or 1 H.264 stream (RFC 6184) into NAL
 * units: single NAL unit packets (§5.6) pass through, STAP-A (§5.7.1) is split, FU-A (§5.8)
 * is reassembled. A gap in sequence numbers inside a fragmented unit drops that unit; an
 * oversized unit ({@link #MAX_NAL_SIZE}) is dropped; interleaved-mode packets (STAP-B, MTAP,
 * FU-B) are counted and dropped. Only plain NAL units (types 1 to 23, F bit 0) are handed out:
 * an aggregate holding anything else, or a fragmented unit of another type, is dropped, so a
 * packetizer never sends an aggregate or fragment header as if it were a NAL unit. It does not order or buffer packets (the camera's transport
 * delivers them in order, or not at all), and never throws on bad input.
 *
 * <p>Not thread-safe: one instance per incoming stream, used by the thread that reads it.
 */
public final class H264Depacketizer {
    /** Largest reassembled NAL unit: a 4K intra frame fits in 2 MB. */
    public static final int MAX_NAL_SIZE = 2 * 1024 * 1024;

    private final NalSink sink;
    private byte[] fu = new byte[64 * 1024];
    private int fuLength = -1;
    private long fuTimestamp;
    private int expectedSeq = -1;
    private long dropped;

    public H264Depacketizer(NalSink sink) {
        this.sink = sink;
    }

    /** One RTP packet of the stream. */
    public void onPacket(RtpPacket p) {
        onPayload(p.sequenceNumber(), p.timestamp(), p.marker(), p.buffer(), p.payloadOffset(), p.payloadLength());
    }

    /** One RTP payload with its header fields. */
    public void onPayload(int seq, long timestamp, boolean marker, byte[] b, int off, int len) {
        boolean inOrder = expectedSeq < 0 || seq == expectedSeq;
        expectedSeq = (seq + 1) & 0xFFFF;
        if (len < 1 || (b[off] & 0x80) != 0) {
            // H.264 §7.4.1: forbidden_zero_bit must be 0.
            dropped++;
            abortFragment();
            return;
        }
        int type = Nal.type(b[off]);
        if (type != Nal.FU_A && fuLength >= 0) {
            // A fragmented unit ended without its E bit: it is incomplete.
            abortFragment();
        }
        if (type >= 1 && type <= 23) {
            sink.onNal(b, off, len, timestamp, marker);
        } else if (type == Nal.STAP_A) {
            stapA(b, off, len, timestamp, marker);
        } else if (type == Nal.FU_A) {
            fuA(b, off, len, timestamp, marker, inOrder);
        } else {
            dropped++;
        }
    }

    /** RFC 6184 §5.7.1: STAP-A header, then (16-bit size, NAL unit) pairs. */
    private void stapA(byte[] b, int off, int len, long ts, boolean marker) {
        int end = off + len;
        int p = off + 1;
        // Validate first, so a truncated aggregate delivers nothing rather than half.
        int q = p;
        int count = 0;
        while (q < end) {
            if (q + 2 > end) {
                dropped++;
                return;
            }
            int size = ((b[q] & 0xFF) << 8) | (b[q + 1] & 0xFF);
            q += 2;
            if (size == 0 || q + size > end || !isPlainNal(b[q])) {
                dropped++;
                return;
            }
            q += size;
            count++;
        }
        for (int i = 0; i < count; i++) {
            int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            p += 2;
            sink.onNal(b, p, size, ts, marker && i == count - 1);
            p += size;
        }
    }

    /** RFC 6184 §5.8: FU indicator, FU header (S E R type), fragment. */
    private void fuA(byte[] b, int off, int len, long ts, boolean marker, boolean inOrder) {
        if (len < 3) {
            dropped++;
            abortFragment();
            return;
        }
        int header = b[off + 1] & 0xFF;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start && !isPlainNal((byte) (header & 0x1F))) {
            dropped++;
            abortFragment();
            return;
        }
        if (start) {
            fuLength = 0;
            fuTimestamp = ts;
            // The reconstructed NAL header: F and NRI from the indicator, type from the FU header.
            append((byte) ((b[off] & 0xE0) | (header & 0x1F)));
        } else if (fuLength < 0 || !inOrder || ts != fuTimestamp) {
            dropped++;
            abortFragment();
            return;
        }
        if (!append(b, off + 2, len - 2)) {
            dropped++;
            abortFragment();
            return;
        }
        if (end) {
            int n = fuLength;
            fuLength = -1;
            sink.onNal(fu, 0, n, ts, marker);
        }
    }

    private void append(byte v) {
        fu[fuLength++] = v;
    }

    private boolean append(byte[] b, int off, int len) {
        int need = fuLength + len;
        if (need > MAX_NAL_SIZE) {
            return false;
        }
        if (need > fu.length) {
            byte[] bigger = new byte[Math.min(MAX_NAL_SIZE, Math.max(need, fu.length * 2))];
            System.arraycopy(fu, 0, bigger, 0, fuLength);
            fu = bigger;
        }
        System.arraycopy(b, off, fu, fuLength, len);
        fuLength = need;
        return true;
    }

    /** RFC 6184 §5.2: NAL unit types 1 to 23 are single NAL units; the F bit must be 0 (H.264 §7.4.1). */
    private static boolean isPlainNal(byte header) {
        int type = Nal.type(header);
        return (header & 0x80) == 0 && type >= 1 && type <= 23;
    }

    private void abortFragment() {
        if (fuLength >= 0) {
            dropped++;
        }
        fuLength = -1;
    }

    /** Packets and units dropped as malformed, incomplete or unsupported. */
    public long dropped() {
        return dropped;
    }
}
