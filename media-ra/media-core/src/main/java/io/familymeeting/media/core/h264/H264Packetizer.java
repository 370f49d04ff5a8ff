package io.familymeeting.media.core.h264;

/**
 * Makes RTP packets (RFC 3550 header, RFC 6184 packetization-mode 1 payloads) from NAL
 * units: a unit that fits {@link #maxPayload} goes as a single NAL unit packet (§5.6), a
 * bigger one as FU-A fragments (§5.8), and SPS+PPS together as one STAP-A (§5.7.1). It owns
 * the outgoing sequence number and SSRC; the caller gives timestamps and marker bits.
 *
 * <p>Not thread-safe; allocation-free after construction (one scratch buffer, handed to the
 * sink and reused).
 */
public final class H264Packetizer {
    /** RFC 3550 §5.1: version 2, no padding, no extension, no CSRC. */
    private static final int HEADER = 12;
    /** Payload bytes per packet: 1200 leaves room for SRTP and tunnels under a 1500 MTU. */
    public static final int DEFAULT_MAX_PAYLOAD = 1200;

    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private final byte[] out;
    private int seq;

    public H264Packetizer(int payloadType, long ssrc, int maxPayload, int firstSeq) {
        if (maxPayload < 16) {
            throw new IllegalArgumentException("max payload too small: " + maxPayload);
        }
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.maxPayload = maxPayload;
        this.out = new byte[HEADER + maxPayload];
        this.seq = firstSeq & 0xFFFF;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** The sequence number the next packet gets. */
    public int nextSequenceNumber() {
        return seq;
    }

    /** Sends one NAL unit (header byte first) as one or more packets. */
    public void packetize(byte[] nal, int off, int len, long timestamp, boolean marker, RtpSink sink) {
        if (len < 1) {
            return;
        }
        if (len <= maxPayload) {
            header(timestamp, marker);
            System.arraycopy(nal, off, out, HEADER, len);
            sink.onRtp(out, 0, HEADER + len);
            return;
        }
        // RFC 6184 §5.8: FU indicator = F|NRI of the unit + type 28; FU header = S|E|R + unit type.
        byte indicator = (byte) ((nal[off] & 0xE0) | Nal.FU_A);
        int type = nal[off] & 0x1F;
        int p = off + 1;
        int end = off + len;
        int chunk = maxPayload - 2;
        boolean first = true;
        while (p < end) {
            int n = Math.min(chunk, end - p);
            boolean last = p + n == end;
            header(timestamp, marker && last);
            out[HEADER] = indicator;
            out[HEADER + 1] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
            System.arraycopy(nal, p, out, HEADER + 2, n);
            sink.onRtp(out, 0, HEADER + 2 + n);
            p += n;
            first = false;
        }
    }

    /**
     * Sends NAL units aggregated in one STAP-A (RFC 6184 §5.7.1), or each on its own when they
     * do not fit together. Never carries the marker (an aggregate of parameter sets precedes
     * the picture).
     */
    public void aggregate(byte[][] nals, long timestamp, RtpSink sink) {
        int size = 1;
        int nri = 0;
        for (byte[] n : nals) {
            size += 2 + n.length;
            nri = Math.max(nri, n[0] & 0x60);
        }
        if (size > maxPayload) {
            for (byte[] n : nals) {
                packetize(n, 0, n.length, timestamp, false, sink);
            }
            return;
        }
        header(timestamp, false);
        int p = HEADER;
        out[p++] = (byte) (nri | Nal.STAP_A);
        for (byte[] n : nals) {
            out[p++] = (byte) (n.length >> 8);
            out[p++] = (byte) n.length;
            System.arraycopy(n, 0, out, p, n.length);
            p += n.length;
        }
        sink.onRtp(out, 0, p);
    }

    private void header(long timestamp, boolean marker) {
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out[2] = (byte) (seq >> 8);
        out[3] = (byte) seq;
        out[4] = (byte) (timestamp >> 24);
        out[5] = (byte) (timestamp >> 16);
        out[6] = (byte) (timestamp >> 8);
        out[7] = (byte) timestamp;
        out[8] = (byte) (ssrc >> 24);
        out[9] = (byte) (ssrc >> 16);
        out[10] = (byte) (ssrc >> 8);
        out[11] = (byte) ssrc;
        seq = (seq + 1) & 0xFFFF;
    }
}
