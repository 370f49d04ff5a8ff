package io.familymeeting.media.core.rtcp;

/** Hand-assembled RTCP packets, every field annotated (RFC 3550 has no byte-level examples). */
final class RtcpVectors {
    private RtcpVectors() {
    }

    static final String SR = """
            81 c8 00 0c   # V=2 P=0 RC=1 | PT=200 SR | length 12 -> 52 bytes
            12 34 56 78   # SSRC of sender
            e9 4a 7f 3c   # NTP timestamp, seconds
            80 00 00 00   # NTP timestamp, fraction (0.5 s)
            00 01 5f 90   # RTP timestamp 90000
            00 00 00 64   # sender's packet count 100
            00 01 86 a0   # sender's octet count 100000
            ca fe ba be   # block 1: SSRC of source
            0a            #   fraction lost 10/256
            ff ff fe      #   cumulative lost -2 (duplicates)
            00 01 00 05   #   extended highest seq: 1 cycle, seq 5
            00 00 00 20   #   jitter 32
            4a 7f 3c 80   #   LSR
            00 01 80 00   #   DLSR 1.5 s (98304 / 65536)
            """;

    static final String RR = """
            81 c9 00 07   # V=2 P=0 RC=1 | PT=201 RR | length 7 -> 32 bytes
            00 00 00 01   # SSRC of packet sender
            12 34 56 78   # block 1: SSRC of source
            00            #   fraction lost 0
            00 00 07      #   cumulative lost 7
            00 00 ff ff   #   extended highest seq 65535
            00 00 01 00   #   jitter 256
            00 00 00 00   #   LSR none
            00 00 00 00   #   DLSR none
            """;

    static final String SDES = """
            81 ca 00 03   # V=2 P=0 SC=1 | PT=202 SDES | length 3 -> 16 bytes
            12 34 56 78   # chunk 1: SSRC
            01 04 61 62   #   CNAME, 4 octets: "ab
            63 64 00 00   #   cd", END, pad to 32 bits
            """;

    static final String BYE = """
            81 cb 00 02   # V=2 P=0 SC=1 | PT=203 BYE | length 2 -> 12 bytes
            12 34 56 78   # SSRC
            03 62 79 65   # reason, 3 octets: "bye"
            """;

    static final String NACK = """
            81 cd 00 04   # V=2 P=0 FMT=1 | PT=205 RTPFB | length 4 -> 20 bytes
            00 00 00 01   # SSRC of packet sender
            ca fe ba be   # SSRC of media source
            ff fe 80 01   # PID 65534, BLP bit 0 (65535) and bit 15 (65534+16 = 14)
            00 14 00 00   # PID 20, BLP 0
            """;

    static final String PLI = """
            81 ce 00 02   # V=2 P=0 FMT=1 | PT=206 PSFB | length 2 -> 12 bytes
            00 00 00 01   # SSRC of packet sender
            ca fe ba be   # SSRC of media source
            """;

    static final String FIR = """
            84 ce 00 04   # V=2 P=0 FMT=4 | PT=206 PSFB | length 4 -> 20 bytes
            00 00 00 01   # SSRC of packet sender
            00 00 00 00   # SSRC of media source: unused (RFC 5104 §4.3.1.2)
            ca fe ba be   # FCI: SSRC of the media sender
            05 00 00 00   #      command seq nr 5, reserved
            """;

    static final String REMB = """
            8f ce 00 05   # V=2 P=0 FMT=15 | PT=206 PSFB (AFB) | length 5 -> 24 bytes
            00 00 00 01   # SSRC of packet sender
            00 00 00 00   # SSRC of media source: 0
            52 45 4d 42   # 'R' 'E' 'M' 'B'
            01 0b d0 90   # Num SSRC 1 | BR Exp 2 | BR Mantissa 250000 -> 1 000 000 bit/s
            ca fe ba be   # SSRC feedback
            """;

    /** Arrivals: 100 @641 000 µs, 101 lost, 102 @741 000, 103 @740 500, 104 @745 000. */
    static final String TCC = """
            8f cd 00 06   # V=2 P=0 FMT=15 | PT=205 RTPFB | length 6 -> 28 bytes
            00 00 00 01   # SSRC of packet sender
            ca fe ba be   # SSRC of media source
            00 64 00 05   # base sequence number 100 | packet status count 5
            00 00 0a 00   # reference time 10 (x 64 ms = 640 ms) | fb pkt count 0
            d2 90         # two-bit status vector: small, not received, large, large, small, -, -
            04            # recv delta +4 (x 250 us): 641 ms
            01 90         # recv delta +400: 741 ms
            ff fe         # recv delta -2: 740.5 ms
            12            # recv delta +18: 745 ms
            """;

    /** Arrivals: 7 @64 000 µs, 8 @64 250, 9 @64 500; feedback count 1. */
    static final String TCC_PADDED = """
            af cd 00 06   # V=2 P=1 FMT=15 | PT=205 RTPFB | length 6 -> 28 bytes
            00 00 00 01   # SSRC of packet sender
            ca fe ba be   # SSRC of media source
            00 07 00 03   # base sequence number 7 | packet status count 3
            00 00 01 01   # reference time 1 (64 ms) | fb pkt count 1
            20 03         # run length chunk: small delta x 3
            00 01 01      # recv deltas 0, +1, +1
            00 00 03      # RTCP padding, 3 octets
            """;
}
