package io.familymeeting.media.core.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Mac;

/**
 * Decides whether a STUN Binding request from a remote address ice4j does not know yet may map
 * that address to a participant. ice4j's single-port harvester maps an address on the first
 * request whose USERNAME names a local ufrag, before any integrity check; the mapping gives the
 * address a socket and a reader thread, lets its DTLS and SRTP reach the participant, and makes
 * ice4j answer it and send it a triggered check (a peer-reflexive candidate). Here the request
 * must first come from an allowed network ({@link CandidateNetworks}), name a live transport,
 * carry a MESSAGE-INTEGRITY made with that transport's password ({@link StunIntegrity}), and the
 * transport must have fewer than {@link #MAX_REMOTE_ADDRESSES} mapped addresses. Refusals are
 * counted per reason here and per transport ({@link IceTransport#stunRejected()}); nothing is
 * sent back to a refused address.
 *
 * <p>Requests from addresses already mapped are ice4j's (it answers a bad MESSAGE-INTEGRITY with
 * 401 and drops the request, RFC 5389 §10.1.2); they are not counted here. Thread-safe: called
 * on the harvesters' reader threads, each with its own {@link Mac}.
 */
final class StunGate {
    /**
     * Remote addresses one transport may have mapped. A browser checks from each of its
     * candidates (host addresses per interface and family, server-reflexive, relayed): a
     * handful; a peer that holds the password cannot make the server open sockets and reader
     * threads for arbitrarily many (forged) source addresses.
     */
    static final int MAX_REMOTE_ADDRESSES = 16;

    /** Why a first request was refused. */
    enum Refusal { NETWORK, UNKNOWN_UFRAG, INTEGRITY, TOO_MANY_ADDRESSES }

    private final CandidateNetworks networks;
    private final Map<String, IceTransport> byUfrag = new ConcurrentHashMap<>();
    private final AtomicLongArray refused = new AtomicLongArray(Refusal.values().length);

    StunGate(CandidateNetworks networks) {
        this.networks = networks;
    }

    CandidateNetworks networks() {
        return networks;
    }

    void register(IceTransport transport) {
        byUfrag.put(transport.localUfrag(), transport);
    }

    void unregister(IceTransport transport) {
        byUfrag.remove(transport.localUfrag(), transport);
    }

    /**
     * The transport the request from {@code remote} may open a session for, or null (refused and
     * counted). {@code buf[off .. off+len)} is the whole request; {@code ufrag} the first half of
     * its USERNAME, as ice4j read it.
     */
    IceTransport admit(byte[] buf, int off, int len, InetSocketAddress remote, String ufrag, Mac mac) {
        IceTransport transport = ufrag == null ? null : byUfrag.get(ufrag);
        Refusal refusal;
        if (remote == null || !networks.allows(remote.getAddress())) {
            refusal = Refusal.NETWORK;
        } else if (transport == null) {
            refusal = Refusal.UNKNOWN_UFRAG;
        } else if (StunIntegrity.check(buf, off, len, mac, transport.stunKey()) != StunIntegrity.Result.VALID) {
            refusal = Refusal.INTEGRITY;
        } else if (transport.mappedRemoteAddresses() >= MAX_REMOTE_ADDRESSES) {
            refusal = Refusal.TOO_MANY_ADDRESSES;
        } else {
            return transport;
        }
        refused.incrementAndGet(refusal.ordinal());
        if (transport != null) {
            transport.noteStunRejected();
        }
        return null;
    }

    /** First requests refused, for every reason. */
    long refused() {
        long n = 0;
        for (int i = 0; i < refused.length(); i++) {
            n += refused.get(i);
        }
        return n;
    }

    long refused(Refusal why) {
        return refused.get(why.ordinal());
    }

    /** A short-term credential key (RFC 5389 §15.4): the password's bytes (ice-chars need no SASLprep). */
    static byte[] key(String password) {
        return password.getBytes(StandardCharsets.US_ASCII);
    }
}
