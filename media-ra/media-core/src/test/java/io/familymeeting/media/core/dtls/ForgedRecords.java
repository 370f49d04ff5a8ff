package io.familymeeting.media.core.dtls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Forged DTLS datagrams, drawn at random (seeded, so a failure can be replayed), as someone who
 * can put datagrams on a participant's path but holds no keys would send them: the short record
 * of issue 13, epoch-0 fatal alerts, foreign epochs, versions and content types, truncated and
 * multi-record datagrams, oversized handshake fragments, and well-formed protected records whose
 * MAC cannot verify. Each says whether it cannot be genuine, i.e. whether {@link DtlsRecordFilter}
 * must refuse it, once an AES-GCM association is up and during a handshake. Written without the
 * filter's code, from RFC 6347 §4.1 and RFC 5288 §3.
 */
public final class ForgedRecords {
    /** A datagram and whether it is impossible after an AES-GCM handshake / during a handshake. */
    public record Forgery(String kind, byte[] datagram, boolean impossibleAfterHandshake,
                          boolean impossibleDuringHandshake) {
    }

    private static final int KINDS = 13;

    private ForgedRecords() {
    }

    /** The 14-byte record of issue 13: application data, epoch 1, a 1-byte body. */
    public static byte[] issue13ShortRecord() {
        return record(23, 0xFEFD, 1, 9, new byte[] {42});
    }

    public static Forgery next(Random r) {
        return switch (r.nextInt(KINDS)) {
            case 0 -> {
                int body = r.nextInt(24);                  // GCM needs an 8-byte nonce + 16-byte tag
                yield new Forgery("short protected record", record(23, 0xFEFD, 1, r.nextInt(1 << 20), bytes(r, body)),
                        true, body < 16);
            }
            case 1 -> new Forgery("epoch-0 fatal alert", record(21, 0xFEFD, 0, r.nextInt(100),
                    new byte[] {2, (byte) r.nextInt(256)}), true, false);
            case 2 -> new Forgery("foreign epoch", record(20 + r.nextInt(4), 0xFEFD, 2 + r.nextInt(65534),
                    r.nextInt(100), bytes(r, 24 + r.nextInt(100))), true, true);
            case 3 -> {
                int[] versions = {0x0303, 0xFEFC, 0x0000, 0xFFFF, 0x0301};
                yield new Forgery("foreign version", record(23, versions[r.nextInt(versions.length)], 1,
                        r.nextInt(100), bytes(r, 24 + r.nextInt(100))), true, true);
            }
            case 4 -> new Forgery("foreign content type", record(24 + r.nextInt(40), 0xFEFD, 1, r.nextInt(100),
                    bytes(r, 24 + r.nextInt(100))), true, true);
            case 5 -> {
                byte[] whole = record(23, 0xFEFD, 1, r.nextInt(100), bytes(r, 40 + r.nextInt(200)));
                yield new Forgery("truncated record", Arrays.copyOf(whole, 13 + r.nextInt(whole.length - 13)),
                        true, true);
            }
            case 6 -> new Forgery("good-looking and short record in one datagram", concat(
                    record(23, 0xFEFD, 1, r.nextInt(100), bytes(r, 24 + r.nextInt(100))),
                    record(23, 0xFEFD, 1, r.nextInt(100), bytes(r, r.nextInt(16)))), true, true);
            case 7 -> {
                // A certificate fragment of a 16 MiB message: BouncyCastle would allocate all of it.
                byte[] fragment = bytes(r, 12 + 100);
                fragment[0] = 11;
                put24(fragment, 1, 0x100000 + r.nextInt(0xEFFFFF));
                fragment[4] = (byte) 0x7F;                 // message_seq far ahead
                put24(fragment, 6, 0);
                put24(fragment, 9, 100);
                yield new Forgery("oversized handshake message", record(22, 0xFEFD, 0, r.nextInt(100), fragment),
                        true, true);
            }
            case 8 -> new Forgery("protected record with a bad MAC", record(23, 0xFEFD, 1, 1000 + r.nextInt(1 << 20),
                    bytes(r, 24 + r.nextInt(300))), false, false);
            case 9 -> new Forgery("epoch-0 application data", record(23, 0xFEFD, 0, r.nextInt(100),
                    bytes(r, 1 + r.nextInt(100))), true, true);
            case 10 -> new Forgery("change_cipher_spec in epoch 1", record(20, 0xFEFD, 1, r.nextInt(100),
                    bytes(r, 24 + r.nextInt(10))), true, true);
            case 11 -> {
                byte[] b = bytes(r, 13 + r.nextInt(300));
                b[0] = (byte) (20 + r.nextInt(44));        // RFC 7983: 20..63 is DTLS
                yield new Forgery("random bytes", b, false, false);
            }
            default -> new Forgery("many tiny records", repeat(record(21, 0xFEFD, 1, r.nextInt(100), bytes(r, 2)),
                    1 + r.nextInt(50)), true, true);
        };
    }

    /** One record: the 13-byte header of RFC 6347 §4.1, then the body. */
    static byte[] record(int type, int version, int epoch, long seq, byte[] body) {
        byte[] b = new byte[13 + body.length];
        b[0] = (byte) type;
        b[1] = (byte) (version >> 8);
        b[2] = (byte) version;
        b[3] = (byte) (epoch >> 8);
        b[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            b[5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
        b[11] = (byte) (body.length >> 8);
        b[12] = (byte) body.length;
        System.arraycopy(body, 0, b, 13, body.length);
        return b;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 16);
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) v;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] repeat(byte[] a, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }
}
