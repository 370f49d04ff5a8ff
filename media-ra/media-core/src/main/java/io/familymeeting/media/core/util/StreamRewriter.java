package io.familymeeting.media.core.util;

/**
 * Maps the sequence numbers and timestamps of whichever source is currently forwarded onto
 * one continuous outgoing stream, so that a viewer sees a single RTP stream while the SFU
 * switches between presenters (or simulcast encodings) underneath it.
 *
 * <p>The same type serves every wrapping counter: RTP sequence numbers (16 bits, the default),
 * and codec picture ids (VP8/VP9 15-bit PictureID, 8-bit TL0PICIDX) via
 * {@link #StreamRewriter(int)} and {@link #accept(long, int)}. The RTP timestamp (always 32
 * bits) is mapped alongside.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>The first packet ever maps to itself (offset 0), so a single source passes through
 *       unchanged.</li>
 *   <li>The first packet of a new source (the ssrc differs from the previous packet's, or
 *       {@link #switchSource()} was called) continues the outgoing counter at last+1 and the
 *       outgoing timestamp at last + (wall-clock time since the last timestamp advanced)
 *       × clock rate (at least 1).</li>
 *   <li>Within a source the mapping is a fixed offset modulo the counter size, so reordered,
 *       late and retransmitted packets map to the same numbers as they would in order.</li>
 *   <li>Packets older than the first packet of the current source segment are dropped:
 *       their outgoing numbers would collide with the previous source's. The "floor" trails
 *       the newest packet by at most a quarter of the number space so that a long-running
 *       segment never wraps past it.</li>
 * </ul>
 *
 * <p>It does not choose what to forward (call it only with packets of the source currently
 * selected, never with late packets of a source switched away from), has no clock of its own
 * (the caller passes wall-clock milliseconds), and does not close holes left by packets the
 * caller decides not to forward. Not thread-safe: one instance per outgoing stream, used by
 * the thread that forwards it. Allocation-free.
 */
public final class StreamRewriter {

    private final int mask;
    private final int half;
    /** How far behind the newest packet the drop floor may trail. */
    private final int quarter;

    private boolean started;
    private boolean switchPending;
    private long ssrc;

    private int seqOffset;
    private long tsOffset;
    /** Incoming counter value below which packets are dropped (start of the segment). */
    private int floorIn;
    private int highestIn;
    private int lastOutSeq;
    private long lastOutTs;
    /** Wall-clock time at which {@link #lastOutTs} was first seen. */
    private long lastTsWallMillis;

    /** A rewriter for 16-bit RTP sequence numbers (RFC 3550 §5.1). */
    public StreamRewriter() {
        this(16);
    }

    /**
     * @param counterBits width of the counter to rewrite: 16 for RTP sequence numbers, 15 for
     *                    a VP8/VP9 PictureID (RFC 7741 §4.2), 8 for TL0PICIDX; 2..31
     */
    public StreamRewriter(int counterBits) {
        if (counterBits < 2 || counterBits > 31) {
            throw new IllegalArgumentException("counter bits out of range: " + counterBits);
        }
        this.mask = (1 << counterBits) - 1;
        this.half = 1 << (counterBits - 1);
        this.quarter = Math.max(1, half >> 1);
    }

    /** The next accepted packet begins a new source segment even if its ssrc is unchanged. */
    public void switchSource() {
        switchPending = true;
    }

    /**
     * Registers one incoming packet of the currently forwarded source; starts a new segment
     * when the source changed. Call before {@link #rewriteSeq} / {@link #rewriteTimestamp}.
     *
     * @param ssrc       the incoming packet's ssrc (or any id of the source)
     * @param inSeq      incoming counter value (masked to the counter width)
     * @param inTs       incoming RTP timestamp (masked to 32 bits)
     * @param nowMillis  wall clock of the arrival, any epoch, monotonic
     * @param clockRate  RTP clock rate of the stream (Hz), used to advance the timestamp
     *                   across a source switch
     * @return false when the packet must be dropped (older than the current segment)
     */
    public boolean accept(long ssrc, int inSeq, long inTs, long nowMillis, int clockRate) {
        return accept(ssrc, inSeq, inTs, nowMillis, clockRate, true);
    }

