package io.familymeeting.loadtest.net;

import static io.familymeeting.media.core.util.Bytes.put16;
import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u16;
import static io.familymeeting.media.core.util.Bytes.u32;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of ICE connectivity checks on the wire (RFC 8445 §7, RFC 5389): writes Binding
 * requests (USERNAME, PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED, optional USE-CANDIDATE) and
 * Binding success responses (XOR-MAPPED-ADDRESS), both with MESSAGE-INTEGRITY and FINGERPRINT,
 * and reads the type, transaction id and USE-CANDIDATE of what arrives. One instance per
 * thread (it keeps a {@link Mac} and scratch space); it does not verify the integrity of what it
 * reads (the load generator talks only to the server it signaled with over loopback).
 */
public final class Stun {
    /** RFC 5389 §6: message types and the magic cookie. */
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER = 20;
    /** RFC 5389 §15 / RFC 8445 §16.1: attribute types. */
    private static final int XOR_MAPPED_ADDRESS = 0x0020;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int FINGERPRINT = 0x8028;
    private static final int PRIORITY = 0x0024;
    private static final int USE_CANDIDATE = 0x0025;
    private static final int ICE_CONTROLLED = 0x8029;
    private static final int ICE_CONTROLLING = 0x802A;
    /** RFC 5389 §15.5: FINGERPRINT is the CRC-32 XOR this. */
    private static final long FINGERPRINT_XOR = 0x5354554EL;
    /** RFC 8445 §5.1.2.1: host candidate, local preference 65535, component 1. */
    public static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255;

    private final Mac mac;
    private final CRC32 crc = new CRC32();

    public Stun() {
        try {
            mac = Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the datagram looks like STUN (RFC 7983 §7: first byte 0..3, magic cookie). */
    public static boolean isStun(byte[] b, int len) {
        return len >= HEADER && (b[0] & 0xC0) == 0 && u32(b, 4) == (MAGIC_COOKIE & 0xFFFFFFFFL);
    }

    public static int type(byte[] b) {
        return u16(b, 0);
    }

    /** True when the message carries USE-CANDIDATE. */
    public static boolean hasUseCandidate(byte[] b, int len) {
        int end = Math.min(len, HEADER + u16(b, 2));
        for (int p = HEADER; p + 4 <= end; ) {
            int t = u16(b, p);
            int l = u16(b, p + 2);
            if (t == USE_CANDIDATE) {
                return true;
            }
            p += 4 + ((l + 3) & ~3);
        }
        return false;
    }

    /**
     * Writes a Binding request into {@code out} (at least 200 bytes).
     *
     * @param username   "remoteUfrag:localUfrag" (RFC 8445 §7.2.2)
     * @param remotePwd  the receiver's ice-pwd (keys MESSAGE-INTEGRITY)
     * @return the length
     */
    public int request(byte[] out, byte[] transactionId, String username, byte[] remotePwd,
                       boolean controlling, long tieBreaker, boolean useCandidate) {
        writeHeader(out, BINDING_REQUEST, transactionId);
        int p = HEADER;
        p = attribute(out, p, USERNAME, username.getBytes(StandardCharsets.UTF_8));
        p = u32Attribute(out, p, PRIORITY, HOST_PRIORITY);
        put16(out, p, controlling ? ICE_CONTROLLING : ICE_CONTROLLED);
        put16(out, p + 2, 8);
        put32(out, p + 4, tieBreaker >>> 32);
        put32(out, p + 8, tieBreaker & 0xFFFFFFFFL);
        p += 12;
        if (useCandidate) {
            put16(out, p, USE_CANDIDATE);
            put16(out, p + 2, 0);
            p += 4;
        }
        return finish(out, p, remotePwd);
    }

    /** Writes the success response to the request in {@code request}, for a check from {@code from}. */
    public int success(byte[] out, byte[] request, InetSocketAddress from, byte[] localPwd) {
        writeHeader(out, BINDING_SUCCESS, null);
        System.arraycopy(request, 8, out, 8, 12);
        int p = HEADER;
        byte[] ip = from.getAddress().getAddress();
        put16(out, p, XOR_MAPPED_ADDRESS);
        put16(out, p + 2, 4 + ip.length);
        out[p + 4] = 0;
        out[p + 5] = (byte) (from.getAddress() instanceof Inet4Address ? 1 : 2);
        put16(out, p + 6, from.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            out[p + 8 + i] = (byte) (ip[i] ^ out[4 + i]); // cookie, then transaction id (RFC 5389 §15.2)
        }
        p += 8 + ip.length;
        return finish(out, p, localPwd);
    }

    /** Appends MESSAGE-INTEGRITY (RFC 5389 §15.4) and FINGERPRINT (§15.5). */
    private int finish(byte[] out, int p, byte[] key) {
        put16(out, 2, p - HEADER + 24);
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        mac.update(out, 0, p);
        put16(out, p, MESSAGE_INTEGRITY);
        put16(out, p + 2, 20);
        try {
            mac.doFinal(out, p + 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        p += 24;
        put16(out, 2, p - HEADER + 8);
        crc.reset();
        crc.update(out, 0, p);
        put16(out, p, FINGERPRINT);
        put16(out, p + 2, 4);
        put32(out, p + 4, crc.getValue() ^ FINGERPRINT_XOR);
        return p + 8;
    }

    private static void writeHeader(byte[] out, int type, byte[] transactionId) {
        put16(out, 0, type);
        put16(out, 2, 0);
        put32(out, 4, MAGIC_COOKIE & 0xFFFFFFFFL);
        if (transactionId != null) {
            System.arraycopy(transactionId, 0, out, 8, 12);
        }
    }

    private static int attribute(byte[] out, int p, int type, byte[] value) {
        put16(out, p, type);
        put16(out, p + 2, value.length);
        System.arraycopy(value, 0, out, p + 4, value.length);
        int padded = (value.length + 3) & ~3;
        for (int i = value.length; i < padded; i++) {
            out[p + 4 + i] = 0;
        }
        return p + 4 + padded;
    }

    private static int u32Attribute(byte[] out, int p, int type, long value) {
        put16(out, p, type);
        put16(out, p + 2, 4);
        put32(out, p + 4, value);
        return p + 8;
    }

}
