package io.familymeeting.media.core.forward;

import io.familymeeting.media.core.rtp.RtpPacket;
import io.familymeeting.media.core.util.SeqNum;

/**
 * The packets of a video track since its last keyframe (a "GOP cache"), so that a viewer
 * who joins gets a decodable picture at once instead of waiting for the publisher's next
 * keyframe. Made for publishers that do not honour keyframe requests (RTSP cameras).
 *
 * <p>A new keyframe (a keyframe packet with a new timestamp) empties it. When the GOP grows
 * past {@link #capacity} packets or {@link #maxBytes}, the cache is dropped until the next
 * keyframe: a viewer then waits, as without a cache. {@link #replay} sends the cached
 * pictures with their timestamps pressed together just before the newest one
 * ({@link #REPLAY_SPACING} apart), so the viewer's jitter buffer decodes them at once and
 * shows the live picture instead of playing the old ones in real time.
 *
 * <p>Guarded by the owning {@link Producer}, which calls it under its own lock. Allocates
 * only at construction.
 */
public final class GopCache {
    /** RTP ticks (90 kHz) between replayed pictures: 1 ms. */
    static final int REPLAY_SPACING = 90;

    private final int capacity;
    private final int maxBytes;
    private final byte[][] packets;
    private final int[] lengths;
    private final byte[] scratch = new byte[Packets.MAX_PACKET_SIZE + Packets.SRTP_TRAILER_ROOM];
    private final RtpPacket view = new RtpPacket();
    private int count;
    private int bytes;
    private boolean valid;
    private long gopTimestamp = -1;

    public GopCache(int capacity, int maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.packets = new byte[capacity][];
        this.lengths = new int[capacity];
    }

    /** Remembers a forwarded packet; {@code keyframe} as the producer detected it. */
    void store(byte[] buf, int off, int len, long timestamp, boolean keyframe) {
        if (len > Packets.MAX_PACKET_SIZE) {
            return;
        }
        if (keyframe && timestamp != gopTimestamp) {
            count = 0;
            bytes = 0;
            valid = true;
            gopTimestamp = timestamp;
        }
        if (!valid) {
            return;
        }
        if (count == capacity || bytes + len > maxBytes) {
            valid = false;
            count = 0;
            bytes = 0;
            return;
        }
        byte[] slot = packets[count];
        if (slot == null) {
            slot = new byte[Packets.MAX_PACKET_SIZE];
            packets[count] = slot;
        }
        System.arraycopy(buf, off, slot, 0, len);
        lengths[count] = len;
        count++;
        bytes += len;
    }

    /** Packets held now. */
    public int size() {
        return valid ? count : 0;
    }

    /** Sends the cached GOP to one consumer, first packet flagged as the keyframe it waits for. */
    void replay(Producer from, Consumer to, long nowMillis) {
        if (!valid || count == 0) {
            return;
        }
        // Count pictures (distinct timestamps) to place them just before the newest one.
        int pictures = 0;
        long last = -1;
        long newest = 0;
        for (int i = 0; i < count; i++) {
            if (view.wrap(packets[i], 0, lengths[i]) && view.timestamp() != last) {
                pictures++;
                last = view.timestamp();
                newest = last;
            }
        }
        int picture = -1;
        last = -1;
        for (int i = 0; i < count; i++) {
            System.arraycopy(packets[i], 0, scratch, 0, lengths[i]);
            if (!view.wrap(scratch, 0, lengths[i])) {
                continue;
            }
            if (view.timestamp() != last) {
                picture++;
                last = view.timestamp();
            }
            long ts = SeqNum.tsAdd(newest, -(long) (pictures - 1 - picture) * REPLAY_SPACING);
            view.setTimestamp(ts & SeqNum.TS_MASK);
            to.forward(from, 0, scratch, 0, lengths[i], view.payloadType(), i == 0, nowMillis);
        }
    }
}
