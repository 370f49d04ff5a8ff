package io.familymeeting.media.core.rtcp;

/**
 * Reception statistics of one incoming RTP stream, as RFC 3550 Appendix A defines them:
 * sequence number validation and extension (A.1), expected / lost packets and fraction lost
 * (A.3), interarrival jitter (A.8), plus LSR/DLSR bookkeeping (§6.4.1) so it can append the
 * report block for this stream to an SR or RR.
 *
 * <p>Probation (A.1 {@code MIN_SEQUENTIAL}) is a constructor argument: 1 accepts a source with
 * its first packet, which suits SRTP streams whose packets are already authenticated;
 * {@link #RFC_MIN_SEQUENTIAL} is the RFC's value for unauthenticated RTP. Jitter is updated
 * only by packets that advance the highest sequence number and carry a new timestamp (as
 * libwebrtc does), so packets of one video frame, which share a timestamp but arrive spread
 * out, do not inflate it; the formula is the RFC's. Not thread-safe (one per stream, updated by
 * its receiving thread); allocation-free. It keeps no per-packet history (no NACK generation).
 */
public final class ReceiveStatistics {

    /** RFC 3550 A.1: sources are valid after this many sequential packets. */
    public static final int RFC_MIN_SEQUENTIAL = 2;
    /** RFC 3550 A.1: a jump ahead of more than this is treated as a restart candidate. */
    public static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: a jump back of more than this is treated as a restart candidate. */
    public static final int MAX_MISORDER = 100;
    private static final int RTP_SEQ_MOD = 1 << 16;

    private final long ssrc;
    private final int clockRate;
    private final int minSequential;

    // RFC 3550 A.1 source state
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean valid;

    // A.8 jitter, in timestamp units × 16
    private long jitterQ4;
    private int transit;
    private boolean haveTransit;
    private long lastTimestamp = -1;
    private long firstArrivalMicros = Long.MIN_VALUE;

    // §6.4.1 LSR / DLSR
    private long lastSrMiddle32;
    private long lastSrArrivalMicros = Long.MIN_VALUE;

    /**
     * @param ssrc          the SSRC of the stream reported on
     * @param clockRate     its RTP clock rate (Hz), for jitter
     * @param minSequential probation length, 1 (accept the first packet) or more
     */
    public ReceiveStatistics(long ssrc, int clockRate, int minSequential) {
        if (clockRate <= 0 || minSequential < 1) {
            throw new IllegalArgumentException("bad clock rate or probation");
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.minSequential = minSequential;
        this.probation = -1; // no packet yet
    }

    /** With probation 1: for SRTP streams. */
    public ReceiveStatistics(long ssrc, int clockRate) {
        this(ssrc, clockRate, 1);
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * Accounts one received packet.
     *
     * @param seq           its sequence number
     * @param rtpTimestamp  its RTP timestamp
     * @param arrivalMicros its arrival time, microseconds, any epoch, monotonic
     * @return false when A.1 rejects it (source on probation, or a large jump not yet
     * confirmed by a sequential packet); it is then not counted
     */
    public boolean onPacket(int seq, long rtpTimestamp, long arrivalMicros) {
        seq &= 0xFFFF;
        boolean newer = false;
        if (probation < 0) {
            // A.1: init_seq(seq); max_seq = seq - 1; probation = MIN_SEQUENTIAL
            initSeq(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = minSequential;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    valid = true;
                    updateJitter(rtpTimestamp, arrivalMicros);
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (udelta != 0) {
                if (seq < maxSeq) {
                    cycles += RTP_SEQ_MOD;
                }
                maxSeq = seq;
                newer = true;
            }
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // two sequential packets after a big jump: the source restarted
                initSeq(seq);
                newer = true;
                haveTransit = false;
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: duplicate or reordered packet
        received++;
        if (newer) {
            updateJitter(rtpTimestamp, arrivalMicros);
        }
        return true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** RFC 3550 A.8: J += (|D| - J) / 16, kept scaled by 16. */
    private void updateJitter(long rtpTimestamp, long arrivalMicros) {
        rtpTimestamp &= 0xFFFFFFFFL;
        if (firstArrivalMicros == Long.MIN_VALUE) {
            firstArrivalMicros = arrivalMicros;
        }
        if (rtpTimestamp == lastTimestamp) {
            return;
        }
        lastTimestamp = rtpTimestamp;
        long arrivalUnits = (arrivalMicros - firstArrivalMicros) * clockRate / 1_000_000L;
        int t = (int) (arrivalUnits - rtpTimestamp);
        if (haveTransit) {
            int d = Math.abs(t - transit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }

    /** True once a packet has been accepted (probation passed). */
    public boolean isValid() {
        return valid;
    }

    /** A.3: cycles + max_seq. */
    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    /** A.3: extended_max - base_seq + 1. */
    public long expected() {
        return valid ? extendedHighestSeq() - baseSeq + 1 : 0;
    }

    public long received() {
        return received;
    }

    /** A.3: expected - received (negative with duplicates), clamped to 24 bits signed. */
    public int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(ReportBlock.MIN_CUMULATIVE_LOST, Math.min(ReportBlock.MAX_CUMULATIVE_LOST, lost));
    }

    /** A.8: interarrival jitter in timestamp units. */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    /** A.3 fraction lost since the last report block (0..255), without starting a new interval. */
    public int peekFractionLost() {
        long expectedInterval = expected() - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /**
     * Records a sender report received for this stream (for LSR / DLSR).
     *
     * @param ntpMiddle32   the middle 32 bits of its NTP timestamp ({@link SenderReport#ntpMiddle32()})
     * @param arrivalMicros when it arrived, on the same clock as {@code nowMicros} below
     */
    public void onSenderReport(long ntpMiddle32, long arrivalMicros) {
        lastSrMiddle32 = ntpMiddle32 & 0xFFFFFFFFL;
        lastSrArrivalMicros = arrivalMicros;
    }

    /**
     * Fills a 24-byte report block at {@code block} and starts a new fraction-lost interval
     * (A.3 {@code expected_prior}, {@code received_prior}).
     */
    public void writeReportBlock(byte[] dst, int block, long nowMicros) {
        int fraction = peekFractionLost();
        expectedPrior = expected();
        receivedPrior = received;
        long lsr = 0;
        long dlsr = 0;
        if (lastSrArrivalMicros != Long.MIN_VALUE) {
            lsr = lastSrMiddle32;
            // §6.4.1: DLSR in units of 1/65536 seconds
            dlsr = Math.min(0xFFFFFFFFL, Math.max(0, nowMicros - lastSrArrivalMicros) * 65536 / 1_000_000L);
        }
        ReportBlock.write(dst, block, ssrc, fraction, cumulativeLost(), extendedHighestSeq() & 0xFFFFFFFFL,
                jitter() & 0xFFFFFFFFL, lsr, dlsr);
    }

    /**
     * Appends this stream's report block to the SR or RR at {@code packetOff}
     * ({@link ReportBlock#append}) and fills it.
     *
     * @return false when the packet cannot take another block (see {@link ReportBlock#append})
     */
    public boolean appendReportBlock(byte[] dst, int packetOff, int capacity, long nowMicros) {
        int block = ReportBlock.append(dst, packetOff, capacity);
        if (block < 0) {
            return false;
        }
        writeReportBlock(dst, block, nowMicros);
        return true;
    }
}
