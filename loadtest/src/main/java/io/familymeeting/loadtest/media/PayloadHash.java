package io.familymeeting.loadtest.media;

/**
 * A 64-bit FNV-1a hash of a payload's first bytes and its length: how a viewer, after decrypting
 * one packet, finds the presenter's packet it carries. Payloads repeat once per fixture loop;
 * the caller tells loops apart by the RTP timestamp.
 */
public final class PayloadHash {
    /** Bytes hashed: enough to tell the fixture's packets apart. */
    private static final int PREFIX = 64;
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private PayloadHash() {
    }

    public static long of(byte[] b, int off, int len) {
        long h = OFFSET_BASIS ^ len;
        int end = off + Math.min(len, PREFIX);
        for (int i = off; i < end; i++) {
            h ^= b[i] & 0xFF;
            h *= PRIME;
        }
        return h;
    }
}
