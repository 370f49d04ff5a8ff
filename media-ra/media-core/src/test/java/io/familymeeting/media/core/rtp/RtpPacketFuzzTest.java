package io.familymeeting.media.core.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the RTP view and what reads RTP in place: {@link RtpPacket}
 * (header, CSRCs, RFC 8285 extensions, padding), {@link Keyframes} for every codec, {@link Rtx}.
 * The datagram is given in an array of exactly its size, so any read past it throws. Invariants:
 * a packet that wraps has header + payload + padding = its length; the same bytes at another
 * offset give the same view; every extension element found lies in the extension block; Rtx
 * wrap then unwrap gives the packet back (without padding); remapping extension ids keeps the
 * packet valid with the same header and payload, and the identity map changes nothing.
 */
class RtpPacketFuzzTest {
    private static final int SHIFT = 5;
    private static final byte[] IDENTITY = new byte[256];

    static {
        for (int i = 0; i < IDENTITY.length; i++) {
            IDENTITY[i] = (byte) i;
        }
    }

    static Stream<byte[]> packets() {
        return Stream.of(RtpPacketTest.ONE_BYTE, RtpPacketTest.TWO_BYTE).map(Hex::bytes);
    }

    @MethodSource("packets")
    @FuzzTest
    void viewRtxAndRemap(byte[] datagram) {
        RtpPacket p = new RtpPacket();
        int len = datagram.length;
        if (!p.wrap(datagram, 0, len)) {
            byte[] shifted = shifted(datagram);
            FuzzChecks.check(!new RtpPacket().wrap(shifted, SHIFT, len), "valid only at another offset");
            return;
        }
        int header = p.headerLength();
        FuzzChecks.check(header >= RtpPacket.FIXED_HEADER_LENGTH + 4 * p.csrcCount(), "header shorter than its CSRCs");
        FuzzChecks.same("header + payload + padding", len, header + p.payloadLength() + p.paddingLength());
        FuzzChecks.check(p.payloadLength() >= 0 && p.payloadOffset() == header, "payload bounds");
        for (int i = 0; i < p.csrcCount(); i++) {
            p.csrc(i);
        }
        checkExtensions(p);
        sameAtAnotherOffset(p, datagram);
        for (VideoCodec codec : VideoCodec.values()) {
            Keyframes.isKeyframe(codec, p);
        }
        rtxRoundTrip(p, datagram);
        remap(datagram, header, p.payloadLength());
    }

    /** Every element found lies inside the extension block; ids outside the form's range are never found. */
    private static void checkExtensions(RtpPacket p) {
        int blockStart = RtpPacket.FIXED_HEADER_LENGTH + 4 * p.csrcCount() + 4;
        for (int id = 0; id < 256; id++) {
            int at = p.findExtension(id);
            int n = p.extensionLength(id);
            FuzzChecks.same("found and length of extension " + id, at < 0, n < 0);
            if (at < 0) {
                continue;
            }
            FuzzChecks.check(p.hasExtension() && id > 0, "extension " + id + " found without an extension block");
            FuzzChecks.check(at >= blockStart && at + n <= p.headerLength(), "extension " + id + " outside its block");
            if (p.extensionProfile() == RtpPacket.ONE_BYTE_PROFILE) {
                FuzzChecks.check(id <= RtpPacket.ONE_BYTE_MAX_ID && n >= 1 && n <= 16, "one-byte element " + id);
            }
        }
    }

    private static void sameAtAnotherOffset(RtpPacket p, byte[] datagram) {
        RtpPacket q = new RtpPacket();
        FuzzChecks.check(q.wrap(shifted(datagram), SHIFT, datagram.length), "invalid at another offset");
        FuzzChecks.same("header at another offset", p.headerLength(), q.headerLength());
        FuzzChecks.same("payload at another offset", p.payloadLength(), q.payloadLength());
        FuzzChecks.same("payload offset at another offset", p.payloadOffset() + SHIFT, q.payloadOffset());
        for (int id = 1; id < 256; id++) {
            int at = p.findExtension(id);
            FuzzChecks.same("extension " + id + " at another offset", at < 0 ? -1 : at + SHIFT, q.findExtension(id));
        }
    }

    /** RFC 4588: wrap into RTX and back gives the original header (P cleared) and payload. */
    private static void rtxRoundTrip(RtpPacket p, byte[] datagram) {
        int header = p.headerLength();
        int payload = p.payloadLength();
        byte[] rtx = new byte[header + Rtx.OSN_LENGTH + payload];
        int n = Rtx.wrap(p, rtx, 0, 97, 0xABCDEF01L, 4321);
        FuzzChecks.same("RTX length", rtx.length, n);
        RtpPacket r = new RtpPacket();
        FuzzChecks.check(r.wrap(rtx, 0, n), "the RTX packet is not valid RTP");
        FuzzChecks.same("OSN", p.sequenceNumber(), Rtx.originalSequenceNumber(r));
        FuzzChecks.same("RTX SSRC", 0xABCDEF01L, r.ssrc());
        byte[] back = new byte[header + payload];
        FuzzChecks.same("unwrapped length", back.length, Rtx.unwrap(r, back, 0, p.payloadType(), p.ssrc()));
        byte[] expected = Arrays.copyOf(datagram, header + payload);
        expected[0] &= ~0x20;
        System.arraycopy(datagram, header, expected, header, payload);
        FuzzChecks.check(Arrays.equals(expected, back), "RTX round trip changed the packet");
    }

    /** Remapping keeps the packet valid: same header length, payload and fixed header, elements in bounds. */
    private static void remap(byte[] datagram, int header, int payload) {
        byte[] copy = datagram.clone();
        RtpPacket p = new RtpPacket();
        p.wrap(copy, 0, copy.length);
        FuzzChecks.same("elements removed by the identity map", 0, p.remapExtensionIds(IDENTITY));
        FuzzChecks.check(Arrays.equals(datagram, copy), "the identity map changed the packet");

        byte[] idMap = new byte[256];
        for (int i = 0; i < idMap.length; i++) {
            idMap[i] = datagram[(i * 31) % datagram.length];
        }
        p.remapExtensionIds(idMap);
        FuzzChecks.check(p.wrap(copy, 0, copy.length), "remapping made the packet invalid");
        FuzzChecks.same("header length after remapping", header, p.headerLength());
        int block = p.hasExtension() ? RtpPacket.FIXED_HEADER_LENGTH + 4 * p.csrcCount() + 4 : header;
        FuzzChecks.check(Arrays.equals(datagram, 0, block, copy, 0, block), "remapping changed the fixed header");
        FuzzChecks.check(Arrays.equals(datagram, header, header + payload, copy, header, header + payload),
                "remapping changed the payload");
        checkExtensions(p);
    }

    private static byte[] shifted(byte[] datagram) {
        byte[] b = new byte[datagram.length + 2 * SHIFT];
        Arrays.fill(b, (byte) 0xA5);
        System.arraycopy(datagram, 0, b, SHIFT, datagram.length);
        return b;
    }
}
