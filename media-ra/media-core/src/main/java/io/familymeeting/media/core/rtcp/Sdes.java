package io.familymeeting.media.core.rtcp;

import static io.familymeeting.media.core.util.Bytes.put32;
import static io.familymeeting.media.core.util.Bytes.u32;

import java.nio.charset.StandardCharsets;

/**
 * Source description (SDES, PT 202), RFC 3550 §6.5 — only as much as an SFU needs: write a
 * packet with one chunk carrying a CNAME item (§6.5.1), and validate/skip received ones
 * (reading a chunk's CNAME is offered off the hot path; it allocates a String).
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * chunk: | SSRC/CSRC | items: type(8) length(8) text... | END (0) ... to 32-bit boundary |
 * </pre>
 */
public final class Sdes {

    /** RFC 3550 §6.5: item type 0 ends a chunk's item list. */
    public static final int END = 0;
    /** RFC 3550 §6.5.1. */
    public static final int CNAME = 1;

    private Sdes() {
    }

    /**
     * Writes an SDES packet with one chunk: {@code ssrc} and a CNAME item.
     *
     * @param cname CNAME text, UTF-8, at most 255 bytes
     * @return the packet length, or -1 when {@code dst} has no room
     */
    public static int write(byte[] dst, int off, long ssrc, byte[] cname) {
        if (cname.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        // chunk: SSRC, type, length, text, then 1..4 END octets to the word boundary
        int items = 2 + cname.length;
        int chunk = 4 + ((items + 4) & ~3);
        int total = Rtcp.HEADER_LENGTH + chunk;
        if (off < 0 || dst.length - off < total) {
            return -1;
        }
        Rtcp.writeHeader(dst, off, 1, Rtcp.PT_SDES, total);
        put32(dst, off + 4, ssrc);
        dst[off + 8] = CNAME;
        dst[off + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, dst, off + 10, cname.length);
        java.util.Arrays.fill(dst, off + 10 + cname.length, off + total, (byte) END);
        return total;
    }

    /** True when {@code buf[off..off+len)} starts with a structurally valid SDES packet. */
    public static boolean isValid(byte[] buf, int off, int len) {
        return locateCname(buf, off, len, -1) != -2;
    }

    /** Number of chunks (SC) of a valid SDES packet. */
    public static int chunkCount(byte[] buf, int off) {
        return Rtcp.countOrFmt(buf, off);
    }

    /** The CNAME of chunk {@code index}, or null when the packet is invalid or that chunk has none. */
    public static String cname(byte[] buf, int off, int len, int index) {
        int at = locateCname(buf, off, len, index);
        return at < 0 ? null : new String(buf, at + 2, buf[at + 1] & 0xFF, StandardCharsets.UTF_8);
    }

    /** SSRC of chunk {@code index}, or -1 when the packet is invalid or has fewer chunks. */
    public static long chunkSsrc(byte[] buf, int off, int len, int index) {
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_SDES, -1, Rtcp.HEADER_LENGTH);
        if (usable < 0 || locateCname(buf, off, len, -1) == -2 || index < 0 || index >= chunkCount(buf, off)) {
            return -1;
        }
        int p = off + Rtcp.HEADER_LENGTH;
        for (int c = 0; c < index; c++) {
            p = skipChunk(buf, p, off + usable);
        }
        return u32(buf, p);
    }

    /**
     * Walks every chunk; returns the offset of the CNAME item of chunk {@code wanted}
     * (-1 if none or wanted < 0) or -2 if the packet is malformed.
     */
    private static int locateCname(byte[] buf, int off, int len, int wanted) {
        int usable = Rtcp.check(buf, off, len, Rtcp.PT_SDES, -1, Rtcp.HEADER_LENGTH);
        if (usable < 0) {
            return -2;
        }
        int end = off + usable;
        int p = off + Rtcp.HEADER_LENGTH;
        int found = -1;
        for (int c = 0, n = chunkCount(buf, off); c < n; c++) {
            if (p + 4 > end) {
                return -2;
            }
            int q = p + 4;
            while (true) {
                if (q >= end) {
                    return -2;
                }
                int type = buf[q] & 0xFF;
                if (type == END) {
                    break;
                }
                if (q + 2 > end || q + 2 + (buf[q + 1] & 0xFF) > end) {
                    return -2;
                }
                if (type == CNAME && c == wanted && found < 0) {
                    found = q;
                }
                q += 2 + (buf[q + 1] & 0xFF);
            }
            // END octet(s) up to the next 32-bit boundary (relative to the packet start)
            int next = off + (((q - off) + 4) & ~3);
            if (next > end) {
                return -2;
            }
            p = next;
        }
        return found;
    }

    /** Offset after the chunk at {@code p} of an already validated packet. */
    private static int skipChunk(byte[] buf, int p, int end) {
        int q = p + 4;
        while (q < end && buf[q] != END) {
            q += 2 + (buf[q + 1] & 0xFF);
        }
        return p + (((q - p) + 4) & ~3);
    }
}
