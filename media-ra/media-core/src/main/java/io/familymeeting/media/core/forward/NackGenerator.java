package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.util.SeqNum;

/**
 * Decides which packets of an incoming stream to NACK (RFC 4585 §6.2.1): a gap in sequence
 * numbers marks packets missing; each missing packet is asked for up to {@link #MAX_TRIES}
 * times, {@link #RETRY_MILLIS} apart, and forgotten after {@link #MAX_AGE_MILLIS} or when it
 * arrives (late or as RTX). Fixed-size storage; no allocation per packet.
 * {@link #onPacket} runs on the receive thread, {@link #collect} on the timer thread: both
 * synchronize on this object (uncontended almost always).
 */
final class NackGenerator {
    static final int CAPACITY = 256;
    static final int MAX_TRIES = 3;
    static final long RETRY_MILLIS = 40;
    static final long MAX_AGE_MILLIS = 1000;
    /** A gap larger than this is a stream restart, not loss: nothing is NACKed for it. */
    static final int MAX_GAP = 100;

    private final int[] seqs = new int[CAPACITY];
    private final long[] firstMissing = new long[CAPACITY];
    private final long[] nextTry = new long[CAPACITY];
    private final int[] tries = new int[CAPACITY];
    private int size;
    private int highest = -1;
    private long now;

    synchronized void onPacket(int seq) {
        if (highest < 0) {
            highest = seq;
            return;
        }
        int diff = SeqNum.diff(seq, highest);
        if (diff > 0) {
            if (diff <= MAX_GAP) {
                for (int s = SeqNum.add(highest, 1); s != seq; s = SeqNum.add(s, 1)) {
                    addMissing(s);
                }
            } else {
                size = 0;
            }
            highest = seq;
        } else {
            remove(seq);
        }
    }

    synchronized void onRecovered(int seq) {
        remove(seq);
    }

    private void addMissing(int seq) {
        if (size == CAPACITY) {
            removeAt(0);
        }
        seqs[size] = seq;
        firstMissing[size] = now;
        // First request after a short reordering allowance (the next timer tick).
        nextTry[size] = now;
        tries[size] = 0;
        size++;
    }

    private void remove(int seq) {
        for (int i = 0; i < size; i++) {
            if (seqs[i] == seq) {
                removeAt(i);
                return;
            }
        }
    }

    private void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(seqs, i + 1, seqs, i, tail);
        System.arraycopy(firstMissing, i + 1, firstMissing, i, tail);
        System.arraycopy(nextTry, i + 1, nextTry, i, tail);
        System.arraycopy(tries, i + 1, tries, i, tail);
        size--;
    }

    /** Writes the sequence numbers to NACK now into {@code out}; returns how many. */
    synchronized int collect(long nowMillis, int[] out) {
        now = nowMillis;
        int n = 0;
        for (int i = 0; i < size; ) {
            if (firstMissing[i] == 0) {
                firstMissing[i] = nowMillis;
                nextTry[i] = nowMillis;
            }
            if (tries[i] >= MAX_TRIES || nowMillis - firstMissing[i] > MAX_AGE_MILLIS) {
                removeAt(i);
                continue;
            }
            if (nextTry[i] <= nowMillis && n < out.length) {
                out[n++] = seqs[i];
                tries[i]++;
                nextTry[i] = nowMillis + RETRY_MILLIS;
            }
            i++;
        }
        return n;
    }

    synchronized int missingCount() {
        return size;
    }
}
