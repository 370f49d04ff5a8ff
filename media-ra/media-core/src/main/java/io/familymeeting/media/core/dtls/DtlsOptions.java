package io.familymeeting.media.core.dtls;

import io.familymeeting.media.core.srtp.SrtpProfile;

import java.util.List;

/**
 * Tunables of a {@link DtlsTransport}; {@link #defaults()} suits WebRTC peers.
 *
 * @param mtu                    largest datagram we send; handshake messages are fragmented to fit
 *                               (1200 leaves room for IPv6 + UDP + TURN framing on a 1280 path)
 * @param handshakeTimeoutMillis give up the handshake after this long (BouncyCastle retransmits
 *                               flights within it, RFC 6347 §4.2.4: 1 s doubling to 60 s)
 * @param srtpProfiles           use_srtp profiles in preference order (RFC 5764 §4.1.2)
 * @param queueCapacity          datagrams held for the handshake thread before newer ones are dropped
 */
public record DtlsOptions(int mtu, int handshakeTimeoutMillis, List<SrtpProfile> srtpProfiles, int queueCapacity) {
    public static final int DEFAULT_MTU = 1200;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_QUEUE_CAPACITY = 64;

    public DtlsOptions {
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile");
        }
        if (srtpProfiles.stream().distinct().count() != srtpProfiles.size()) {
            throw new IllegalArgumentException("duplicate SRTP profile: " + srtpProfiles);
        }
        if (mtu < 256 || mtu > 65_507) {
            throw new IllegalArgumentException("mtu out of range: " + mtu);
        }
        if (handshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive");
        }
    }

    /** MTU 1200, 30 s handshake, GCM then AES-CM + HMAC-SHA1-80, 64 queued datagrams. */
    public static DtlsOptions defaults() {
        return new DtlsOptions(DEFAULT_MTU, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), DEFAULT_QUEUE_CAPACITY);
    }

    public DtlsOptions withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsOptions(mtu, handshakeTimeoutMillis, profiles, queueCapacity);
    }

    public DtlsOptions withHandshakeTimeoutMillis(int millis) {
        return new DtlsOptions(mtu, millis, srtpProfiles, queueCapacity);
    }
}
