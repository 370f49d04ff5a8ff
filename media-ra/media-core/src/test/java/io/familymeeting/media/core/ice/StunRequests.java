package io.familymeeting.media.core.ice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test helper: ICE connectivity checks as a browser sends them (RFC 8445 §7.1.1, RFC 5389 §15),
 * built byte by byte: a Binding request with USERNAME, PRIORITY, ICE-CONTROLLING, optional
 * USE-CANDIDATE, MESSAGE-INTEGRITY (HMAC-SHA1 with the receiver's password) and FINGERPRINT.
 * Public for the engine tests that speak STUN from plain sockets.
 */
public final class StunRequests {
    private StunRequests() {
    }

    /** A Binding request from the controlling agent; {@code password} keys MESSAGE-INTEGRITY. */
    public static byte[] bindingRequest(String username, String password, byte[] transactionId, boolean useCandidate) {
        ByteArrayOutputStream attributes = new ByteArrayOutputStream();
        attribute(attributes, 0x0006, username.getBytes(StandardCharsets.UTF_8));      // USERNAME
        attribute(attributes, 0x0024, new byte[] {0x6e, 0x7f, 0x1e, (byte) 0xff});     // PRIORITY
        attribute(attributes, 0x802A, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});            // ICE-CONTROLLING
        if (useCandidate) {
            attribute(attributes, 0x0025, new byte[0]);                                // USE-CANDIDATE
        }
        byte[] body = attributes.toByteArray();
        // MESSAGE-INTEGRITY over the header (length up to and including it) and the attributes.
        byte[] withIntegrity = message(transactionId, body, 24);
        byte[] hmac = hmacSha1(password.getBytes(StandardCharsets.US_ASCII), withIntegrity, withIntegrity.length - 24);
        System.arraycopy(new byte[] {0x00, 0x08, 0x00, 0x14}, 0, withIntegrity, withIntegrity.length - 24, 4);
        System.arraycopy(hmac, 0, withIntegrity, withIntegrity.length - 20, 20);
        // FINGERPRINT (RFC 5389 §15.5): CRC-32 of everything before it, XOR 0x5354554e.
        byte[] done = new byte[withIntegrity.length + 8];
        System.arraycopy(withIntegrity, 0, done, 0, withIntegrity.length);
        int length = done.length - 20;
        done[2] = (byte) (length >> 8);
        done[3] = (byte) length;
        CRC32 crc = new CRC32();
        crc.update(done, 0, withIntegrity.length);
        int fingerprint = (int) crc.getValue() ^ 0x5354554e;
        System.arraycopy(new byte[] {(byte) 0x80, 0x28, 0x00, 0x04, (byte) (fingerprint >>> 24),
                (byte) (fingerprint >>> 16), (byte) (fingerprint >>> 8), (byte) fingerprint}, 0, done, withIntegrity.length, 8);
        return done;
    }

    /** The STUN message type of a datagram (0x0001 request, 0x0101 success), or -1 if it is not STUN. */
    public static int messageType(byte[] buf, int len) {
        if (len < 20 || (buf[0] & 0xC0) != 0 || buf[4] != 0x21 || buf[5] != 0x12 || (buf[6] & 0xFF) != 0xA4
                || buf[7] != 0x42) {
            return -1;
        }
        return ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
    }

    /** Header (Binding request, length covering {@code body} plus {@code extra}) + body + extra zero bytes. */
    private static byte[] message(byte[] transactionId, byte[] body, int extra) {
        byte[] m = new byte[20 + body.length + extra];
        m[0] = 0x00;
        m[1] = 0x01;
        int length = body.length + extra;
        m[2] = (byte) (length >> 8);
        m[3] = (byte) length;
        m[4] = 0x21;
        m[5] = 0x12;
        m[6] = (byte) 0xA4;
        m[7] = 0x42;
        System.arraycopy(transactionId, 0, m, 8, 12);
        System.arraycopy(body, 0, m, 20, body.length);
        return m;
    }

    private static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type >> 8);
        out.write(type);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
        for (int i = value.length; i % 4 != 0; i++) {
            out.write(0);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
