package io.familymeeting.media.core.ice;

/**
 * RFC 7675 consent bookkeeping. ice4j sends the consent checks itself (a STUN Binding request
 * on the selected pair every 5 s on average, see {@link Ice4jSetup}) and records the time of
 * the last authenticated answer in {@code CandidatePair.getConsentFreshness()}, but it never
 * acts on missing answers: deciding expiry is ours.
 *
 * <p>Only answers to our checks refresh consent (RFC 7675 §5.1); received media or the
 * peer's own checks do not, since they do not prove the peer still wants our packets.
 */
final class Consent {
    private Consent() {
    }

    /**
     * Whether consent has expired at {@code now}.
     *
     * @param connectedAt  when the pair was selected (consent is granted by the checks that
     *                     selected it, RFC 7675 §4)
     * @param lastResponse time of the last answered consent check, or a negative value if none
     * @param timeout      RFC 7675 §5.1: 30 s by default
     */
    static boolean expired(long now, long connectedAt, long lastResponse, long timeout) {
        long last = Math.max(connectedAt, lastResponse);
        return now - last > timeout;
    }

    /** How often expiry is evaluated: a quarter of the timeout, between 50 ms and 1 s. */
    static long pollPeriod(long timeout) {
        return Math.max(50, Math.min(1000, timeout / 4));
    }
}
