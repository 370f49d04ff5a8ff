package io.familymeeting.media.core.rtcp;

/**
 * Constants of transport-wide congestion control feedback,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, used by the writer
 * ({@link TransportCcBuilder}) and the tests' decoder of what it writes.
 * <pre>
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |  packet chunk (16) ...  |  recv delta (8 or 16) ...  | zero padding to 32 bits |
 * </pre>
 */
public final class TransportCc {

    /** Feedback header + base seq + status count + reference time + fb pkt count. */
    public static final int FIXED_LENGTH = 20;

    /** §3.1.1 symbols: packet not received. */
    public static final int NOT_RECEIVED = 0;
    /** §3.1.1: received, small delta (1 byte, 0..255 × 250 µs). */
    public static final int SMALL_DELTA = 1;
    /** §3.1.1: received, large or negative delta (2 bytes, signed, × 250 µs). */
    public static final int LARGE_DELTA = 2;
    /** §3.1.1: reserved symbol; a packet using it is invalid. */
    public static final int RESERVED = 3;

    /** §3.1: reference time unit, 64 ms, in microseconds. */
    public static final long REFERENCE_TIME_UNIT_US = 64_000;
    /** §3.1.5: receive delta unit, 250 µs. */
    public static final long DELTA_UNIT_US = 250;
    /** §3.1.3: the run length field is 13 bits. */
    public static final int MAX_RUN_LENGTH = 0x1FFF;
    /** §3.1.4: a one-bit status vector holds 14 symbols, a two-bit one 7. */
    public static final int ONE_BIT_VECTOR_CAPACITY = 14;
    public static final int TWO_BIT_VECTOR_CAPACITY = 7;

    private TransportCc() {
    }
}
