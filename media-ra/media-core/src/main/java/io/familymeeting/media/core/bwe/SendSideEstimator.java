package io.familymeeting.media.core.bwe;

import io.familymeeting.media.core.rtcp.TransportCcFeedback;

/**
 * The bandwidth the path towards one viewer carries, estimated by the SFU as the sender
 * (draft-ietf-rmcat-gcc-02): every packet sent gets the next transport-wide sequence number
 * ({@link #onPacketSent}), the viewer's transport-cc feedback tells when each arrived
 * ({@link #onFeedback}), and the estimate follows
 * <ul>
 *   <li>the delay-based rule (§5): packets grouped by send time into bursts of
 *       {@link #GROUP_MICROS}; each group's delay variation feeds the {@link TrendlineDetector};
 *       on over-use the estimate drops to {@link #DECREASE_FACTOR} of the rate the viewer
 *       actually received (at most once per {@link #DECREASE_INTERVAL_MICROS}), otherwise it grows
 *       by up to 8 % a second and never past 1.5 × that received rate — a sender that does not
 *       probe cannot know more;</li>
 *   <li>the loss-based rule (§6): above 10 % loss the estimate becomes the received rate cut by
 *       half the loss fraction; under 2 % loss that bound grows again by 8 % a second, at once
 *       to the received rate when that is more (a probe the path carried), and is lifted when it
 *       passes the delay-based estimate. A policed path loses without queueing, so the delay
 *       rule alone would never come down: the loss bound must not jump back up either.</li>
 * </ul>
 * The estimate is the smaller of the two, {@code -1} until the first feedback.
 *
 * <p>Threads: {@link #onPacketSent} on the sending thread (one at a time: the transport's send
 * lock), {@link #onFeedback} on the receive thread, {@link #estimateBps} anywhere. Its buffers
 * are made on the first packet; nothing is allocated per packet or per feedback after that.
 */
public final class SendSideEstimator {
    /** §5.2: packets sent within this span form one group (a burst). */
    static final long GROUP_MICROS = 5_000;
    /** §5.5: on over-use the estimate becomes this fraction of the received rate. */
    static final double DECREASE_FACTOR = 0.85;
    static final long DECREASE_INTERVAL_MICROS = 300_000;
    /** §5.5: multiplicative increase, per second. */
    static final double INCREASE_PER_SECOND = 1.08;
    /** The estimate never passes this multiple of the received rate (plus {@link #HEADROOM_BPS}). */
    static final double MAX_OVER_RECEIVED = 1.5;
    static final long HEADROOM_BPS = 10_000;
    static final long MIN_BPS = 30_000;
    static final long MAX_BPS = 1_000_000_000;
    /** §6: loss thresholds. */
    static final double HIGH_LOSS = 0.10, LOW_LOSS = 0.02;
    /** Loss is judged over at least this many packets. */
    static final int LOSS_WINDOW_PACKETS = 20;
    /** The received rate is measured over this much arrival time. */
    static final long RATE_WINDOW_MICROS = 500_000;
    /** A group arriving later than its send spacing by more than this resets the detector. */
    static final long RESET_DELAY_MICROS = 3_000_000;
    /** Statuses read from one feedback message (Chromium sends one every 50–100 ms). */
    static final int MAX_STATUSES = 1024;
    private static final int RATE_SLOTS = 64;

    private final TrendlineDetector detector = new TrendlineDetector();
    private SendHistory history;
    private int nextSeq;
    private int[] seqs;
    private long[] arrivals;

    // Current and previous packet group (send and arrival times of the last packet, µs).
    private long groupFirstSend = -1, groupLastSend, groupLastArrival;
    private long prevGroupLastSend = -1, prevGroupLastArrival;

    // Received rate: bytes acknowledged per feedback, by the feedback's last arrival time and
    // the last send time of those packets.
    private final long[] rateArrival = new long[RATE_SLOTS];
    private final long[] rateSend = new long[RATE_SLOTS];
    private final long[] rateBytes = new long[RATE_SLOTS];
    private int rateNext;
    private long receivedBps = -1;

