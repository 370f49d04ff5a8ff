package io.familymeeting.signaling.service;

/**
 * What signaling tells telemetry: one trace per offer (received, then answered or refused)
 * and the media connection's outcome. {@link #NOOP} records nothing (unit tests, telemetry
 * unavailable); {@code telemetry.OtelSignalingTelemetry} turns it into OpenTelemetry spans
 * and metrics.
 */
public interface SignalingTelemetry {

    /** Records nothing. */
    SignalingTelemetry NOOP = new SignalingTelemetry() {
        @Override
        public Offer offer(String roomId, String participantId, long rev) {
            return Offer.NOOP;
        }

        @Override
        public void connected(String roomId, String participantId) {
        }

        @Override
        public void failed(String roomId, String participantId, String detail) {
        }
    };

    /**
     * An offer was received (its rev is new); the returned handle must be ended once, on the
     * thread that received it (the offer's trace is current on it until then).
     */
    Offer offer(String roomId, String participantId, long rev);

    /** ICE and DTLS are up for the participant. */
    void connected(String roomId, String participantId);

    /** The participant's transport failed (ICE or DTLS). */
    void failed(String roomId, String participantId, String detail);

    /** One offer in progress. */
    interface Offer {
        Offer NOOP = new Offer() {
            @Override
            public void role(String role) {
            }

            @Override
            public void answered() {
            }

            @Override
            public void refused(String reason) {
            }
        };

        /** The participant's role, once known. */
        void role(String role);

        /** The answer was written. */
        void answered();

        /** The offer was refused; the reason is what the document says. */
        void refused(String reason);
    }
}
