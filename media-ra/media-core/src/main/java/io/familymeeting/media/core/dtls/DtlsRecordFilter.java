package io.familymeeting.media.core.dtls;

/**
 * Decides, before BouncyCastle sees a datagram, whether every DTLS 1.2 record in it could have
 * been sent by the peer (RFC 6347 §4.1). UDP source addresses can be forged, so anyone may put
 * records on a participant's path; BouncyCastle silently drops records that fail their MAC, but
 * fails the association (and sends a fatal alert, which makes the browser drop too) on records
 * it cannot even decode, and it acts on unauthenticated epoch-0 records. This filter keeps those
 * away from it: a datagram passes only if it is a sequence of whole records, each of a content
 * type, version, epoch and length that the association's state allows ({@link DtlsRecordRules}).
 * A genuine datagram never mixes valid and invalid records, so one bad record condemns the
 * datagram (RFC 6347 §4.1.2.7: invalid records are silently discarded).
 *
 * <p>What can be genuine:
 * <ul>
 *   <li>version DTLS 1.2 ({@code 0xFEFD}); DTLS 1.0 ({@code 0xFEFF}) only during the handshake
 *       (a ClientHello's record version, RFC 6347 §4.2.1);</li>
 *   <li>during the handshake, epoch 0 or 1; after it, epoch 1, plus epoch-0 handshake and
 *       change_cipher_spec records while the peer's last flight may be retransmitted;</li>
 *   <li>epoch 0 (plaintext): change_cipher_spec of exactly one byte 1 (RFC 5246 §7.1), an alert
 *       of two bytes with level warning or fatal (§7.2) during the handshake only, or handshake
 *       fragments (RFC 6347 §4.2.2) that are whole, of a type sent in epoch 0, within their
 *       message and no longer than {@link #MAX_HANDSHAKE_MESSAGE}; never application data;</li>
 *   <li>epoch 1 (protected): alert, handshake or application data whose length fits the
 *       negotiated cipher ({@link RecordProtection}); never change_cipher_spec, which DTLS 1.2
 *       sends in the old epoch;</li>
 *   <li>no heartbeat, tls12_cid or DTLS 1.3 records: none is negotiated.</li>
 * </ul>
 *
 * <p>A pure function over {@code (byte[], off, len, rules)}: no state, no allocation, never
 * throws (out-of-range arguments are {@link Verdict#TRUNCATED}). It does not check MACs,
 * sequence numbers or replay (BouncyCastle does), nor the order of handshake messages.
 */
public final class DtlsRecordFilter {
    /** RFC 6347 §4.1: type (1), version (2), epoch (2), sequence number (6), length (2). */
    public static final int RECORD_HEADER = 13;
    /** RFC 6347 §4.2.2: msg_type, length (3), message_seq (2), fragment_offset (3), fragment_length (3). */
    static final int HANDSHAKE_HEADER = 12;
    /**
     * The longest handshake message accepted in epoch 0. WebRTC peers send self-signed
     * single certificates (a few hundred bytes) and ClientHellos under 2 KB; BouncyCastle would
     * allocate the declared length (up to 16 MiB) for each of 16 messages it reassembles.
     */
    public static final int MAX_HANDSHAKE_MESSAGE = 16_384;
    /** RFC 6347 §4.1 (RFC 5246 §6.2.1): a plaintext fragment is at most 2^14 bytes. */
    static final int MAX_PLAINTEXT = 16_384;
    /** RFC 5246 §6.2.3: a ciphertext fragment is at most 2^14 + 2048 bytes. */
    static final int MAX_CIPHERTEXT = 16_384 + 2048;

    /** RFC 5246 §6.2.1 ContentType. */
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    /** RFC 6347 §4.1: {254, 253} is DTLS 1.2, {254, 255} DTLS 1.0. */
    static final int DTLS_1_2 = 0xFEFD;
    static final int DTLS_1_0 = 0xFEFF;

    /** Why a datagram was refused, or {@link #ACCEPT}. */
    public enum Verdict {
        ACCEPT,
        /** Shorter than a record header, or a record's length runs past the datagram. */
        TRUNCATED,
        /** A content type that is never sent (heartbeat, tls12_cid, DTLS 1.3, unknown). */
        CONTENT_TYPE,
        /** Not DTLS 1.2 (or DTLS 1.0 during the handshake). */
        VERSION,
        /** An epoch, or a content type in an epoch, that the association's phase excludes. */
        EPOCH,
        /** A body too short or too long for its content type or for the negotiated cipher. */
        LENGTH,
        /** An epoch-0 handshake fragment that is cut short, oversized or of a foreign type. */
        HANDSHAKE_FRAGMENT
    }

