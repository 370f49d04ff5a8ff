package io.familymeeting.media.core.transport;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.core.srtp.SrtpStatus;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of what one {@link WebRtcTransport}'s own stages refused, by cause; the DTLS and
 * ICE layers count theirs themselves and {@link #snapshot} puts all together. Incremented on the
 * receive and send threads, read by anyone; allocation-free.
 */
final class DropCounters {
    /** Causes counted here (see {@link DropCounts} for what each means). */
    enum Cause { GARBAGE, SRTP_AUTH_FAILED, SRTP_REPLAYED, SRTCP_AUTH_FAILED, SRTCP_REPLAYED, SRTP_INVALID,
        RTCP_MALFORMED, UNROUTABLE, OVERFLOW }

    private final AtomicLongArray counts = new AtomicLongArray(Cause.values().length);

    void add(Cause cause) {
        counts.incrementAndGet(cause.ordinal());
    }

    /** An SRTP ({@code rtcp} false) or SRTCP unprotect failure, by its {@link SrtpStatus} code. */
    void addUnprotectFailure(boolean rtcp, int status) {
        Cause cause = switch (status) {
            case SrtpStatus.AUTH_FAILED -> rtcp ? Cause.SRTCP_AUTH_FAILED : Cause.SRTP_AUTH_FAILED;
            case SrtpStatus.REPLAY -> rtcp ? Cause.SRTCP_REPLAYED : Cause.SRTP_REPLAYED;
            default -> Cause.SRTP_INVALID;
        };
        add(cause);
    }

    long get(Cause cause) {
        return counts.get(cause.ordinal());
    }

    /** These counts with the DTLS and ICE layers'. */
    DropCounts snapshot(long dtlsRejected, long dtlsDropped, long stunRejected, long iceDropped,
                        long candidatesIgnored) {
        return new DropCounts(get(Cause.GARBAGE), dtlsRejected, get(Cause.SRTP_AUTH_FAILED),
                get(Cause.SRTP_REPLAYED), get(Cause.SRTCP_AUTH_FAILED), get(Cause.SRTCP_REPLAYED),
                get(Cause.SRTP_INVALID), get(Cause.RTCP_MALFORMED), get(Cause.UNROUTABLE), stunRejected,
                get(Cause.OVERFLOW) + dtlsDropped + iceDropped, candidatesIgnored);
    }
}
