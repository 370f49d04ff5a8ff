package io.familymeeting.media.core.h264;

/**
 * NAL unit and RTP payload type numbers (ITU-T H.264 Table 7-1, RFC 6184 §5.2) and the one
 * header helper everything here needs. Not a parser.
 */
public final class Nal {
    /** H.264 Table 7-1: coded slice of a non-IDR picture. */
    public static final int SLICE = 1;
    /** H.264 Table 7-1: coded slice of an IDR picture. */
    public static final int IDR = 5;
    /** H.264 Table 7-1: supplemental enhancement information. */
    public static final int SEI = 6;
    /** H.264 Table 7-1: sequence parameter set. */
    public static final int SPS = 7;
    /** H.264 Table 7-1: picture parameter set. */
    public static final int PPS = 8;
    /** H.264 Table 7-1: access unit delimiter. */
    public static final int AUD = 9;
    /** RFC 6184 §5.7.1: single-time aggregation packet A. */
    public static final int STAP_A = 24;
    /** RFC 6184 §5.7.1: single-time aggregation packet B (interleaved mode only). */
    public static final int STAP_B = 25;
    /** RFC 6184 §5.7.2: multi-time aggregation packets (interleaved mode only). */
    public static final int MTAP16 = 26;
    public static final int MTAP24 = 27;
    /** RFC 6184 §5.8: fragmentation unit A. */
    public static final int FU_A = 28;
    /** RFC 6184 §5.8: fragmentation unit B (interleaved mode only). */
    public static final int FU_B = 29;

    private Nal() {
    }

    /** nal_unit_type: the low five bits of the NAL header (H.264 §7.3.1). */
    public static int type(byte header) {
        return header & 0x1F;
    }
}
