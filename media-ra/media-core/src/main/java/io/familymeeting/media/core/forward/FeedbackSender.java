package io.familymeeting.media.core.forward;

/**
 * RTCP feedback a {@link Producer} sends to its publisher (built and protected by the
 * publisher's transport). Implementations must be safe to call from any thread.
 */
public interface FeedbackSender {
    /** Picture Loss Indication for the publisher's stream (RFC 4585 §6.3.1). */
    void sendPli(long mediaSsrc);

    /** Generic NACK listing {@code count} lost sequence numbers (RFC 4585 §6.2.1). */
    void sendNack(long mediaSsrc, int[] lostSeqs, int count);

    /** A scratch array the producer collects lost sequence numbers into, on the timer thread. */
    int[] nackScratch();
}
