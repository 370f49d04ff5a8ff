package io.familymeeting.media.core.forward;

/**
 * RTCP feedback a {@link Producer} sends to its publisher (built and protected by the
 * publisher's transport). Implementations must be safe to call from any thread.
 */
public interface FeedbackSender {
    /**
     * Sends nothing: for a publisher that takes no feedback (an RTSP camera, whose producer's
     * GOP cache answers keyframe needs) and for benchmarks. Its scratch array is shared.
     */
    FeedbackSender NONE = new FeedbackSender() {
        private final int[] scratch = new int[64];

        @Override
        public void sendPli(long mediaSsrc) {
        }

        @Override
        public void sendNack(long mediaSsrc, int[] lostSeqs, int count) {
        }

        @Override
        public int[] nackScratch() {
            return scratch;
        }
    };

    /** Picture Loss Indication for the publisher's stream (RFC 4585 §6.3.1). */
    void sendPli(long mediaSsrc);

    /** Generic NACK listing {@code count} lost sequence numbers (RFC 4585 §6.2.1). */
    void sendNack(long mediaSsrc, int[] lostSeqs, int count);

    /** A scratch array the producer collects lost sequence numbers into, on the timer thread. */
    int[] nackScratch();
}
