package io.familymeeting.media.core.dtls;

import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.MACAlgorithm;
import org.bouncycastle.tls.TlsUtils;

/**
 * The lengths a protected DTLS 1.2 record (epoch 1 and later) can have under the negotiated
 * cipher suite: what {@link DtlsRecordFilter} checks before BouncyCastle sees the record.
 * BouncyCastle treats a record that fails its MAC as noise, but a record too short for the
 * cipher (shorter than explicit nonce + tag, or CBC blocks not whole) as a fatal decode_error
 * that ends the association and sends an alert; such a record cannot be genuine, so it never
 * reaches BouncyCastle.
 *
 * <p>A protected record is valid when {@code length >= minLength} and, for block ciphers,
 * {@code (length - trailer) % blockSize == 0}. It only bounds lengths; it does not decrypt.
 *
 * @param name      for logs and tests
 * @param minLength the shortest ciphertext (the fragment after the 13-byte header)
 * @param blockSize the cipher's block size for CBC suites, 0 for AEAD suites
 * @param trailer   bytes after the CBC blocks (the MAC with encrypt_then_mac), else 0
 */
public record RecordProtection(String name, int minLength, int blockSize, int trailer) {
    /** AEAD tag of AES-GCM and ChaCha20-Poly1305 (RFC 5116 §5.1, RFC 7905 §2). */
    static final int AEAD_TAG = 16;
    /** RFC 5288 §3: AES-GCM records carry an 8-byte explicit nonce before the ciphertext. */
    static final int GCM_EXPLICIT_NONCE = 8;
    /** AES block and, with TLS 1.2's explicit IV (RFC 5246 §6.2.3.2), IV size. */
    static final int AES_BLOCK = 16;

    /**
     * Before the cipher suite is known: the smallest expansion of any suite this server can
     * negotiate (ChaCha20-Poly1305, tag only), and no block rule.
     */
    public static final RecordProtection UNKNOWN = new RecordProtection("unknown", AEAD_TAG, 0, 0);

    public RecordProtection {
        if (minLength < 1 || blockSize < 0 || trailer < 0) {
            throw new IllegalArgumentException("bad record protection: " + minLength + "/" + blockSize + "/" + trailer);
        }
    }

    /** Whether a protected record's fragment of {@code length} bytes can be genuine. */
    public boolean fits(int length) {
        return length >= minLength && (blockSize == 0 || (length - trailer) % blockSize == 0);
    }

    /**
     * The protection of {@code cipherSuite} (a {@code CipherSuite} constant); unknown suites
     * get {@link #UNKNOWN}.
     *
     * @param encryptThenMac RFC 7366 negotiated (changes the CBC layout; ignored for AEAD)
     */
    public static RecordProtection of(int cipherSuite, boolean encryptThenMac) {
        int encryption;
        try {
            encryption = TlsUtils.getEncryptionAlgorithm(cipherSuite);
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
        switch (encryption) {
            case EncryptionAlgorithm.AES_128_GCM, EncryptionAlgorithm.AES_256_GCM:
                return new RecordProtection("aes-gcm", GCM_EXPLICIT_NONCE + AEAD_TAG, 0, 0);
            case EncryptionAlgorithm.CHACHA20_POLY1305:
                return new RecordProtection("chacha20-poly1305", AEAD_TAG, 0, 0);
            case EncryptionAlgorithm.AES_128_CBC, EncryptionAlgorithm.AES_256_CBC:
                int mac = macLength(cipherSuite);
                return mac < 0 ? UNKNOWN : cbc(mac, encryptThenMac);
            default:
                return UNKNOWN;
        }
    }

    /**
     * AES-CBC with an explicit IV (RFC 5246 §6.2.3.2): without encrypt_then_mac the IV, then
     * blocks holding plaintext + MAC + padding (at least one padding-length byte); with it
     * (RFC 7366 §3) the IV, at least one block, then the MAC.
     */
    static RecordProtection cbc(int macLength, boolean encryptThenMac) {
        if (encryptThenMac) {
            return new RecordProtection("aes-cbc-etm", AES_BLOCK + AES_BLOCK + macLength, AES_BLOCK, macLength);
        }
        int blocks = (macLength + 1 + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;
        return new RecordProtection("aes-cbc", AES_BLOCK + blocks, AES_BLOCK, 0);
    }

    private static int macLength(int cipherSuite) {
        try {
            return switch (TlsUtils.getMACAlgorithm(cipherSuite)) {
                case MACAlgorithm.hmac_sha1 -> 20;
                case MACAlgorithm.hmac_sha256 -> 32;
                case MACAlgorithm.hmac_sha384 -> 48;
                default -> -1;
            };
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
