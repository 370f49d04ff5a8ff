package io.familymeeting.media.core.h264;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.testutil.FuzzChecks;
import io.familymeeting.media.core.testutil.Hex;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of a camera's H.264 stream on its way to viewers: the
 * {@code sprop-parameter-sets} of its SDP ({@link SpropParameterSets}, {@link H264Profile}),
 * then RTP payloads (RFC 6184 single NAL units, STAP-A, FU-A, and whatever else arrives) through
 * {@link H264Depacketizer} and {@link H264Repacketizer}.
 *
 * <p>Input: records of {@code flags(1) length(2) bytes}; the first record is the
 * sprop-parameter-sets text, each further one an RTP payload (flags: bit 0 marker, bit 1 next
 * timestamp, bits 2-3 sequence numbers skipped before it).
 *
 * <p>Invariants: nothing is thrown; each NAL unit handed out lies in its buffer, is 1 to
 * {@link H264Depacketizer#MAX_NAL_SIZE} bytes and is a plain NAL unit (types 1 to 23, F bit 0),
 * so the packetizer can send it on; packetizing one and depacketizing the packets gives it back;
 * the repacketizer's packets are valid RTP within the payload limit, with consecutive sequence
 * numbers, and carry only NAL units of the stream or its parameter sets.
 */
class H264DepacketizerFuzzTest {
    private static final int MAX_PAYLOAD = 64;

    static Stream<byte[]> streams() {
        byte[] sps = Hex.bytes("67 42 c0 1f da 05 07 ec 05 a8");
        byte[] pps = Hex.bytes("68 ce 3c 80");
        byte[] idr = new byte[300];
        idr[0] = 0x65;
        for (int i = 1; i < idr.length; i++) {
            idr[i] = (byte) (i * 7 + 1);
        }
        byte[] slice = Hex.bytes("41 9a 02 03 04 05");
        String sprop = "Z0LADdoFB+wFqDAwNSgAAAMACAAAAwHkeKFV,aM48gA==";
        List<byte[]> payloads = new ArrayList<>();
        H264Packetizer packetizer = new H264Packetizer(96, 1, MAX_PAYLOAD, 0);
        RtpSink collect = (b, off, len) -> payloads.add(Arrays.copyOfRange(b, off + 12, off + len));
        packetizer.aggregate(new byte[][] {sps, pps}, 0, collect);
        packetizer.packetize(idr, 0, idr.length, 0, true, collect);
        packetizer.packetize(slice, 0, slice.length, 3000, true, collect);
        ByteArrayOutputStream fragmented = records(sprop, payloads);
        ByteArrayOutputStream inBand = records("", List.of(sps, pps, Arrays.copyOf(idr, 40), slice));
        return Stream.of(fragmented.toByteArray(), inBand.toByteArray());
    }

    @MethodSource("streams")
    @FuzzTest
    void depacketizeAndRepacketize(byte[] input) {
        int firstLength = input.length >= 3 ? Math.min(u16(input, 1), input.length - 3) : 0;
        String sprop = new String(input, Math.min(3, input.length), firstLength, StandardCharsets.ISO_8859_1);
        List<byte[]> parameterSets = SpropParameterSets.parse(sprop);
        for (byte[] set : parameterSets) {
            int type = Nal.type(set[0]);
            FuzzChecks.check(set.length > 1 && (type == Nal.SPS || type == Nal.PPS), "not a parameter set");
            H264Profile.of(SpropParameterSets.profileLevelId(set));
        }
        int at = 3 + firstLength;

        List<byte[]> units = new ArrayList<>();
        H264Depacketizer depacketizer = new H264Depacketizer((b, off, len, ts, last) -> {
            FuzzChecks.inside(off, len, b.length, "NAL unit");
            FuzzChecks.check(len >= 1 && len <= H264Depacketizer.MAX_NAL_SIZE, "NAL unit of " + len + " bytes");
            int type = Nal.type(b[off]);
            FuzzChecks.check((b[off] & 0x80) == 0 && type >= 1 && type <= 23,
                    "handed out a NAL unit of type " + type + " (header " + (b[off] & 0xFF) + ")");
            units.add(Arrays.copyOfRange(b, off, off + len));
        });
        List<byte[]> expected = new ArrayList<>(parameterSets);
        RepacketizedStream out = new RepacketizedStream();
        H264Repacketizer repacketizer = new H264Repacketizer(new H264Packetizer(96, 0x1234, MAX_PAYLOAD, 65530),
                parameterSets);
        int seq = 100;
        long ts = 90000;
        while (at + 3 <= input.length) {
            int flags = input[at] & 0xFF;
            int len = Math.min(u16(input, at + 1), input.length - at - 3);
            int off = at + 3;
            at = off + len;
            seq = (seq + 1 + ((flags >> 2) & 3)) & 0xFFFF;
            if ((flags & 2) != 0) {
                ts += 3000;
            }
            // The repacketizer gets its own copy: its sink must not see bytes the depacketizer changed.
            byte[] payload = Arrays.copyOfRange(input, off, off + len);
            depacketizer.onPayload(seq, ts, (flags & 1) != 0, payload, 0, len);
            repacketizer.onPayload(seq, ts, (flags & 1) != 0, payload.clone(), 0, len, out);
        }
        for (byte[] unit : units) {
            roundTrip(unit);
            expected.add(unit);
        }
        for (byte[] unit : out.units) {
            FuzzChecks.check(expected.stream().anyMatch(e -> Arrays.equals(e, unit)),
                    "the repacketizer sent a NAL unit the stream did not carry: " + Hex.hex(unit, 0, unit.length));
        }
    }

    /** RFC 6184 packetization mode 1 and back gives the unit, with the marker on its last packet. */
    private static void roundTrip(byte[] unit) {
        List<byte[]> back = new ArrayList<>();
        boolean[] last = new boolean[1];
        H264Depacketizer d = new H264Depacketizer((b, off, len, ts, marker) -> {
            back.add(Arrays.copyOfRange(b, off, off + len));
            last[0] = marker;
        });
        RtpPacket view = new RtpPacket();
        new H264Packetizer(96, 1, MAX_PAYLOAD, 0).packetize(unit, 0, unit.length, 5, true, (b, off, len) -> {
            FuzzChecks.check(view.wrap(b, off, len), "the packetizer wrote invalid RTP");
            d.onPacket(view);
        });
        FuzzChecks.check(back.size() == 1 && Arrays.equals(unit, back.get(0)) && last[0],
                "packetize and depacketize changed the unit " + Hex.hex(unit, 0, unit.length));
    }

    /** The viewer's side of the repacketizer: checks each packet and depacketizes the stream. */
    private static final class RepacketizedStream implements RtpSink {
        final List<byte[]> units = new ArrayList<>();
        private final RtpPacket view = new RtpPacket();
        private final H264Depacketizer depacketizer = new H264Depacketizer(
                (b, off, len, ts, last) -> units.add(Arrays.copyOfRange(b, off, off + len)));
        private int nextSeq = 65530;

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            FuzzChecks.check(view.wrap(buf, off, len), "the repacketizer sent invalid RTP");
            FuzzChecks.check(view.payloadLength() <= MAX_PAYLOAD, "payload of " + view.payloadLength() + " bytes");
            FuzzChecks.same("sequence number", nextSeq, view.sequenceNumber());
            FuzzChecks.same("payload type", 96, view.payloadType());
            nextSeq = (nextSeq + 1) & 0xFFFF;
            depacketizer.onPacket(view);
        }
    }

    private static ByteArrayOutputStream records(String sprop, List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, 0, sprop.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < payloads.size(); i++) {
            record(out, i == payloads.size() - 1 ? 1 : 0, payloads.get(i));
        }
        return out;
    }

    private static void record(ByteArrayOutputStream out, int flags, byte[] bytes) {
        out.write(flags);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
