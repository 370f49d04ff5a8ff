package io.familymeeting.media.core.peers;

/**
 * A policer for {@link UdpRelay} filters: admits a datagram while tokens last and refills at
 * the rate (what a rate-limited link does to a burst: the excess is dropped). One thread only
 * (the relay's).
 */
public final class TokenBucket {
    private final long bytesPerSecond;
    private final long burstBytes;
    private double tokens;
    private long last = System.nanoTime();

    public TokenBucket(long bitsPerSecond, long burstBytes) {
        this.bytesPerSecond = bitsPerSecond / 8;
        this.burstBytes = burstBytes;
        this.tokens = burstBytes;
    }

    public boolean admit(int len) {
        long now = System.nanoTime();
        tokens = Math.min(burstBytes, tokens + (now - last) / 1e9 * bytesPerSecond);
        last = now;
        if (tokens < len) {
            return false;
        }
        tokens -= len;
        return true;
    }
}
