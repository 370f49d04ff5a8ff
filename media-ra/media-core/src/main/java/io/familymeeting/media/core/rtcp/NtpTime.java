package io.familymeeting.media.core.rtcp;

/**
 * NTP timestamps (RFC 5905 §6: seconds since 1900 in 32.32 fixed point) from the wall clock,
 * as sender reports carry them and as LSR echoes their middle bits (RFC 3550 §6.4.1).
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    private static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {
    }

    public static long now() {
        return fromMillis(System.currentTimeMillis());
    }

    public static long fromMillis(long unixMillis) {
        long seconds = unixMillis / 1000 + EPOCH_OFFSET_SECONDS;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The wall-clock time of an NTP timestamp in Unix milliseconds (the fraction truncated). */
    public static long toMillis(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFFFFFFL;
        return (seconds - EPOCH_OFFSET_SECONDS) * 1000 + (fraction * 1000 >>> 32);
    }

    /** The middle 32 bits, as used for LSR (RFC 3550 §6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }
}