    private long delayBasedBps = -1;
    private long lossBoundBps = Long.MAX_VALUE;
    private long lastLossUpdateMicros = -1;
    private long lastUpdateMicros = -1;
    private long lastDecreaseMicros = -1;
    private int windowReceived, windowLost;
    private long lostTotal;
    private volatile long estimate = -1;
    private volatile double lossFraction;

    /**
     * A packet is about to be sent: its transport-wide sequence number (to be written into the
     * packet's transport-cc header extension before it is protected).
     */
    public int onPacketSent(int size, long nowMicros) {
        if (history == null) {
            history = new SendHistory();
        }
        int seq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        history.record(seq, nowMicros, size);
        return seq;
    }

    /** The viewer's feedback (a valid, wrapped message); {@code nowMicros} on our clock. */
    public synchronized void onFeedback(TransportCcFeedback feedback, long nowMicros) {
        SendHistory h = history;
        if (h == null) {
            return;
        }
        if (seqs == null) {
            seqs = new int[MAX_STATUSES];
            arrivals = new long[MAX_STATUSES];
        }
        int n = feedback.decode(seqs, arrivals);
        long bytes = 0;
        long lastArrival = Long.MIN_VALUE;
        long lastSent = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int seq = seqs[i];
            long sent = h.sendMicros(seq);
            if (sent < 0) {
                continue;
            }
            if (arrivals[i] == TransportCcFeedback.NOT_RECEIVED) {
                windowLost++;
                lostTotal++;
                continue;
            }
            if (!h.markAcked(seq)) {
                continue;
            }
            windowReceived++;
            bytes += h.size(seq);
            lastArrival = Math.max(lastArrival, arrivals[i]);
            lastSent = Math.max(lastSent, sent);
            onReceivedPacket(sent, arrivals[i]);
        }
        if (lastArrival != Long.MIN_VALUE) {
            updateReceivedRate(lastArrival, lastSent, bytes);
        }
        updateLossBound(nowMicros);
        updateDelayBased(nowMicros);
        long bound = Math.min(delayBasedBps, lossBoundBps);
        estimate = delayBasedBps < 0 ? -1 : Math.max(MIN_BPS, bound);
    }

    /** The estimate in bits per second, -1 before the first feedback about stamped packets. */
    public long estimateBps() {
        return estimate;
    }

    /** Loss fraction over the last loss window (0..1). */
    public double lossFraction() {
        return lossFraction;
    }

    /** Packets the viewer's feedback reported as lost, since the start (tests, diagnostics). */
    synchronized long lostTotal() {
        return lostTotal;
    }

    /** The delay detector's current signal (tests, diagnostics). */
    synchronized TrendlineDetector.Usage usage() {
        return detector.usage();
    }

    private void onReceivedPacket(long sent, long arrival) {
        if (groupFirstSend < 0) {
            startGroup(sent, arrival);
            return;
        }
        if (sent < groupFirstSend) {
            return; // reordered behind a later group: ignored, as the draft does
        }
        if (sent - groupFirstSend <= GROUP_MICROS) {
            groupLastSend = Math.max(groupLastSend, sent);
            groupLastArrival = Math.max(groupLastArrival, arrival);
            return;
        }
        if (prevGroupLastSend >= 0) {
            long sendDelta = groupLastSend - prevGroupLastSend;
            long arrivalDelta = groupLastArrival - prevGroupLastArrival;
            if (arrivalDelta - sendDelta > RESET_DELAY_MICROS || arrivalDelta < -RESET_DELAY_MICROS) {
                detector.reset();
            } else {
                detector.update(sendDelta / 1000.0, arrivalDelta / 1000.0, groupLastArrival / 1000.0);
            }
        }
        prevGroupLastSend = groupLastSend;
        prevGroupLastArrival = groupLastArrival;
        startGroup(sent, arrival);
    }

    private void startGroup(long sent, long arrival) {
        groupFirstSend = sent;
        groupLastSend = sent;
        groupLastArrival = arrival;
    }

    /**
     * The rate the viewer received over the last {@link #RATE_WINDOW_MICROS} of arrivals: bytes
     * over the longer of the arrival span and the send span of the same packets, as a probe's
     * result is judged in GCC implementations. Packets that arrive bunched (a relay, a busy
     * receiver) cannot make the path look faster than they were sent.
     */
    private void updateReceivedRate(long arrival, long sent, long bytes) {
        rateArrival[rateNext] = arrival;
        rateSend[rateNext] = sent;
        rateBytes[rateNext] = bytes;
        rateNext = (rateNext + 1) % RATE_SLOTS;
        long total = 0;
        long oldest = arrival;
        long oldestSent = sent;
        long oldestBytes = 0;
        for (int i = 0; i < RATE_SLOTS; i++) {
            if (rateBytes[i] > 0 && arrival - rateArrival[i] <= RATE_WINDOW_MICROS && arrival >= rateArrival[i]) {
                total += rateBytes[i];
                if (rateArrival[i] < oldest) {
                    oldest = rateArrival[i];
                    oldestSent = rateSend[i];
                    oldestBytes = rateBytes[i];
                }
            }
        }
        // The oldest slot's bytes arrived before the span begins: they do not count in it.
        total -= oldestBytes;
        long span = Math.max(arrival - oldest, sent - oldestSent);
        // Needs at least 100 ms of arrivals to say anything (one feedback alone is a burst).
        if (span >= 100_000) {
            receivedBps = total * 8 * 1_000_000 / span;
        }
    }

    private void updateLossBound(long nowMicros) {
        int packets = windowReceived + windowLost;
        if (packets < LOSS_WINDOW_PACKETS) {
            return;
        }
        double loss = (double) windowLost / packets;
        lossFraction = loss;
        windowReceived = 0;
        windowLost = 0;
        long current = estimate > 0 ? estimate : delayBasedBps;
        long previousUpdate = lastLossUpdateMicros;
        lastLossUpdateMicros = nowMicros;
        if (loss > HIGH_LOSS && current > 0) {
            // Cut from what the viewer received, not from the last cut: the SFU cannot make the
            // publisher send less, so the loss goes on and cuts would compound to nothing.
            long base = receivedBps > 0 ? receivedBps : current;
            lossBoundBps = (long) (base * (1 - 0.5 * loss));
        } else if (loss < LOW_LOSS) {
            if (lossBoundBps != Long.MAX_VALUE) {
                double seconds = previousUpdate < 0 ? 0
                        : Math.min(1.0, Math.max(0, nowMicros - previousUpdate) / 1e6);
                long grown = Math.max((long) (lossBoundBps * Math.pow(INCREASE_PER_SECOND, seconds)), receivedBps);
                lossBoundBps = delayBasedBps > 0 && grown >= delayBasedBps ? Long.MAX_VALUE : grown;
            }
        } else if (current > 0) {
            lossBoundBps = Math.min(lossBoundBps, current);
        }
    }

    private void updateDelayBased(long nowMicros) {
        if (receivedBps < 0) {
            return;
        }
        long cap = (long) (MAX_OVER_RECEIVED * receivedBps) + HEADROOM_BPS;
        if (delayBasedBps < 0) {
            delayBasedBps = receivedBps; // what arrived is known to fit
            lastUpdateMicros = nowMicros;
            return;
        }
        double seconds = Math.min(1.0, Math.max(0, nowMicros - lastUpdateMicros) / 1e6);
        lastUpdateMicros = nowMicros;
        switch (detector.usage()) {
            case OVERUSE -> {
                if (lastDecreaseMicros < 0 || nowMicros - lastDecreaseMicros >= DECREASE_INTERVAL_MICROS) {
                    delayBasedBps = Math.min(delayBasedBps, (long) (DECREASE_FACTOR * receivedBps));
                    lastDecreaseMicros = nowMicros;
                }
            }
            case NORMAL -> {
                long grown = (long) (delayBasedBps * Math.pow(INCREASE_PER_SECOND, seconds));
                delayBasedBps = Math.min(Math.max(grown, receivedBps), Math.max(cap, delayBasedBps));
            }
            case UNDERUSE -> {
                // Hold: a queue is draining; growing now would refill it.
            }
        }
        delayBasedBps = Math.max(MIN_BPS, Math.min(MAX_BPS, delayBasedBps));
    }
}
