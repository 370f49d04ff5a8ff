package io.familymeeting.media.core.ice;

import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * Checks the MESSAGE-INTEGRITY of a STUN message (RFC 5389 §15.4) with a short-term credential
 * (RFC 5389 §10.1.2; ICE passwords are ice-chars, so SASLprep leaves them as they are), before
 * ice4j sees a check from an address it does not know yet ({@link StunGate}).
 *
 * <p>A pure function over {@code (byte[], off, len)}, the key and a caller-owned {@link Mac}
 * (reinitialised on each call; one per thread). It walks the attributes (RFC 5389 §15: type,
 * length, value padded to 4 bytes) to MESSAGE-INTEGRITY and computes HMAC-SHA1 over the message
 * up to it, with the header's length field set as if MESSAGE-INTEGRITY were the last attribute.
 * Attributes after it (FINGERPRINT) are not checked. Never throws for bad input.
 */
final class StunIntegrity {
    /** RFC 5389 §6: the header is 20 bytes; the magic cookie is at 4..7. */
    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    /** RFC 5389 §15.4: MESSAGE-INTEGRITY, 20 bytes of HMAC-SHA1. */
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int HMAC_LENGTH = 20;

    /** The outcome of {@link #check}. */
    enum Result { VALID, MALFORMED, MISSING, WRONG }

    private StunIntegrity() {
    }

    /**
     * @param mac an {@code HmacSHA1} instance, initialised here with {@code key}
     * @param key the short-term password's bytes
     */
    static Result check(byte[] buf, int off, int len, Mac mac, byte[] key) {
        if (buf == null || off < 0 || len < HEADER || off > buf.length - len || key == null || key.length == 0) {
            return Result.MALFORMED;
        }
        if ((buf[off] & 0xC0) != 0 || u32(buf, off + 4) != MAGIC_COOKIE) {
            return Result.MALFORMED;
        }
        int messageLength = u16(buf, off + 2);
        if ((messageLength & 3) != 0 || messageLength > len - HEADER) {
            return Result.MALFORMED;
        }
        int end = off + HEADER + messageLength;
        int p = off + HEADER;
        while (p < end) {
            if (end - p < 4) {
                return Result.MALFORMED;
            }
            int type = u16(buf, p);
            int length = u16(buf, p + 2);
            int padded = (length + 3) & ~3;
            if (padded > end - p - 4) {
                return Result.MALFORMED;
            }
            if (type == MESSAGE_INTEGRITY) {
                if (length != HMAC_LENGTH) {
                    return Result.MALFORMED;
                }
                return verify(buf, off, p, mac, key) ? Result.VALID : Result.WRONG;
            }
            p += 4 + padded;
        }
        return Result.MISSING;
    }

    /** HMAC over header (length adjusted to end after MESSAGE-INTEGRITY) and the attributes before it. */
    private static boolean verify(byte[] buf, int off, int integrity, Mac mac, byte[] key) {
        try {
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA1"));
            int adjusted = integrity - off - HEADER + 4 + HMAC_LENGTH;
            mac.update(buf, off, 2);
            mac.update((byte) (adjusted >> 8));
            mac.update((byte) adjusted);
            mac.update(buf, off + 4, integrity - off - 4);
            byte[] expected = mac.doFinal();
            byte[] actual = java.util.Arrays.copyOfRange(buf, integrity + 4, integrity + 4 + HMAC_LENGTH);
            return MessageDigest.isEqual(expected, actual);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int u32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
