package io.familymeeting.media.api;

import java.util.List;

/**
 * The media engine's own state, for health checks and the console.
 *
 * @param running            the engine is started and not closed
 * @param mediaPortBound     the shared UDP media socket is open
 * @param mediaPort          the UDP port every participant uses
 * @param advertisedAddresses the addresses put into answers as host candidates
 * @param threadsAlive       every engine thread is alive
 * @param rooms              rooms with at least one participant
 * @param participants       participants over all rooms
 * @param droppedPackets     packets dropped as garbage, unknown or undecryptable, and outgoing ones
 *                           a full send queue refused (EXPERIMENT_RTP_SEP_RW): {@code drops.total()}
 * @param drops              the same by cause, since the engine started (departed participants included)
 * @param delivery           the event delivery to the signaling beans (filled in by the resource
 *                           adapter; {@link DeliveryCounts#NONE} from the engine itself)
 */
public record EngineSnapshot(boolean running, boolean mediaPortBound, int mediaPort,
                             List<String> advertisedAddresses, boolean threadsAlive,
                             int rooms, int participants, long droppedPackets, DropCounts drops,
                             DeliveryCounts delivery)
        implements java.io.Serializable {
    public EngineSnapshot {
        advertisedAddresses = List.copyOf(advertisedAddresses);
        drops = drops == null ? DropCounts.NONE : drops;
        delivery = delivery == null ? DeliveryCounts.NONE : delivery;
    }

    /** The engine's own view, before the resource adapter adds its delivery counts. */
    public EngineSnapshot(boolean running, boolean mediaPortBound, int mediaPort, List<String> advertisedAddresses,
                          boolean threadsAlive, int rooms, int participants, long droppedPackets, DropCounts drops) {
        this(running, mediaPortBound, mediaPort, advertisedAddresses, threadsAlive, rooms, participants,
                droppedPackets, drops, DeliveryCounts.NONE);
    }

    /** Without counts by cause. */
    public EngineSnapshot(boolean running, boolean mediaPortBound, int mediaPort, List<String> advertisedAddresses,
                          boolean threadsAlive, int rooms, int participants, long droppedPackets) {
        this(running, mediaPortBound, mediaPort, advertisedAddresses, threadsAlive, rooms, participants,
                droppedPackets, DropCounts.NONE, DeliveryCounts.NONE);
    }

    /** This snapshot with the resource adapter's delivery counts. */
    public EngineSnapshot withDelivery(DeliveryCounts counts) {
        return new EngineSnapshot(running, mediaPortBound, mediaPort, advertisedAddresses, threadsAlive, rooms,
                participants, droppedPackets, drops, counts);
    }
}
