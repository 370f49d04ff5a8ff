package io.familymeeting.loadtest.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The packets of a single-stream Ogg file (RFC 3533 §6): pages of a 27-byte header and a segment
 * table; a packet is the concatenation of segments up to one shorter than 255 bytes, and may span
 * pages. Checks the capture pattern only (no CRC): it reads the repository's own fixture.
 */
final class OggPackets {
    private OggPackets() {
    }

    static List<byte[]> read(byte[] ogg) {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int pos = 0;
        while (pos + 27 <= ogg.length) {
            if (ogg[pos] != 'O' || ogg[pos + 1] != 'g' || ogg[pos + 2] != 'g' || ogg[pos + 3] != 'S') {
                throw new IllegalArgumentException("no Ogg page at byte " + pos);
            }
            int segments = ogg[pos + 26] & 0xFF;
            int data = pos + 27 + segments;
            for (int i = 0; i < segments; i++) {
                int len = ogg[pos + 27 + i] & 0xFF;
                packet.write(ogg, data, len);
                data += len;
                if (len < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            pos = data;
        }
        return packets;
    }
}
