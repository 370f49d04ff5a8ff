package io.familymeeting.signaling.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets that prove who holds a document on the embedded store: a participant key
 * (given once in the join answer) and a room key (given once to a room's creator). A key
 * is 32 random bytes, base64url; the document keeps only its SHA-256 ({@code keyHash}),
 * compared in constant time. Not who may do what ({@link RoomAccess}).
 */
final class HolderKeys {
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private HolderKeys() {
    }

    static String newKey() {
        byte[] b = new byte[KEY_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Hex SHA-256 of the key's text. */
    static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** True when {@code key} is the one whose hash the document keeps ({@code storedHash}, a String). */
    static boolean matches(String key, Object storedHash) {
        if (key == null || key.isEmpty() || !(storedHash instanceof String stored) || stored.isEmpty()) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
