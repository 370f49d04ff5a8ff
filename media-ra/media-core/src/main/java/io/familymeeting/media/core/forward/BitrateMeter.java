package io.familymeeting.media.core.forward;

/**
 * Bits per second over the last second, in ten 100 ms buckets. Fixed storage; safe to feed
 * from one thread and read from another (synchronized, uncontended in practice).
 */
public final class BitrateMeter {
    private static final int BUCKETS = 10;
    private static final long BUCKET_MILLIS = 100;

    private final long[] bytes = new long[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;

    public synchronized void add(long nowMillis, int packetBytes) {
        roll(nowMillis);
        bytes[(int) Math.floorMod(currentBucket, BUCKETS)] += packetBytes;
    }

    public synchronized long bitsPerSecond(long nowMillis) {
        roll(nowMillis);
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        return sum * 8;
    }

    private void roll(long nowMillis) {
        long bucket = nowMillis / BUCKET_MILLIS;
        if (currentBucket == Long.MIN_VALUE || bucket - currentBucket >= BUCKETS) {
            java.util.Arrays.fill(bytes, 0);
            currentBucket = bucket;
            return;
        }
        while (currentBucket < bucket) {
            currentBucket++;
            bytes[(int) Math.floorMod(currentBucket, BUCKETS)] = 0;
        }
    }
}
