package io.familymeeting.media.core;

import io.familymeeting.media.core.ice.ReceiveLoops;
import io.familymeeting.media.core.room.Budgets;
import io.familymeeting.media.core.net.NetworkBlock;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the media engine. Every value has a default that works on a laptop
 * ({@link #defaults()}); the resource adapter fills them from its config properties.
 *
 * @param mediaPort           the one UDP port shared by every participant (ICE, DTLS, SRTP)
 * @param bindAddress         the local address the media socket binds to ("0.0.0.0" for all)
 * @param advertisedAddresses addresses written into answers as host candidates; empty means
 *                            "the bound address, or every local address when bound to all"
 *                            (set the public / NAT 1:1 address here on a cloud node)
 * @param receiveBufferBytes  SO_RCVBUF of the media socket: large enough for a burst of keyframes
 * @param sendBufferBytes     SO_SNDBUF of the media socket
 * @param consentTimeoutMillis a participant whose ICE consent is not refreshed for this long is removed
 *                            (RFC 7675 §5.1: 30 s)
 * @param sendLoops           0 (the default): the thread that decides to send a packet (a receive
 *                            thread, a camera, the RTCP timer) SRTP-protects and sends it itself;
 *                            more: that many send threads do, fed through bounded queues
 *                            ({@code EXPERIMENT_RTP_SEP_RW}, {@link io.familymeeting.media.core.send.SendLoops})
 * @param budgets             what one offer, room, source address and the engine may take
 *                            (slots, m-lines, participants, transports per address, cameras)
 * @param allowedCandidateNetworks CIDR networks remote ICE candidates and new STUN checks may come
 *                            from although they are refused by default (loopback, link-local,
 *                            multicast, unspecified; see {@link io.familymeeting.media.core.ice.CandidateNetworks});
 *                            empty (the default): the loopback range when bound to a loopback address
 *                            ({@code MEDIA_ALLOWED_CANDIDATE_NETWORKS})
 * @param blockPrivateCandidates also refuse private ranges (10/8, 172.16/12, 192.168/16, 100.64/10,
 *                            fc00::/7) unless listed ({@code MEDIA_BLOCK_PRIVATE_CANDIDATES}, default false:
 *                            LAN browsers, Docker and Kubernetes reach the port from them)
 * @param cameraAllowedNetworks blocks where cameras may be although the target rules refuse the
 *                            address (loopback, link-local, this server's own...: {@code
 *                            CAMERA_ALLOWED_NETWORKS}, {@link io.familymeeting.media.core.rtsp.CameraTargets})
 * @param forwardingThreads   threads that handle every participant's received datagrams (demux, DTLS
 *                            records, SRTP, forwarding), 1..{@link ReceiveLoops#MAX_THREADS}; default
 *                            one per core ({@code MEDIA_FORWARDING_THREADS}, {@link ReceiveLoops})
 */
public record EngineConfig(int mediaPort, String bindAddress, List<String> advertisedAddresses,
                           int receiveBufferBytes, int sendBufferBytes, long consentTimeoutMillis,
                           int sendLoops, Budgets budgets, List<String> allowedCandidateNetworks,
                           boolean blockPrivateCandidates, List<NetworkBlock> cameraAllowedNetworks,
                           int forwardingThreads) {

    public static final int DEFAULT_MEDIA_PORT = 10000;
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    static final int MAX_SEND_LOOPS = 64;

    public EngineConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(budgets, "budgets");
        advertisedAddresses = List.copyOf(advertisedAddresses);
        allowedCandidateNetworks = List.copyOf(allowedCandidateNetworks);
        cameraAllowedNetworks = List.copyOf(cameraAllowedNetworks);
        try {
            io.familymeeting.media.core.ice.CandidateNetworks.validate(allowedCandidateNetworks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed candidate networks: " + e.getMessage(), e);
        }
        if (mediaPort < 0 || mediaPort > 65535) {
            throw new IllegalArgumentException("media port out of range: " + mediaPort);
        }
        ReceiveLoops.check(forwardingThreads);
        if (sendLoops < 0 || sendLoops > MAX_SEND_LOOPS) {
            throw new IllegalArgumentException("send loops must be 0.." + MAX_SEND_LOOPS + ", not " + sendLoops);
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_MEDIA_PORT, "0.0.0.0", List.of(),
                DEFAULT_SOCKET_BUFFER_BYTES, DEFAULT_SOCKET_BUFFER_BYTES, 30_000, 0, Budgets.defaults(), List.of(), false, List.of(),
                ReceiveLoops.defaultThreads());
    }

    public EngineConfig withMediaPort(int port) {
        return new EngineConfig(port, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, forwardingThreads);
    }

    public EngineConfig withBindAddress(String address) {
        return new EngineConfig(mediaPort, address, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, forwardingThreads);
    }

    public EngineConfig withAdvertisedAddresses(List<String> addresses) {
        return new EngineConfig(mediaPort, bindAddress, addresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, forwardingThreads);
    }

    /** {@code loops} send threads behind bounded queues; 0 sends on the deciding thread. */
    public EngineConfig withSendLoops(int loops) {
        return new EngineConfig(mediaPort, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, loops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, forwardingThreads);
    }

    public EngineConfig withBudgets(Budgets b) {
        return new EngineConfig(mediaPort, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, b, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, forwardingThreads);
    }

    /** Remote candidates and new STUN checks also from {@code networks} (CIDR); {@code blockPrivate}: refuse private ranges. */
    public EngineConfig withCandidateNetworks(List<String> networks, boolean blockPrivate) {
        return new EngineConfig(mediaPort, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, networks, blockPrivate, cameraAllowedNetworks,
                forwardingThreads);
    }

    /** Blocks where cameras may be although the target rules refuse them ({@code CAMERA_ALLOWED_NETWORKS}). */
    public EngineConfig withCameraAllowedNetworks(List<NetworkBlock> blocks) {
        return new EngineConfig(mediaPort, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                blocks, forwardingThreads);
    }

    /** {@code threads} forwarding threads ({@code MEDIA_FORWARDING_THREADS}). */
    public EngineConfig withForwardingThreads(int threads) {
        return new EngineConfig(mediaPort, bindAddress, advertisedAddresses, receiveBufferBytes,
                sendBufferBytes, consentTimeoutMillis, sendLoops, budgets, allowedCandidateNetworks, blockPrivateCandidates,
                cameraAllowedNetworks, threads);
    }
}
