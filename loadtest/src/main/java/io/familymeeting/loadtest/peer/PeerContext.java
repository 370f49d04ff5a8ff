package io.familymeeting.loadtest.peer;

import io.familymeeting.media.core.dtls.DtlsCertificate;

import java.net.InetAddress;
import java.util.concurrent.ExecutorService;

/**
 * What all clients of one run share: the DTLS certificate (one for every client, made once),
 * the small bounded pool that runs BouncyCastle's blocking handshakes, the local address the
 * clients' sockets bind to, and how long a client may take from its answer to SRTP keys.
 */
public record PeerContext(DtlsCertificate certificate, ExecutorService dtlsPool, InetAddress localAddress,
                          long connectTimeoutNanos) {
}
