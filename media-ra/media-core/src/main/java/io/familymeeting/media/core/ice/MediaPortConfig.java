package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the shared media UDP port.
 *
 * @param bindAddress             IP literal to bind; "0.0.0.0" (or "::") means one socket per
 *                                usable local address (not loopback, not link-local), all on
 *                                the same port, as Jitsi Videobridge does
 * @param port                    the UDP port; 0 picks a free one (tests)
 * @param advertisedAddresses     public IP literals (NAT 1:1, e.g. a cloud node's external
 *                                address) announced as srflx candidates whose base is the
 *                                local host candidate of the same IP family (RFC 8445 §5.1.1.2)
 * @param advertiseLocalAddresses whether the local host candidates are announced too; false
 *                                keeps private addresses out of answers when advertised
 *                                addresses are set (ignored when there are none)
 * @param receiveBufferBytes      SO_RCVBUF asked for (the kernel may cap it: Linux
 *                                net.core.rmem_max)
 * @param sendBufferBytes         SO_SNDBUF asked for (Linux net.core.wmem_max)
 * @param allowedCandidateNetworks CIDR networks that remote ICE candidates and the sources of
 *                                new STUN checks may be in although {@link CandidateNetworks}
 *                                refuses them by default (loopback, link-local, ...); empty: the
 *                                loopback range when the port is bound to a loopback address
 * @param blockPrivateCandidates  also refuse private ranges (RFC 1918, RFC 6598, RFC 4193)
 * @param forwardingThreads       threads that handle every participant's received datagrams
 *                                ({@link ReceiveLoops}), 1..{@link ReceiveLoops#MAX_THREADS};
 *                                default one per core
 */
public record MediaPortConfig(String bindAddress, int port, List<String> advertisedAddresses,
                              boolean advertiseLocalAddresses, int receiveBufferBytes,
                              int sendBufferBytes, List<String> allowedCandidateNetworks,
                              boolean blockPrivateCandidates, int forwardingThreads) {

    /** The usual single media port of SFUs (Jitsi Videobridge, LiveKit use 10000 too). */
    public static final int DEFAULT_PORT = 10000;
    /** Large enough for a burst of keyframes from several presenters. */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    public MediaPortConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        advertisedAddresses = List.copyOf(advertisedAddresses);
        allowedCandidateNetworks = List.copyOf(allowedCandidateNetworks);
        CandidateNetworks.validate(allowedCandidateNetworks);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        ReceiveLoops.check(forwardingThreads);
        if (receiveBufferBytes <= 0 || sendBufferBytes <= 0) {
            throw new IllegalArgumentException("socket buffer sizes must be positive");
        }
        if (IpLiteral.parse(bindAddress) == null) {
            throw new IllegalArgumentException("bind address is not an IP literal: " + bindAddress);
        }
        for (String a : advertisedAddresses) {
            if (IpLiteral.parse(a) == null) {
                throw new IllegalArgumentException("advertised address is not an IP literal: " + a);
            }
        }
    }

    /**
     * Binds all local addresses on port 10000, 4 MiB buffers, no advertised address, the
     * default candidate networks (private ranges allowed, no extra network), one forwarding
     * thread per core.
     */
    public static MediaPortConfig defaults() {
        return new MediaPortConfig("0.0.0.0", DEFAULT_PORT, List.of(), true,
                DEFAULT_SOCKET_BUFFER_BYTES, DEFAULT_SOCKET_BUFFER_BYTES, List.of(), false,
                ReceiveLoops.defaultThreads());
    }

    public MediaPortConfig withBind(String address, int newPort) {
        return new MediaPortConfig(address, newPort, advertisedAddresses, advertiseLocalAddresses,
                receiveBufferBytes, sendBufferBytes, allowedCandidateNetworks, blockPrivateCandidates,
                forwardingThreads);
    }

    public MediaPortConfig withAdvertised(List<String> addresses, boolean alsoLocal) {
        return new MediaPortConfig(bindAddress, port, addresses, alsoLocal, receiveBufferBytes,
                sendBufferBytes, allowedCandidateNetworks, blockPrivateCandidates,
                forwardingThreads);
    }

    public MediaPortConfig withBuffers(int receiveBytes, int sendBytes) {
        return new MediaPortConfig(bindAddress, port, advertisedAddresses, advertiseLocalAddresses,
                receiveBytes, sendBytes, allowedCandidateNetworks, blockPrivateCandidates,
                forwardingThreads);
    }

    public MediaPortConfig withCandidateNetworks(List<String> allowed, boolean blockPrivate) {
        return new MediaPortConfig(bindAddress, port, advertisedAddresses, advertiseLocalAddresses,
                receiveBufferBytes, sendBufferBytes, allowed, blockPrivate, forwardingThreads);
    }

    /** {@code threads} forwarding threads ({@link ReceiveLoops}). */
    public MediaPortConfig withForwardingThreads(int threads) {
        return new MediaPortConfig(bindAddress, port, advertisedAddresses, advertiseLocalAddresses,
                receiveBufferBytes, sendBufferBytes, allowedCandidateNetworks, blockPrivateCandidates, threads);
    }
}
