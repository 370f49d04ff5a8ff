package io.familymeeting.loadtest.signaling;

/**
 * How the load generator's clients reach one SFU's signaling: our REST API on the embedded
 * store, or Janus's VideoRoom HTTP API. It exchanges session descriptions only; media goes
 * through the clients' own sockets.
 */
public interface Signaling extends AutoCloseable {

    /** Makes the room ready (Janus: creates the VideoRoom without a bitrate cap; ours: opens it). */
    void openRoom(String room) throws Exception;

    /** A presenter joins: the client's sendonly offer in, the server's answer out. */
    String publish(String room, String clientId, String offer) throws Exception;

    /**
     * A viewer joins and receives the room's presenter. Ours: the client offers recvonly and
     * the server answers; Janus: the server offers and the client answers.
     */
    void subscribe(String room, String clientId, OfferAnswer client) throws Exception;

    /** Leaves (best effort; the run's end also closes the room). */
    void leave(String room, String clientId) throws Exception;

    /** One client's side of an offer/answer exchange. */
    interface OfferAnswer {
        /** A recvonly offer (one audio, one video m-line, BUNDLE, a=setup:actpass). */
        String createOffer() throws Exception;

        /** Applies the server's answer to {@link #createOffer()}. */
        void setAnswer(String answer) throws Exception;

        /** Answers the server's offer (the client is ICE-lite and DTLS client: a=setup:active). */
        String answer(String offer) throws Exception;
    }

    @Override
    void close() throws Exception;
}
