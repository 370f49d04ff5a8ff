package io.familymeeting.media.core.dtls;

/**
 * Where a {@link DtlsTransport} puts the datagrams it produces: the engine sends them on the
 * shared media socket to the participant's selected ICE address. Called from the handshake task,
 * from the thread that calls {@link DtlsTransport#receive} and from the thread that calls
 * {@link DtlsTransport#close}, so it must be thread-safe; it must not block for long and must not
 * keep a reference to the array after returning.
 */
@FunctionalInterface
public interface DatagramSender {
    void send(byte[] buf, int off, int len);
}
