package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * SRTP / SRTCP for one participant's transport (RFC 3711, RFC 7714), after DTLS-SRTP keying:
 * decrypt incoming RTP and RTCP, encrypt outgoing RTP and RTCP, in place in the caller's buffer.
 *
 * <p>Built on jitsi-srtp's crypto contexts (pure-Java JCE path; jitsi-srtp picks the fastest AES
 * provider once per JVM). One context is derived per SSRC and per direction on first use and cached
 * in an int-keyed table, so an SFU that sends many forwarded streams to one viewer uses one session.
 * A receive context is only cached after its first packet authenticated, so forged packets with
 * random SSRCs do not fill the table. Replay protection (RFC 3711 §3.3.2, 64-packet window) is
 * enforced on receive by jitsi-srtp for SRTP and SRTCP; it is off on send so that retransmissions
 * of the same packet can be re-encrypted.
 *
 * <p>Buffers: {@code protectRtp} needs {@link SrtpProfile#rtpOverhead()} spare bytes after the
 * packet (16 is always enough), {@code protectRtcp} needs {@link SrtpProfile#rtcpOverhead()}
 * (20 is always enough). Results are the new length, or a negative {@link SrtpStatus} code;
 * nothing is thrown for bad packets.
 *
 * <p>Threading: the receive direction ({@code unprotectRtp}, {@code unprotectRtcp}) and the send
 * direction ({@code protectRtp}, {@code protectRtcp}) each hold their own lock, so one receiving
 * thread and any number of sending threads may use a session concurrently; calls within one
 * direction are serialized (jitsi-srtp contexts keep per-call scratch state). Sending threads
 * must themselves keep each SSRC's packets in sequence order.
 *
 * <p>Not done here: SRTP MKI, key renegotiation, header-extension encryption (RFC 6904),
 * cryptex, AES-256 profiles.
 */
public final class SrtpSession implements AutoCloseable {
    /** Default cap on per-SSRC contexts in each table (a viewer of a large room receives many SSRCs). */
    public static final int DEFAULT_MAX_SSRCS = 1024;

    /** RFC 3550 §5.1: fixed RTP header. */
    private static final int RTP_HEADER = 12;
    /** RFC 3550 §6.4.1: RTCP header + sender SSRC. */
    private static final int RTCP_HEADER = 8;
    /** RFC 3711 §3.4: E flag + 31-bit SRTCP index. */
    private static final int SRTCP_INDEX = 4;

    private static final Logger LOGGER = new LoggerImpl(SrtpSession.class.getName());

    static {
        // Before the first jitsi-srtp cipher is made: OpenSSL when available, not a timing run.
        AesImplementation.choice();
    }

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final Direction receive;
    private final Direction send;
    private final int maxSsrcs;

    private volatile boolean closed;

    /** Makes the crypto context of one SSRC (jitsi-srtp derives its session keys). */
    @FunctionalInterface
    private interface Derivation<C> {
        C derive(int ssrc) throws GeneralSecurityException;
    }

    /** Protects or unprotects one packet in place with the context of its SSRC. */
    @FunctionalInterface
    private interface Operation<C> {
        SrtpErrorStatus apply(C context, PacketBuffer packet) throws GeneralSecurityException;
    }

    /**
     * One kind of packet (RTP or RTCP) in one direction: its contexts by SSRC, how a new one
     * is made, what is done to a packet, and whether a new SSRC's context is kept at once
     * (send) or only after its first packet authenticated (receive).
     */
    private static final class Stream<C> {
        final SsrcTable<C> contexts;
        final PacketBuffer packet = new PacketBuffer();
        final Derivation<C> derivation;
        final Operation<C> operation;
        final boolean keepOnlyAuthenticated;

        Stream(int maxSsrcs, Derivation<C> derivation, Operation<C> operation, boolean keepOnlyAuthenticated) {
            this.contexts = new SsrcTable<>(maxSsrcs);
            this.derivation = derivation;
            this.operation = operation;
            this.keepOnlyAuthenticated = keepOnlyAuthenticated;
        }
    }

    /** Per-direction state; its monitor serializes the calls of that direction. */
    private static final class Direction {
        final Stream<SrtpCryptoContext> rtp;
        final Stream<SrtcpCryptoContext> rtcp;

        Direction(Stream<SrtpCryptoContext> rtp, Stream<SrtcpCryptoContext> rtcp) {
            this.rtp = rtp;
            this.rtcp = rtcp;
        }

        void clear() {
            rtp.contexts.clear();
            rtcp.contexts.clear();
        }
    }

    public SrtpSession(SrtpMasterKeys keys) {
        this(keys, DEFAULT_MAX_SSRCS);
    }

    public SrtpSession(SrtpMasterKeys keys, int maxSsrcsPerDirection) {
        Objects.requireNonNull(keys, "keys");
        if (maxSsrcsPerDirection < 1) {
            throw new IllegalArgumentException("maxSsrcsPerDirection must be positive");
        }
        this.maxSsrcs = maxSsrcsPerDirection;
        this.profile = keys.profile();
        this.sendFactory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(),
                profile.newPolicy(), profile.newPolicy(), LOGGER);
        this.receiveFactory = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(),
                profile.newPolicy(), profile.newPolicy(), LOGGER);
        // RFC 3711 §3.3.2: replay checks on receive only (see the class comment); the first
        // packet of a new SSRC must authenticate before its context is kept.
        this.receive = new Direction(
                new Stream<>(maxSsrcsPerDirection, ssrc -> receiveFactory.deriveContext(ssrc, 0),
                        (context, packet) -> context.reverseTransformPacket(packet, false), true),
                new Stream<>(maxSsrcsPerDirection, receiveFactory::deriveControlContext,
                        SrtcpCryptoContext::reverseTransformPacket, true));
        this.send = new Direction(
                new Stream<>(maxSsrcsPerDirection, ssrc -> sendFactory.deriveContext(ssrc, 0),
                        SrtpCryptoContext::transformPacket, false),
                new Stream<>(maxSsrcsPerDirection, sendFactory::deriveControlContext,
                        SrtcpCryptoContext::transformPacket, false));
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Protects and unprotects one packet per profile with throw-away keys. Call once at engine
     * start: the first cipher loads jitsi-srtp's native library (and, without OpenSSL, benchmarks
     * the JCE AES providers for about a second, see {@link AesImplementation}); this moves that cost
     * out of the first participant's handshake and doubles as a self-test.
     *
     * @throws IllegalStateException if a round trip does not give back the packet
     */
    public static void warmUp() {
        SecureRandom random = new SecureRandom();
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] material = new byte[p.keyingMaterialLength()];
            random.nextBytes(material);
            SrtpMasterKeys keys = SrtpMasterKeys.fromKeyingMaterial(p, material, true);
            try (SrtpSession a = new SrtpSession(keys); SrtpSession b = new SrtpSession(keys.mirrored())) {
                byte[] packet = new byte[RTP_HEADER + 16 + 16];
                packet[0] = (byte) 0x80;
                packet[RTP_HEADER] = 42;
                int protectedLength = a.protectRtp(packet, 0, RTP_HEADER + 16);
                int length = protectedLength < 0 ? protectedLength : b.unprotectRtp(packet, 0, protectedLength);
                if (length != RTP_HEADER + 16 || packet[RTP_HEADER] != 42) {
                    throw new IllegalStateException("SRTP self-test failed for " + p + ": " + SrtpStatus.describe(length));
                }
            }
        }
    }

    /**
     * Authenticates, replay-checks and decrypts an SRTP packet in place.
     *
     * @return the RTP packet's length (tag removed), or a negative {@link SrtpStatus} code
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0 || len < header + profile.rtpOverhead()) {
            return SrtpStatus.MALFORMED;
        }
        return transform(receive, receive.rtp, buf, off, len, readInt(buf, off + 8));
    }

    /**
     * Authenticates, replay-checks and (if its E flag is set) decrypts an SRTCP packet in place.
     *
     * @return the RTCP packet's length (index and tag removed), or a negative {@link SrtpStatus} code
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < RTCP_HEADER + SRTCP_INDEX + profile.rtpOverhead() || (buf[off] & 0xC0) != 0x80) {
            return SrtpStatus.MALFORMED;
        }
        return transform(receive, receive.rtcp, buf, off, len, readInt(buf, off + 4));
    }

    /**
     * Encrypts an RTP packet in place and appends its tag.
     *
     * @param buf must have at least {@link SrtpProfile#rtpOverhead()} bytes after {@code off + len}
     * @return the SRTP packet's length, or a negative {@link SrtpStatus} code
     */
    public int protectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (rtpHeaderLength(buf, off, len) < 0) {
            return SrtpStatus.MALFORMED;
        }
        if (buf.length - off - len < profile.rtpOverhead()) {
            return SrtpStatus.NO_ROOM;
        }
        return transform(send, send.rtp, buf, off, len, readInt(buf, off + 8));
    }

    /**
     * Encrypts an RTCP (compound) packet in place and appends the E flag + SRTCP index and the tag.
     *
     * @param buf must have at least {@link SrtpProfile#rtcpOverhead()} bytes after {@code off + len}
     * @return the SRTCP packet's length, or a negative {@link SrtpStatus} code
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < RTCP_HEADER || (buf[off] & 0xC0) != 0x80) {
            return SrtpStatus.MALFORMED;
        }
        if (buf.length - off - len < profile.rtcpOverhead()) {
            return SrtpStatus.NO_ROOM;
        }
        return transform(send, send.rtcp, buf, off, len, readInt(buf, off + 4));
    }

    /**
     * The one path of all four calls, under the direction's monitor: the SSRC's context
     * (derived on first use, within {@link #maxSsrcs}), then the operation in place.
     *
     * @return the new length, or a negative {@link SrtpStatus} code
     */
    private <C> int transform(Direction direction, Stream<C> stream, byte[] buf, int off, int len, int ssrc) {
        synchronized (direction) {
            if (closed) {
                return SrtpStatus.CLOSED;
            }
            PacketBuffer pkt = stream.packet;
            try {
                C ctx = stream.contexts.get(ssrc);
                boolean fresh = false;
                if (ctx == null) {
                    if (stream.contexts.size() >= maxSsrcs) {
                        return SrtpStatus.TOO_MANY_SSRCS;
                    }
                    ctx = stream.derivation.derive(ssrc);
                    fresh = true;
                    if (!stream.keepOnlyAuthenticated) {
                        stream.contexts.put(ssrc, ctx);
                    }
                }
                pkt.wrap(buf, off, len);
                int status = map(stream.operation.apply(ctx, pkt));
                if (status < 0) {
                    return status;
                }
                if (fresh && stream.keepOnlyAuthenticated) {
                    stream.contexts.put(ssrc, ctx);
                }
                return pkt.getLength();
            } catch (GeneralSecurityException e) {
                return SrtpStatus.CRYPTO_ERROR;
            } catch (RuntimeException e) {
                return SrtpStatus.MALFORMED;
            } finally {
                pkt.clear();
            }
        }
    }

    /** Forgets every context and wipes the master keys; later calls return {@link SrtpStatus#CLOSED}. */
    @Override
    public void close() {
        synchronized (receive) {
            synchronized (send) {
                if (closed) {
                    return;
                }
                closed = true;
                receive.clear();
                send.clear();
                sendFactory.close();
                receiveFactory.close();
            }
        }
    }

    /**
     * Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1),
     * or -1 if the packet is not version 2 or is shorter than its header.
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RTP_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (len < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF));
        }
        return header <= len ? header : -1;
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int map(SrtpErrorStatus s) {
        switch (s) {
            case OK: return 0;
            case AUTH_FAIL: return SrtpStatus.AUTH_FAILED;
            case REPLAY_FAIL:
            case REPLAY_OLD: return SrtpStatus.REPLAY;
            case INVALID_PACKET: return SrtpStatus.MALFORMED;
            default: return SrtpStatus.CRYPTO_ERROR;
        }
    }
}