    /**
     * {@link #accept(long, int, long, long, int)} for a counter without a timestamp
     * (picture ids, TL0PICIDX): a new source continues the counter at last+1; the timestamp
     * mapping is left alone.
     */
    public boolean accept(long ssrc, int in) {
        return accept(ssrc, in, 0, lastTsWallMillis, 0, false);
    }

    private boolean accept(long ssrc, int inSeq, long inTs, long nowMillis, int clockRate, boolean hasTs) {
        inSeq &= mask;
        inTs &= SeqNum.TS_MASK;
        if (!started) {
            started = true;
            switchPending = false;
            this.ssrc = ssrc;
            seqOffset = 0;
            tsOffset = 0;
            startSegment(inSeq, inSeq, hasTs ? inTs : 0, nowMillis);
            return true;
        }
        if (switchPending || ssrc != this.ssrc) {
            switchPending = false;
            this.ssrc = ssrc;
            int outSeq = (lastOutSeq + 1) & mask;
            seqOffset = (outSeq - inSeq) & mask;
            long outTs = lastOutTs;
            if (hasTs) {
                long elapsed = Math.max(0, nowMillis - lastTsWallMillis);
                long tsDelta = Math.max(1, elapsed * Math.max(0, clockRate) / 1000);
                outTs = SeqNum.tsAdd(lastOutTs, tsDelta);
                tsOffset = (outTs - inTs) & SeqNum.TS_MASK;
            }
            startSegment(inSeq, outSeq, outTs, hasTs ? nowMillis : lastTsWallMillis);
            return true;
        }
        if (diff(inSeq, floorIn) < 0) {
            return false;
        }
        if (diff(inSeq, highestIn) > 0) {
            highestIn = inSeq;
            if (diff(highestIn, floorIn) > quarter) {
                floorIn = (highestIn - quarter) & mask;
            }
            lastOutSeq = (inSeq + seqOffset) & mask;
            long outTs = (inTs + tsOffset) & SeqNum.TS_MASK;
            if (hasTs && SeqNum.tsIsNewer(outTs, lastOutTs)) {
                lastOutTs = outTs;
                lastTsWallMillis = nowMillis;
            }
        }
        return true;
    }

    private void startSegment(int inSeq, int outSeq, long outTs, long nowMillis) {
        floorIn = inSeq;
        highestIn = inSeq;
        lastOutSeq = outSeq;
        lastOutTs = outTs;
        lastTsWallMillis = nowMillis;
    }

    /**
     * The outgoing counter value for {@code inSeq}, or -1 when nothing was accepted yet or the
     * value is older than the current segment. Pure: does not change state.
     */
    public int rewriteSeq(int inSeq) {
        inSeq &= mask;
        if (!started || diff(inSeq, floorIn) < 0) {
            return -1;
        }
        return (inSeq + seqOffset) & mask;
    }

    /** The outgoing RTP timestamp for {@code inTs} of the current source. Pure. */
    public long rewriteTimestamp(long inTs) {
        return (inTs + tsOffset) & SeqNum.TS_MASK;
    }

    /** The newest outgoing counter value, or -1 before the first packet. */
    public int lastSeq() {
        return started ? lastOutSeq : -1;
    }

    /** The newest outgoing timestamp, or -1 before the first packet. */
    public long lastTimestamp() {
        return started ? lastOutTs : -1;
    }

    /** Counter offset (out - in, modulo the counter size) of the current segment. */
    public int seqOffset() {
        return seqOffset;
    }

    /** Timestamp offset (out - in, modulo 2^32) of the current segment. */
    public long timestampOffset() {
        return tsOffset;
    }

    private int diff(int a, int b) {
        int d = (a - b) & mask;
        return d >= half ? d - mask - 1 : d;
    }
}
