package io.familymeeting.media.core.h264;

import java.util.Arrays;
import java.util.List;

/**
 * The camera-to-viewer path for H.264: depacketizes whatever packetization the camera uses
 * and packetizes again for WebRTC (packetization-mode 1, MTU-sized FU-A), without touching
 * the NAL units. Every IDR picture is preceded by the latest SPS and PPS (from
 * {@code sprop-parameter-sets} or seen in-band) in one STAP-A, unless the camera already sent
 * them in the same access unit: browsers cannot decode an IDR they joined at without them.
 * Pictures before the first IDR after a (re)start are dropped (they reference frames the
 * viewer never had).
 *
 * <p>Not thread-safe: used by the camera's reading thread only. Emits packets synchronously.
 */
public final class H264Repacketizer {
    private final H264Depacketizer depacketizer = new H264Depacketizer(this::onNal);
    private final H264Packetizer packetizer;
    private RtpSink sink;
    private byte[] sps;
    private byte[] pps;
    private long auTimestamp = -1;
    private boolean spsInAu;
    private boolean ppsInAu;
    private boolean sawIdr;
    private long outTimestamp;
    private long idrCount;

    public H264Repacketizer(H264Packetizer packetizer, List<byte[]> parameterSets) {
        this.packetizer = packetizer;
        for (byte[] nal : parameterSets) {
            remember(nal, 0, nal.length);
        }
    }

    /**
     * One RTP payload of the camera's stream.
     *
     * @param outTimestamp the timestamp to give the outgoing packets (the camera's, rewritten
     *                     by the caller for continuity across reconnects)
     */
    public void onPayload(int seq, long outTimestamp, boolean marker, byte[] b, int off, int len, RtpSink sink) {
        this.sink = sink;
        this.outTimestamp = outTimestamp;
        depacketizer.onPayload(seq, outTimestamp, marker, b, off, len);
        this.sink = null;
    }

    /** The stream restarts (a new RTSP session): wait for the next IDR again. */
    public void restart() {
        sawIdr = false;
        auTimestamp = -1;
    }

    private void onNal(byte[] b, int off, int len, long ts, boolean last) {
        if (ts != auTimestamp) {
            auTimestamp = ts;
            spsInAu = false;
            ppsInAu = false;
        }
        int type = Nal.type(b[off]);
        if (type == Nal.SPS || type == Nal.PPS) {
            remember(b, off, len);
            if (type == Nal.SPS) {
                spsInAu = true;
            } else {
                ppsInAu = true;
            }
        } else if (type == Nal.IDR) {
            if (!sawIdr) {
                sawIdr = true;
            }
            if ((!spsInAu || !ppsInAu) && sps != null && pps != null) {
                packetizer.aggregate(new byte[][] {sps, pps}, outTimestamp, sink);
                spsInAu = true;
                ppsInAu = true;
            }
            idrCount++;
        } else if (!sawIdr && (type == Nal.SLICE || (type >= 2 && type <= 4))) {
            return;
        }
        if (!sawIdr && type != Nal.IDR && type != Nal.SPS && type != Nal.PPS) {
            return;
        }
        packetizer.packetize(b, off, len, outTimestamp, last, sink);
    }

    private void remember(byte[] b, int off, int len) {
        int type = Nal.type(b[off]);
        byte[] copy = Arrays.copyOfRange(b, off, off + len);
        if (type == Nal.SPS) {
            sps = copy;
        } else if (type == Nal.PPS) {
            pps = copy;
        }
    }

    /** The latest SPS, or null: its bytes 1..3 are the stream's real profile-level-id. */
    public byte[] sps() {
        return sps;
    }

    public long idrCount() {
        return idrCount;
    }

    public long dropped() {
        return depacketizer.dropped();
    }
}