    private DtlsRecordFilter() {
    }

    /** The verdict on the datagram {@code buf[off .. off+len)} under {@code rules}. */
    public static Verdict check(byte[] buf, int off, int len, DtlsRecordRules rules) {
        if (buf == null || rules == null || off < 0 || len < RECORD_HEADER || off > buf.length - len) {
            return Verdict.TRUNCATED;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < RECORD_HEADER) {
                return Verdict.TRUNCATED;
            }
            int length = u16(buf, p + 11);
            if (length > end - p - RECORD_HEADER) {
                return Verdict.TRUNCATED;
            }
            Verdict v = record(buf, p, length, rules);
            if (v != Verdict.ACCEPT) {
                return v;
            }
            p += RECORD_HEADER + length;
        }
        return Verdict.ACCEPT;
    }

    private static Verdict record(byte[] buf, int p, int length, DtlsRecordRules rules) {
        int type = buf[p] & 0xFF;
        if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA) {
            return Verdict.CONTENT_TYPE;
        }
        int version = u16(buf, p + 1);
        if (version != DTLS_1_2 && (version != DTLS_1_0 || rules.handshakeDone())) {
            return Verdict.VERSION;
        }
        return switch (u16(buf, p + 3)) {
            case 0 -> plaintext(type, buf, p + RECORD_HEADER, length, rules);
            case 1 -> protectedRecord(type, length, rules);
            default -> Verdict.EPOCH;
        };
    }

    private static Verdict plaintext(int type, byte[] buf, int body, int length, DtlsRecordRules rules) {
        boolean handshakePhase = !rules.handshakeDone();
        if (!handshakePhase && !rules.acceptsRetransmittedFlight()) {
            return Verdict.EPOCH;
        }
        if (length > MAX_PLAINTEXT) {
            return Verdict.LENGTH;
        }
        return switch (type) {
            case CHANGE_CIPHER_SPEC -> length == 1 && buf[body] == 1 ? Verdict.ACCEPT : Verdict.LENGTH;
            case ALERT -> !handshakePhase ? Verdict.EPOCH
                    : length == 2 && (buf[body] == 1 || buf[body] == 2) ? Verdict.ACCEPT : Verdict.LENGTH;
            case HANDSHAKE -> fragments(buf, body, length);
            default -> Verdict.EPOCH; // application data is never plaintext
        };
    }

    private static Verdict protectedRecord(int type, int length, DtlsRecordRules rules) {
        if (type == CHANGE_CIPHER_SPEC) {
            return Verdict.EPOCH;
        }
        return length <= MAX_CIPHERTEXT && rules.protection().fits(length) ? Verdict.ACCEPT : Verdict.LENGTH;
    }

    /** One or more whole handshake fragments filling the record body exactly. */
    private static Verdict fragments(byte[] buf, int body, int length) {
        if (length < HANDSHAKE_HEADER) {
            return Verdict.HANDSHAKE_FRAGMENT;
        }
        int p = body;
        int end = body + length;
        while (p < end) {
            if (end - p < HANDSHAKE_HEADER || !sentInEpochZero(buf[p] & 0xFF)) {
                return Verdict.HANDSHAKE_FRAGMENT;
            }
            int messageLength = u24(buf, p + 1);
            int fragmentOffset = u24(buf, p + 6);
            int fragmentLength = u24(buf, p + 9);
            if (messageLength > MAX_HANDSHAKE_MESSAGE || fragmentOffset + fragmentLength > messageLength
                    || fragmentLength > end - p - HANDSHAKE_HEADER) {
                return Verdict.HANDSHAKE_FRAGMENT;
            }
            p += HANDSHAKE_HEADER + fragmentLength;
        }
        return Verdict.ACCEPT;
    }

    /**
     * RFC 5246 §7.4 HandshakeType values a DTLS 1.2 peer sends in epoch 0: hello_request (0),
     * client_hello (1), server_hello (2), hello_verify_request (3, RFC 6347 §4.2.1),
     * new_session_ticket (4, RFC 5077), certificate (11), server_key_exchange (12),
     * certificate_request (13), server_hello_done (14), certificate_verify (15),
     * client_key_exchange (16), certificate_status (22, RFC 6066). Not finished (20): it is
     * always protected, in epoch 1.
     */
    private static boolean sentInEpochZero(int msgType) {
        return msgType <= 4 || (msgType >= 11 && msgType <= 16) || msgType == 22;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int u24(byte[] b, int i) {
        return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
    }
}
